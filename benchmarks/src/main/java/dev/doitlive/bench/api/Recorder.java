package dev.doitlive.bench.api;

/**
 * Times stamped by code inside the measured bundles (a loop's steps, refresh hooks), read by the harness. One
 * class on the application class path, shared by every version of a bundle: it survives every swap.
 */
public final class Recorder {
    private static final long[] STEPS = new long[1 << 20];
    private static volatile int steps;
    private static volatile boolean recording;
    private static volatile long preRefresh;
    private static volatile long postRefresh;
    private static volatile double seen = Double.NaN;
    private static volatile long seenAt;
    private static final long[] FAILED = new long[1024];
    private static volatile int failed;

    private Recorder() {
    }

    /** Called by a loop's step: stamps the step's start while recording (one writer: the loop thread). */
    public static void step() {
        if (recording) {
            steps = stamp(STEPS, steps);
        }
    }

    /** Called by a step that is about to throw: stamps its start while recording (the loop thread). */
    public static void failing() {
        if (recording) {
            failed = stamp(FAILED, failed);
        }
    }

    /** Writes the time at {@code n} unless full; the count after it. */
    private static int stamp(long[] into, int n) {
        if (n < into.length) {
            into[n] = System.nanoTime();
            return n + 1;
        }
        return n;
    }

    /** Starts a new recording of steps. */
    public static void startSteps() {
        steps = 0;
        failed = 0;
        recording = true;
    }

    /** The failing steps' stamps of the recording, in order ({@link #failing}); read after {@link #stopSteps}. */
    public static long[] failingSteps() {
        return java.util.Arrays.copyOf(FAILED, failed);
    }

    /** Stops recording and returns the stamps. */
    public static long[] stopSteps() {
        recording = false;
        return java.util.Arrays.copyOf(STEPS, steps);
    }

    /**
     * Called by a step with the value of the field the harness sets: stamps the first step that sees a new value. The
     * stamp is written before the value, so that whoever reads the new value reads its stamp.
     */
    public static void saw(double value) {
        if (Double.compare(value, seen) != 0) {
            seenAt = System.nanoTime();
            seen = value;
        }
    }

    /** The value the steps saw last ({@link #saw}), NaN before the first. */
    public static double seen() {
        return seen;
    }

    /** When a step first saw {@link #seen()}. */
    public static long seenNanos() {
        return seenAt;
    }

    /** Called by the old version's {@code preRefresh()}. */
    public static void preRefresh() {
        preRefresh = System.nanoTime();
    }

    /** Called by the new version's {@code postRefresh()}. */
    public static void postRefresh() {
        postRefresh = System.nanoTime();
    }

    public static long preRefreshNanos() {
        return preRefresh;
    }

    public static long postRefreshNanos() {
        return postRefresh;
    }
}
