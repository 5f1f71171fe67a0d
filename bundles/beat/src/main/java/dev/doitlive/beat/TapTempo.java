package dev.doitlive.beat;

import java.util.Arrays;

import dev.doitlive.api.beat.BeatClock;

/**
 * Tap tempo: a series of taps, each at a {@link System#nanoTime()}, and the beat they give. The tempo is the average of
 * the intervals between the last {@value #WINDOW} taps (least squares when none is an outlier), without the outliers (an
 * interval more than a quarter off the median: a stumble, a missed tap), so one bad tap moves nothing and a change of
 * tempo takes over once most of the window follows it. A tap more than two and a half beats after the last one (3 s, the slowest tempo, before a beat is
 * known) starts a new series; a tap under half a beat after the last (a double tap) is ignored. Not thread-safe: the
 * clock calls it under its lock.
 */
final class TapTempo {
    /** The taps a tempo is averaged over: enough to even out a human's ±10 ms, few enough to follow a change. */
    static final int WINDOW = 8;
    /** An interval this far off the median (a fraction of it) is no beat. */
    static final double OUTLIER = 0.25;
    /** A pause of this many beats ends the series. */
    static final double GAP_BEATS = 2.5;
    /** Before there is a beat: the slowest beat the clock takes. */
    static final long FIRST_GAP_NANOS = (long) (Tempo.NANOS_PER_MINUTE / BeatClock.MIN_BPM);
    /** Taps closer than the fastest beat the clock takes are one tap. */
    static final long SHORTEST_NANOS = (long) (Tempo.NANOS_PER_MINUTE / BeatClock.MAX_BPM);

    /** What one tap did. */
    enum Kind {
        /** The first tap of a series: no tempo yet. */
        FIRST,
        /** The tempo is {@link Tap#nanosPerBeat}. */
        TEMPO,
        /** An outlier: it counts in the window but moves nothing. */
        OFF_BEAT,
        /** Too soon after the last tap: dropped. */
        DOUBLE
    }

    /**
     * @param taps         taps in the series so far, this one included (not the double taps)
     * @param window       of them, the last ones the tempo is taken from: at most {@value #WINDOW}
     * @param counted      intervals the tempo is the average of (TEMPO)
     * @param nanosPerBeat the beat they give (TEMPO), or the series' median beat (OFF_BEAT, DOUBLE)
     * @param sinceLast    nanoseconds since the tap before (0 for FIRST)
     */
    record Tap(Kind kind, int taps, int window, int counted, double nanosPerBeat, long sinceLast) {
    }

    private final long[] taps = new long[WINDOW];
    /** Taps in the window. */
    private int count;
    /** Taps in the series. */
    private int series;

    /** Records a tap at {@code nanoTime} (taps come in time order). */
    Tap tap(long nanoTime) {
        if (count > 0) {
            long since = nanoTime - taps[count - 1];
            double median = count >= 2 ? median() : Double.NaN;
            double gap = count >= 2 ? GAP_BEATS * median : FIRST_GAP_NANOS;
            if (since > gap) {
                count = 0; // a new series
                series = 0;
            } else if (since < SHORTEST_NANOS || (count >= 3 && since < 0.5 * median)) {
                // one interval is no beat to judge a tap against yet: it may be the stumble
                return new Tap(Kind.DOUBLE, series, count, 0, count >= 2 ? median : 0, since);
            }
        }
        if (count == WINDOW) {
            System.arraycopy(taps, 1, taps, 0, WINDOW - 1);
            count--;
        }
        taps[count++] = nanoTime;
        series++;
        if (count == 1) {
            return new Tap(Kind.FIRST, 1, 1, 0, 0, 0);
        }
        double median = median();
        long last = taps[count - 1] - taps[count - 2];
        if (outlier(last, median)) {
            return new Tap(Kind.OFF_BEAT, series, count, 0, median, last);
        }
        double sum = 0;
        int counted = 0;
        for (int i = 1; i < count; i++) {
            long interval = taps[i] - taps[i - 1];
            if (!outlier(interval, median)) {
                sum += interval;
                counted++;
            }
        }
        // With no outlier, the least-squares slope of the taps against their number: the average of the intervals that
        // evens out the jitter of every tap, where the plain mean only sees the first and the last.
        double beat = counted == count - 1 ? slope() : sum / counted;
        return new Tap(Kind.TEMPO, series, count, counted, beat, last);
    }

    /** The least-squares slope of tap time against tap number, in nanoseconds per tap. */
    private double slope() {
        double meanK = (count - 1) / 2.0;
        double meanT = 0;
        for (int i = 0; i < count; i++) {
            meanT += taps[i] - taps[0]; // from the first tap: nanoTime's values are too large to square in a double
        }
        meanT /= count;
        double skt = 0;
        double skk = 0;
        for (int i = 0; i < count; i++) {
            skt += (i - meanK) * (taps[i] - taps[0] - meanT);
            skk += (i - meanK) * (i - meanK);
        }
        return skt / skk;
    }

    private static boolean outlier(long interval, double median) {
        return Math.abs(interval - median) > OUTLIER * median;
    }

    private double median() {
        long[] intervals = new long[count - 1];
        for (int i = 1; i < count; i++) {
            intervals[i - 1] = taps[i] - taps[i - 1];
        }
        Arrays.sort(intervals);
        int n = intervals.length;
        return n % 2 == 1 ? intervals[n / 2] : (intervals[n / 2 - 1] + intervals[n / 2]) / 2.0;
    }
}
