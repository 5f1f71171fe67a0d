package dev.doitlive.api;

import java.util.concurrent.locks.LockSupport;

/**
 * One step of a loop: the seed's {@code SafeRefreshableLoop.step()}. A refreshable that provides {@code Step}
 * and carries {@link Loop} is run by the runtime on a thread of its own, through its proxy, at the loop's
 * rate: refreshing it happens between two steps, and a step that throws is handled like any failing call
 * (on probation, or by the refreshable's {@link ErrorPolicy}, the version is reverted and the loop goes on).
 */
public interface Step {
    /** Does one step's work; called again and again. */
    void step() throws Exception;

    /**
     * Runs a step inline, on the calling thread, at a fixed rate: the seed's {@code run()}, e.g. for a test.
     * Pass the proxy (the service) rather than an instance, so that refreshes and reverts apply.
     *
     * @param rate  steps per second; 0 runs them back to back
     * @param steps how many steps to run
     * @throws Exception the first exception a step throws, which ends the run
     */
    static void runInline(Step step, double rate, long steps) throws Exception {
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be 0 (back to back) or a positive number of steps per second, not " + rate);
        }
        long period = rate == 0 ? 0 : (long) (1e9 / rate);
        long next = System.nanoTime();
        for (long i = 0; i < steps; i++) {
            step.step();
            if (period > 0) {
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (-wait > period) {
                    next = System.nanoTime(); // late by more than a step: go on from now, no burst
                }
            }
        }
    }
}
