package dev.doitlive.launcher;

import java.io.PrintStream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * {@code -Ddoitlive.start.trace=true}: where a start's time goes, for the start benchmark. One line on stderr at each
 * step of the start ({@code doitlive start: <ms> <step>}, ms from the process's start) and one for each bundle's start
 * ({@code doitlive start: <ms> bundle <name> <ms it took>}: its activator and the DS components it activates). Off, it
 * costs a field read.
 */
final class StartTrace {
    static final String PROPERTY = "doitlive.start.trace";
    private static final boolean ON = Boolean.getBoolean(PROPERTY);
    private static final PrintStream ERR = System.err;

    private StartTrace() {
    }

    static void step(String name) {
        if (ON) {
            ERR.println("doitlive start: " + (System.currentTimeMillis() - Main.startMillis()) + " " + name);
        }
    }

    /** Times each bundle's start from its STARTING to its STARTED (synchronous: on the starting thread). */
    static void bundles(BundleContext context) {
        if (!ON) {
            return;
        }
        java.util.Map<Long, Long> starting = new java.util.concurrent.ConcurrentHashMap<>();
        context.addBundleListener((SynchronousBundleListener) e -> {
            long id = e.getBundle().getBundleId();
            if (e.getType() == BundleEvent.STARTING) {
                starting.put(id, System.nanoTime());
            } else if (e.getType() == BundleEvent.STARTED && starting.containsKey(id)) {
                long ms = (System.nanoTime() - starting.remove(id)) / 1_000_000;
                step("bundle " + e.getBundle().getSymbolicName() + " " + ms);
            }
        });
    }
}
