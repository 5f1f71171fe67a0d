package dev.doitlive.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A parameter of the address's query only. {@code getParameter} would also read a form body, and so eat the body of
 * a save sent as a form: the gate and the save read the query, the actions their form.
 */
final class Query {
    private Query() {
    }

    static String param(HttpServletRequest request, String name) {
        String q = request.getQueryString();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(key).equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray %: taken as it is
        }
    }
}
