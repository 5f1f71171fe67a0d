package dev.doitlive.runtime.report;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Turns throwables into the one-line causes the runtime prints. */
public final class Failures {
    private Failures() {
    }

    /**
     * The innermost cause: what the user's code threw under the reflection, initializer and framework
     * wrappers (a constructor that throws reaches the log as several layers of them).
     */
    public static Throwable root(Throwable t) {
        Throwable c = t;
        for (int depth = 0; c.getCause() != null && c.getCause() != c && depth < 20; depth++) {
            c = c.getCause();
        }
        return c;
    }

    /**
     * What the framework's own exception wraps: Felix throws {@code BundleException("Update of bundle x failed.")}
     * around the real explanation ({@code invalid version "1.0.x": non-numeric "x"}), whose own cause is a
     * detail of the parser ({@code NumberFormatException}).
     */
    public static Throwable belowFramework(Throwable t) {
        Throwable c = t;
        for (int depth = 0; isBundleException(c) && c.getCause() != null && c.getCause() != c
                && c.getCause().getMessage() != null && depth < 20; depth++) {
            c = c.getCause();
        }
        return c;
    }

    private static boolean isBundleException(Throwable t) {
        String name = t.getClass().getName();
        return name.equals("org.osgi.framework.BundleException")
                || name.equals("org.apache.felix.log.LogException") && String.valueOf(t.getMessage()).startsWith("org.osgi.framework.BundleException");
    }

    /** {@code SimpleName: first line of the message}. */
    public static String describe(Throwable t) {
        String message = t.getMessage() == null ? null : t.getMessage().lines().findFirst().orElse("");
        if (t.getClass().getName().equals("org.apache.felix.log.LogException")) {
            // The log service's stand-in for an exception class it could not keep: its message names the class.
            return message == null ? "exception" : message.replaceFirst("^(?:[a-z_$][\\w$]*\\.)+", "");
        }
        String name = t.getClass().getSimpleName();
        return message == null ? name : name + ": " + message;
    }

    /**
     * The trace as printed, each part of it (the exception, its causes) ending where the refreshable was called: the
     * frames of the generated proxy and below it (a caller's code, reflection, Gogo for live:call) say nothing about
     * what failed in the refreshable.
     */
    public static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        StringBuilder out = new StringBuilder();
        boolean below = false;
        for (String line : (Iterable<String>) w.toString().lines()::iterator) {
            String frame = line.stripLeading();
            boolean isFrame = frame.startsWith("at ") || frame.startsWith("... ");
            if (!isFrame) {
                below = false;
            } else if (frame.startsWith("at " + PROXY_PACKAGE)) {
                below = true;
            }
            if (!(isFrame && below)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Where the runtime defines the proxies it generates. */
    private static final String PROXY_PACKAGE = "dev.doitlive.generated.";

    /** Felix repeats a missing requirement after "Unresolved requirements:"; once is enough. */
    public static String once(String resolverMessage) {
        return resolverMessage.replaceFirst("(?s)\\s*Unresolved requirements:.*$", "");
    }

    /**
     * A cause as it is said: a resolver's missing package in a performer's words ({@link #missingPackage}), anything
     * else as it is. For the lines only: the runtime reads the resolver's own words to tell what a bundle waits for.
     */
    public static String inWords(String cause) {
        int at = cause.indexOf("Unable to resolve");
        String words = at < 0 ? null : missingPackage(cause.substring(at));
        return words == null ? cause : cause.substring(0, at) + words;
    }

    /** One missing package in the resolver's words: its name, and its version range's two ends (either may be absent). */
    private static final java.util.regex.Pattern MISSING_PACKAGE = java.util.regex.Pattern.compile(
            "Unable to resolve (\\S+) \\[\\d+\\][^:]*: missing requirement \\[.*?\\] osgi\\.wiring\\.package; \\(&?\\(?osgi\\.wiring\\.package=([^)]+)\\)"
                    + "(?:\\(version>=([^)]+)\\))?(?:\\(!\\(version>=([^)]+)\\)\\))?\\)?");

    /**
     * The resolver's "Unable to resolve A: missing requirement [A] osgi.wiring.package; (&(osgi.wiring.package=p)...)
     * [caused by: Unable to resolve B: ...]" as a performer reads it: which package is missing, at which versions, and
     * through which bundle when the bundle that exports it does not resolve itself. Null when it is about something else.
     */
    static String missingPackage(String message) {
        java.util.regex.Matcher m = MISSING_PACKAGE.matcher(message);
        List<String[]> chain = new ArrayList<>();
        while (m.find()) {
            chain.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
        }
        if (chain.isEmpty() || !message.startsWith("Unable to resolve")) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < chain.size(); i++) {
            String[] c = chain.get(i);
            String range = c[2] == null ? "" : c[3] == null ? " " + c[2] + " or later" : " " + c[2] + " up to " + c[3];
            boolean last = i == chain.size() - 1;
            if (i > 0) {
                b.append(", which does not resolve: ").append(c[0]).append(' ');
            }
            b.append("it imports package ".substring(i > 0 ? 3 : 0)).append(c[1]).append(range);
            if (!last) {
                b.append(" from ").append(chain.get(i + 1)[0]);
            } else {
                b.append(", which no bundle exports").append(range.isEmpty() ? "" : " in that range")
                        .append(" (install the bundle that does: its jar, a source folder or a --dev module that exports it)");
            }
        }
        return b.toString();
    }
}
