package dev.doitlive.controls.midi;

import java.util.concurrent.TimeUnit;

/**
 * The tempo of one input's MIDI clock (0xF8, 24 to a quarter note): the span of the last 24 intervals is one beat, so a
 * single late clock moves the tempo by a 24th of its lateness, not by all of it (the smoothing), and the clock is told
 * once a beat at most, only when the tempo moved by {@value #STEP_BPM} bpm or more (a steady clock's jitter is no
 * change of tempo). A pause of over a second, or time running backwards, starts afresh. Used by one input's thread.
 */
final class ClockFollower {
    static final int PER_BEAT = 24;
    static final double STEP_BPM = 0.05;
    private static final long PAUSE = TimeUnit.SECONDS.toNanos(1);

    /** The times of the last 25 clocks: 24 intervals. */
    private final long[] times = new long[PER_BEAT + 1];
    private int count;
    private int next;
    private int sinceTold;
    private double told = Double.NaN;
    private volatile double bpm = Double.NaN;
    private long last;

    /**
     * One clock at {@code nanos}.
     *
     * @return the tempo to tell the beat clock now, or NaN
     */
    double clock(long nanos) {
        if (count > 0 && (nanos - last > PAUSE || nanos <= last)) {
            restart();
        }
        last = nanos;
        times[next] = nanos;
        next = (next + 1) % times.length;
        if (count < times.length) {
            count++;
        }
        if (count < times.length) {
            return Double.NaN;
        }
        long span = nanos - times[next]; // the oldest of the 25: 24 intervals ago
        bpm = 60e9 / span;
        if (++sinceTold < PER_BEAT && !Double.isNaN(told)) {
            return Double.NaN;
        }
        if (!Double.isNaN(told) && Math.abs(bpm - told) < STEP_BPM) {
            return Double.NaN;
        }
        sinceTold = 0;
        told = bpm;
        return bpm;
    }

    /** A start, continue or stop: the next clocks are timed afresh. */
    void restart() {
        count = 0;
        next = 0;
        sinceTold = 0;
        told = Double.NaN;
        bpm = Double.NaN;
    }

    /** The tempo measured over the last beat, NaN before a whole beat of clocks. */
    double bpm() {
        return bpm;
    }
}
