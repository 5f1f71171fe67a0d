package dev.doitlive.controls;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Problem lines of one kind (an OSC port's bad packets, a MIDI input's unmapped targets) at most {@link #PER_WINDOW} a
 * second: a sender flooding garbage costs the console a line a second, not a line a packet. What is held back is counted
 * and said in one line when the second is over ({@link #tick}, called by the kit's own thread). Thread-safe.
 */
public final class Throttle {
    static final int PER_WINDOW = 5;
    private static final long WINDOW = TimeUnit.SECONDS.toNanos(1);

    private final String what;
    private final Consumer<String> out;
    private long windowStart;
    private int said;
    private long held;
    private String lastHeld;

    /**
     * @param what what is counted, plural, for the summary: {@code "bad OSC messages"}
     * @param out  where a line goes ({@code LiveRuntime.report} through the kit)
     */
    public Throttle(String what, Consumer<String> out) {
        this.what = what;
        this.out = out;
    }

    /** Says the line now, or counts it if this second has had its lines. */
    public void say(String line) {
        String summary;
        boolean now;
        synchronized (this) {
            summary = roll(System.nanoTime());
            now = said < PER_WINDOW;
            if (now) {
                said++;
            } else {
                held++;
                lastHeld = line;
            }
        }
        if (summary != null) {
            out.accept(summary);
        }
        if (now) {
            out.accept(line);
        }
    }

    /** Says what was held back once its second is over; the kit's thread calls it now and then. */
    public void tick() {
        String summary;
        synchronized (this) {
            summary = roll(System.nanoTime());
        }
        if (summary != null) {
            out.accept(summary);
        }
    }

    /** Starts a new window if the current one is over; returns the summary of what it held back, or null. */
    private String roll(long now) {
        if (now - windowStart < WINDOW) {
            return null;
        }
        String summary = held == 0 ? null : held + " more " + what + " in " + String.format(java.util.Locale.ROOT, "%.1f",
                (now - windowStart) / 1e9) + " s not shown; the last: " + lastHeld;
        windowStart = now;
        said = 0;
        held = 0;
        lastHeld = null;
        return summary;
    }
}
