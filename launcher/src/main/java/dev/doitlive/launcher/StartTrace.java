package dev.doitlive.launcher;

import java.io.PrintStream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * {@code -Ddoitlive.start.trace=true}: where a start's time goes, for the start benchmark. One line on stderr at each
 * step of the start ({@code doitlive start: <ms> <step>}, ms from the process's start) and one for each bundle's start
 * ({@code doitlive start: <ms> bundle <name> <ms it took>}: its activator and the DS components it activates, as
 * {@link #bundles} measures it). Off, it
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

    /**
     * Times each bundle's start: from its STARTING to the next bundle's STARTING on the same thread, or to the next
     * framework event (a start level reached), so that the DS components SCR activates once it is STARTED count too.
     */
    static void bundles(BundleContext context) {
        if (!ON) {
            return;
        }
        Map<Thread, Object[]> starting = new ConcurrentHashMap<>(); // thread -> {name, nanos}
        context.addBundleListener((SynchronousBundleListener) e -> {
            if (e.getType() == BundleEvent.STARTING) {
                done(starting.put(Thread.currentThread(), new Object[] {e.getBundle().getSymbolicName(), System.nanoTime()}));
            }
        });
        context.addFrameworkListener(e -> starting.keySet().forEach(t -> done(starting.remove(t))));
    }

    private static void done(Object[] started) {
        if (started != null) {
            step("bundle " + started[0] + " " + (System.nanoTime() - (long) started[1]) / 1_000_000);
        }
    }
}
