package dev.doitlive.itest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition, up to a timeout; fails with what was awaited. */
public final class Await {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private Await() {
    }

    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        until(condition, timeout, () -> what);
    }

    /** As {@link #until(BooleanSupplier, Duration, String)}; {@code what} is asked only on failure, to say what was seen. */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new AssertionError("interrupted while waiting for " + what.get());
            }
        }
    }
}
