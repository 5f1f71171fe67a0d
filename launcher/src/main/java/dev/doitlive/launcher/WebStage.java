package dev.doitlive.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The web page, as the launcher sets it up: on by default, on 127.0.0.1 at a fixed port, with a new random token at
 * each start. Decided before the framework starts: with the page off, or its port taken, the web's core bundles are
 * skipped (the runtime starts without the page); else Felix HTTP gets the address and the page its token.
 */
final class WebStage {
    /** The core bundles of the page: Felix HTTP (Jetty 12) with what it imports, and ours. */
    static final Set<String> BUNDLES = Set.of("servlet-api", "commons-io", "commons-fileupload", "slf4j-api", "weblog",
            "http-jetty", "web");
    /**
     * The page's bundles in the order the launcher starts them itself, once the runtime is ready: the server and what
     * it imports take most of a second to resolve and start, which neither the runtime nor a first command need wait for.
     */
    static final java.util.List<String> START_ORDER = java.util.List.of("servlet-api", "commons-io", "commons-fileupload",
            "slf4j-api", "http-jetty", "web");
    static final String ENABLED = "doitlive.web";
    static final String PORT = "doitlive.web.port";
    static final String HOST = "doitlive.web.host";
    static final String TOKEN = "doitlive.web.token";
    static final String LOOPBACK = "127.0.0.1";
    private static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    private static final String ENDPOINT = "osgi.http.endpoint";
    private static final long RUNTIME_WAIT_MS = 15_000;

    /** The page is off; why, in a few words for the banner. */
    private final String off;
    private final String host;
    private final String token;
    /** The port asked for; 0: the server picks one, which only it can say. */
    private final int port;

    private WebStage(String off, String host, String token) {
        this(off, host, token, 0);
    }

    private WebStage(String off, String host, String token, int port) {
        this.off = off;
        this.host = host;
        this.token = token;
        this.port = port;
    }

    /**
     * Reads {@value #ENABLED}, {@value #PORT} and {@value #HOST} (config/framework.properties, or --no-web, --web-port,
     * --web-host) and, with the page on, sets what Felix HTTP and the page read.
     *
     * @throws LaunchException for a port or host that is not one
     */
    static WebStage prepare(Map<String, String> props) throws LaunchException {
        String enabled = props.getOrDefault(ENABLED, "true").trim();
        if (!enabled.equalsIgnoreCase("true") && !enabled.equalsIgnoreCase("false")) {
            throw new LaunchException(ENABLED + " '" + enabled + "': give true or false");
        }
        if (enabled.equalsIgnoreCase("false")) {
            return new WebStage("off (" + ENABLED + " = false, or --no-web)", null, null);
        }
        int port = port(props.getOrDefault(PORT, "7777"));
        String host = props.getOrDefault(HOST, LOOPBACK).trim();
        if (host.isEmpty()) {
            host = LOOPBACK;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new LaunchException(HOST + " (or --web-host) '" + host + "': no such address on this machine");
        }
        if (port != 0) {
            String taken = taken(address, port);
            if (taken != null) {
                return new WebStage("off: " + host + ":" + port + " " + taken + (taken.equals("is in use")
                        ? " (another doitlive running?); --web-port PORT picks another" : "; --web-host ADDR picks another")
                        + ", --no-web starts without it", null, null);
            }
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        props.put("org.osgi.service.http.port", Integer.toString(port));
        props.put("org.apache.felix.http.host", host);
        props.put(TOKEN, token);
        return new WebStage(null, host, token, port);
    }

    private static int port(String text) throws LaunchException {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new LaunchException(PORT + " (or --web-port) '" + text.trim() + "': not a port (1 to 65535; 0 picks a free one)");
    }

    /** Whether the port can be had: a word on why not, or null. The page's server binds it a moment later. */
    private static String taken(InetAddress address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
            return null;
        } catch (java.net.BindException e) {
            String m = String.valueOf(e.getMessage());
            return m.contains("assign") ? "cannot be had: that address is none of this machine's" : "is in use";
        } catch (IOException e) {
            return "cannot be had: " + e.getMessage();
        }
    }

    boolean on() {
        return off == null;
    }

    /** Whether {@link #address} is known before the server listens: a port asked for, not 0. */
    boolean addressKnownBeforeServer() {
        return port != 0;
    }

    /** Skips the page's bundles when it is off. */
    void skipIfOff(Options o) {
        if (!on()) {
            o.skip(BUNDLES.toArray(String[]::new));
        }
    }

    /**
     * The page's address with the token: for a port asked for, at once; for port 0, as the server says it listens
     * (null when it is not up within a few seconds).
     */
    String address(BundleContext context) {
        if (!on()) {
            return null;
        }
        if (port != 0) {
            // Known without the server, which is still starting beside the first commands (and says so if it fails).
            return "http://" + urlHost() + ":" + port + "/?token=" + token;
        }
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter("(objectClass=" + RUNTIME + ")"), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
        try {
            if (tracker.waitForService(RUNTIME_WAIT_MS) == null) {
                return null;
            }
            ServiceReference<Object> ref = tracker.getServiceReference();
            Object endpoint = ref.getProperty(ENDPOINT);
            String url = endpoint instanceof String[] a && a.length > 0 ? a[0] : String.valueOf(endpoint);
            java.util.regex.Matcher port = java.util.regex.Pattern.compile(":(\\d+)/?$").matcher(url);
            if (!port.find()) {
                return null;
            }
            return "http://" + urlHost() + ":" + port.group(1) + "/?token=" + token;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            tracker.close();
        }
    }

    /**
     * The host to put in the address: this machine's loopback for a page bound to it or to every address (the server's
     * own endpoint then names some interface, even an IPv6 one with its zone); an IPv6 address in brackets.
     */
    private String urlHost() {
        try {
            InetAddress a = InetAddress.getByName(host);
            if (a.isAnyLocalAddress() || a.isLoopbackAddress() && a instanceof java.net.Inet4Address) {
                return LOOPBACK;
            }
            return a instanceof java.net.Inet6Address ? "[" + a.getHostAddress().replaceAll("%.*$", "") + "]" : host;
        } catch (UnknownHostException e) {
            return host;
        }
    }

    /** What the banner says about the page, after "web". */
    String banner(String address) {
        if (!on()) {
            return off;
        }
        if (address == null) {
            return "off: the web server did not start (live:errors, or the lines above, say why)";
        }
        return LOOPBACK.equals(host) || "localhost".equals(host) ? address
                : address + "\n            bound to " + host + ": anyone who can reach this machine there and has the token"
                        + " can change the show" + (LOOPBACK.equals(urlHost()) ? " (from another machine: this machine's"
                        + " address in place of 127.0.0.1)" : "");
    }
}
