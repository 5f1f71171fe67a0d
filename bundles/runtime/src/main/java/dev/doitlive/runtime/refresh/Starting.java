package dev.doitlive.runtime.refresh;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * Starting a bundle while the framework is busy: Felix refuses a start with "Unable to acquire global lock for resolve"
 * while another thread resolves (FileInstall's refresh, the start level rising at a start). That is no failure of the
 * bundle; the start is tried again on the swap thread a little later, and never reported as the bundle's fault.
 */
final class Starting {
    private static final long RETRY_MS = 100;
    private static final int TRIES = 50;

    /** What to do when the start fails for a reason of the bundle's own. */
    interface Failed {
        void failed(Exception e);
    }

    /** Runs a task later on the swap thread ({@link Lifecycle#schedule}). */
    interface Later {
        void after(Runnable task, long millis);
    }

    private Starting() {
    }

    /** Whether {@code e} says only that another thread held the framework's resolver. */
    static boolean busy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Unable to acquire global lock")) {
                return true;
            }
        }
        return false;
    }

    /** Starts {@code b} off the swap thread ({@link Lifecycle#framework}), a busy framework waited out there too. */
    static void startOffSwapThread(Lifecycle lifecycle, Bundle b, Failed failed) {
        start(offSwapThread(lifecycle), b, failed, 0);
    }

    /** Updates {@code b} with {@code in} and starts it if it resolved (swap thread); either one's failure goes to {@code failed}. */
    static void update(Lifecycle lifecycle, Bundle b, java.io.InputStream in, Failed failed) {
        update(lifecycle::schedule, b, in, failed);
    }

    /** The same off the swap thread ({@link Lifecycle#framework}). */
    static void updateOffSwapThread(Lifecycle lifecycle, Bundle b, java.io.InputStream in, Failed failed) {
        update(offSwapThread(lifecycle), b, in, failed);
    }

    private static Later offSwapThread(Lifecycle lifecycle) {
        return (task, millis) -> lifecycle.schedule(() -> lifecycle.framework(task), millis);
    }

    private static void update(Later later, Bundle b, java.io.InputStream in, Failed failed) {
        try {
            b.update(in);
        } catch (BundleException | RuntimeException e) {
            failed.failed(e);
            return;
        }
        if (b.getState() == Bundle.RESOLVED) {
            start(later, b, failed, 0); // a framework busy resolving is waited out
        }
    }

    /** Starts {@code b} unless it runs already; a busy framework is waited out (swap thread). */
    static void start(Lifecycle lifecycle, Bundle b, Failed failed) {
        start(lifecycle::schedule, b, failed, 0);
    }

    static void start(Later later, Bundle b, Failed failed, int tried) {
        int state = b.getState();
        if (state == Bundle.ACTIVE || state == Bundle.STARTING || state == Bundle.UNINSTALLED) {
            return;
        }
        try {
            b.start();
        } catch (BundleException | IllegalStateException e) {
            if (busy(e) && tried < TRIES) {
                later.after(() -> start(later, b, failed, tried + 1), RETRY_MS);
            } else {
                failed.failed(e);
            }
        }
    }
}
