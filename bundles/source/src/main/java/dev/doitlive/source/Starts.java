package dev.doitlive.source;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

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
