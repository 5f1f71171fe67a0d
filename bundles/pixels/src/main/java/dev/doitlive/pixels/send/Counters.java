package dev.doitlive.pixels.send;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What an output has done, for live:outputs: frames sent, dropped (stale, or not sent because the receiver could not
 * take them), the rate, the last error. Kept across the output's re-targets; written by its sender thread (and the
 * loops, for frames dropped at the hand-over), read by anyone.
 */
public final class Counters {
    private static final long WINDOW_NANOS = 1_000_000_000L;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    private volatile double fps;
    private volatile long lastSentNanos;
    private volatile String lastError;
    private volatile long lastErrorMillis;
    private long windowStart;
    private long windowSent;

    /** The counter a {@link LatestFrame} adds its stale frames to. */
    public AtomicLong droppedCounter() {
        return dropped;
    }

    void sent(long now) {
        long n = sent.incrementAndGet();
        lastSentNanos = now;
        if (windowStart == 0) {
            windowStart = now;
            windowSent = n - 1;
        } else if (now - windowStart >= WINDOW_NANOS) {
            fps = (n - windowSent) * 1e9 / (now - windowStart);
            windowStart = now;
            windowSent = n;
        }
    }

    void dropped() {
        dropped.incrementAndGet();
    }

    void error(String cause) {
        lastError = cause;
        lastErrorMillis = System.currentTimeMillis();
    }

    public long sent() {
        return sent.get();
    }

    public long droppedFrames() {
        return dropped.get();
    }

    /** Frames sent a second, over the last second or so; 0 when nothing was sent for two seconds. */
    public double fps() {
        return System.nanoTime() - lastSentNanos > 2 * WINDOW_NANOS ? 0 : fps;
    }

    /** The last error, or null. */
    public String lastError() {
        return lastError;
    }

    public long lastErrorMillis() {
        return lastErrorMillis;
    }
}
