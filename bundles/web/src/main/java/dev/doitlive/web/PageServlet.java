package dev.doitlive.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The page and its files: {@code /} is {@code static/index.html}, {@code /static/...} the bundle's {@code static/}
 * folder (the page's script and style, and CodeMirror's files under {@code cm/}). Opened with the token in the
 * address, it sends the browser on to {@code /}: the cookie carries the token from then on, and the address bar no
 * longer shows it.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=" + StageContext.SELECT})
public class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8", "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");

    private transient BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? request.getServletPath() : request.getServletPath() + request.getPathInfo();
        if (path.isEmpty() || path.equals("/")) {
            if (Query.param(request, Gate.PARAMETER) != null) {
                response.sendRedirect("/");
                return;
            }
            path = "/static/index.html";
        }
        if (!path.startsWith("/static/") || path.contains("..")) {
            notFound(response, path);
            return;
        }
        URL file = context.getBundle().getEntry(path.substring(1));
        if (file == null || path.endsWith("/")) {
            notFound(response, path);
            return;
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        response.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
        // The page changes with the runtime's version only; its files are small: no caching keeps a stale page away.
        response.setHeader("Cache-Control", "no-cache");
        try (InputStream in = file.openStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    private static void notFound(HttpServletResponse response, String path) throws IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().println("doitlive: no such page: " + path);
    }
}
