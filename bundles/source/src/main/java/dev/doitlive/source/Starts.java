package dev.doitlive.source;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.doitlive.api.Refreshable;

/**
 * Starts a source's bundle. It is resolved first through {@link FrameworkWiring#resolveBundles}, holding no bundle
 * lock: Felix refuses to resolve inside {@link Bundle#start} ("Unable to acquire global lock for resolve") while
 * another thread (FileInstall's scan, the runtime, a refresh) holds its global lock, since the starting thread
 * already holds the bundle's lock. A start that meets that lock all the same is tried again a few times.
 */
final class Starts {
    private static final int TRIES = 50;
    private static final long PAUSE_NANOS = 20_000_000L;

    private Starts() {
    }

    /**
     * Starts the bundle just installed or updated from {@code source} (named {@code name} in lines); if it does not
     * start, one line says why: {@code NAME: does not resolve: ...} (the resolver's explanation, which the runtime
     * puts in words as it prints it) or {@code NAME: does not start: ...}. Not for a bundle that holds a refreshable:
     * the runtime watches every such bundle installed or updated (its Arrival) and, when no version arrives, says in
     * one line why and what stays live (its Restore, or its Waiting when the bundle waits for a package); said here
     * too, the user would read the same problem twice. The line is then the source's outcome only.
     *
     * @return whether it started
     */
    static boolean startOrSay(BundleContext context, Bundle b, Path source, String name, SourceBuilder builder) {
        try {
            start(context, b);
            return true;
        } catch (BundleException | RuntimeException e) {
            String line = name + (b.getState() == Bundle.INSTALLED ? ": does not resolve: " : ": does not start: ") + e.getMessage();
            if (holdsRefreshable(b)) {
                builder.saidByRuntime(source, line);
            } else {
                builder.reportLine(source, line);
            }
            return false;
        }
    }

    /** Whether the bundle holds a refreshable: it requires the runtime's extender, as {@code @Refreshable} makes it. */
    static boolean holdsRefreshable(Bundle b) {
        try {
            String requires = b.getHeaders("").get(Constants.REQUIRE_CAPABILITY);
            return requires != null && requires.contains(Refreshable.EXTENDER);
        } catch (IllegalStateException e) {
            return false; // uninstalled meanwhile: nobody else says anything about it
        }
    }

    static void start(BundleContext context, Bundle b) throws BundleException {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        for (int i = 1;; i++) {
            wiring.resolveBundles(List.of(b));
            try {
                b.start();
                return;
            } catch (BundleException e) {
                if (i >= TRIES || e.getMessage() == null || !e.getMessage().contains("global lock")) {
                    throw e;
                }
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        }
    }
}
