package dev.doitlive.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Who may use the page: whoever has the token the runtime printed (in the URL the first time, then in a cookie), and
 * for a request that changes something, only from the page itself (its {@code Origin} is the host it asks), so that
 * another site open in the same browser cannot send commands with the cookie.
 */
final class Gate {
    /** The cookie's name, with the page's port in it: two runtimes' pages in one browser keep a cookie each. */
    static String cookie(int port) {
        return "doitlive-token-" + port;
    }

    static final String PARAMETER = "token";

    /** What a request gets. */
    enum Verdict {
        PASS(null),
        /** The token came in the URL: pass, and set the cookie so that the page's own requests carry it. */
        PASS_SET_COOKIE(null),
        NO_TOKEN("no token: open the address the runtime printed at its start (web  http://...?token=...)"),
        WRONG_TOKEN("wrong token: it changes at every start; open the address the runtime printed this time"),
        FOREIGN_ORIGIN("refused: a request that changes something must come from the page itself, not from another site");

        /** The one line a refused request gets; null for a pass. */
        final String refusal;

        Verdict(String refusal) {
            this.refusal = refusal;
        }
    }

    private final byte[] token;

    Gate(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("a web token needs at least 16 characters");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param method the HTTP method
     * @param fromUrl the {@value #PARAMETER} query parameter, or null
     * @param fromCookie the {@link #cookie(int)} cookie, or null
     * @param origin the {@code Origin} header, or null (a client other than a browser's page)
     * @param host the {@code Host} header
     */
    Verdict check(String method, String fromUrl, String fromCookie, String origin, String host) {
        Verdict who;
        if (fromUrl != null) {
            who = same(fromUrl) ? Verdict.PASS_SET_COOKIE : Verdict.WRONG_TOKEN;
        } else if (fromCookie != null) {
            who = same(fromCookie) ? Verdict.PASS : Verdict.WRONG_TOKEN;
        } else {
            who = Verdict.NO_TOKEN;
        }
        if (who.refusal == null && changes(method) && origin != null && !sameOrigin(origin, host)) {
            return Verdict.FOREIGN_ORIGIN;
        }
        return who;
    }

    private boolean same(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    static boolean changes(String method) {
        String m = method.toUpperCase(Locale.ROOT);
        return !(m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS"));
    }

    /** A browser sends {@code null} as the origin of sandboxed or file pages: never the page's own. */
    static boolean sameOrigin(String origin, String host) {
        return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
    }
}
