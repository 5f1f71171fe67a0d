package dev.doitlive.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/do/ACTION}: what the page's buttons and knobs do, each the {@code live:} command of the same name
 * (see {@link Action}), with its arguments as form parameters; the answer is {@code {"ok":..,"message":".."}}, the
 * line the shell would print. {@code GET /api/snapshot}: the state once, as the event stream sends it.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/do/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/snapshot",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=" + StageContext.SELECT})
public class ActionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference
    private transient ShellCalls shell;
    @Reference
    private transient Snapshot snapshot;
    @Reference
    private transient Feed feed;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/api/snapshot".equals(request.getServletPath())) {
            answer(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, false, "an action is a POST: " + Action.list());
            return;
        }
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().print(snapshot.whole());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        Action action = Action.named(name);
        if (action == null) {
            answer(response, HttpServletResponse.SC_NOT_FOUND, false, "no action '" + name + "'; there are: " + Action.list());
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        try {
            for (String p : action.required) {
                form.put(p, request.getParameter(p));
            }
            for (String p : action.optional) {
                form.put(p, request.getParameter(p));
            }
        } catch (RuntimeException e) {
            // Jetty's limits (200 kB, 1000 fields) and a form that does not decode: one line, not its error page.
            answer(response, HttpServletResponse.SC_BAD_REQUEST, false, name + ": the form cannot be read: "
                    + ShellCalls.message(e).replaceAll("^\\d{3}: ", ""));
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        String missing = null;
        for (String p : action.required) {
            String v = form.get(p);
            if (v == null) {
                missing = missing == null ? p : missing + ", " + p;
            }
            values.put(p, v);
        }
        if (missing != null) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, false, name + ": missing " + missing + " (give "
                    + String.join(", ", action.required) + ")");
            return;
        }
        for (String p : action.optional) {
            String v = form.get(p);
            if (v != null && !v.isEmpty()) {
                values.put(p, v);
            }
        }
        try {
            String said = shell.run(action.command(values), values);
            if (action != Action.SET) {
                feed.say("web: " + name + " " + String.join(" ", values.values()) + ": " + said.lines().findFirst().orElse("done"));
            }
            answer(response, HttpServletResponse.SC_OK, true, said);
        } catch (ShellCalls.Refused | IllegalArgumentException e) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, false, e.getMessage());
        }
    }

    private static void answer(HttpServletResponse response, int status, boolean ok, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.getWriter().print(Json.answer(ok, message));
    }
}
