package dev.doitlive.web;

import java.io.IOException;
import java.net.URL;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The page's own servlet context at {@code /}: every request to it passes the {@link Gate} first, static files
 * included. The token is the framework property {@value #TOKEN_PROPERTY} (the launcher makes one at each start and
 * prints it in the banner); without one, a token is made here and printed.
 */
@Component(service = ServletContextHelper.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + StageContext.NAME,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_PATH + "=/"})
public class StageContext extends ServletContextHelper {
    static final String NAME = "doitlive";
    /** How the page's servlets pick this context. */
    static final String SELECT = "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + NAME + ")";
    static final String TOKEN_PROPERTY = "doitlive.web.token";

    private Bundle bundle;
    private Gate gate;
    private String token;

    @Activate
    void activate(BundleContext context) {
        bundle = context.getBundle();
        token = context.getProperty(TOKEN_PROPERTY);
        if (token == null || token.isBlank()) {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            token = HexFormat.of().formatHex(random);
            System.err.println("doitlive: web: no " + TOKEN_PROPERTY + " given; this start's token is " + token);
        }
        gate = new Gate(token);
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String cookie = Gate.cookie(request.getLocalPort());
        Gate.Verdict v = gate.check(request.getMethod(), Query.param(request, Gate.PARAMETER), cookie(request, cookie),
                request.getHeader("Origin"), request.getHeader("Host"));
        if (v.refusal != null) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().println("doitlive: " + v.refusal);
            return false;
        }
        if (v == Gate.Verdict.PASS_SET_COOKIE) {
            // HttpOnly: the page's scripts never read it; SameSite=Strict: no other site's page sends it.
            response.addHeader("Set-Cookie", cookie + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        return true;
    }

    @Override
    public URL getResource(String name) {
        return bundle.getEntry(name.startsWith("/") ? name.substring(1) : name);
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (name.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }
}
