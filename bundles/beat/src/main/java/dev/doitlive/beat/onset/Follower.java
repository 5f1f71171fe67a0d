package dev.doitlive.beat.onset;

/**
 * Follows the beat of a live sound (line-in): keeps the onset envelope of the last {@value #WINDOW_SECONDS} s and,
 * every second, estimates the tempo and the beats over it and gives them to the clock. Silence or a stretch with no
 * steady beat gives nothing, so the clock keeps the last tempo it had. Fed on the line's thread; allocates only at
 * each estimate, once a second.
 */
final class Follower {
    static final double WINDOW_SECONDS = 8;
    static final double EVERY_SECONDS = 1;

    private final SpectralFlux detector;
    private final Beats beats;
    private final String source;
    private final double[] ring;
    private final double[] window;
    private final int every;
    private long values; // values since the start
    private int sinceEstimate;
    private long sampleZeroNanos;
    private final SpectralFlux.Sink sink = this::flux;

    Follower(float sampleRate, Beats beats, String source) {
        this.detector = new SpectralFlux(sampleRate);
        this.beats = beats;
        this.source = source;
        ring = new double[(int) Math.round(WINDOW_SECONDS / detector.hopSeconds())];
        window = new double[ring.length];
        every = (int) Math.round(EVERY_SECONDS / detector.hopSeconds());
    }

    /**
     * Feeds samples; {@code sampleZeroNanos} is the {@link System#nanoTime()} at which the stream's first sample was
     * heard, as well as the caller knows it now.
     */
    void push(float[] mono, int length, long sampleZeroNanos) {
        this.sampleZeroNanos = sampleZeroNanos;
        detector.push(mono, 0, length, sink);
    }

    private void flux(double value) {
        ring[(int) (values % ring.length)] = value;
        values++;
        if (++sinceEstimate >= every && values >= ring.length / 2) {
            sinceEstimate = 0;
            estimate();
        }
    }

    private void estimate() {
        int count = (int) Math.min(values, ring.length);
        long first = values - count;
        for (int i = 0; i < count; i++) {
            window[i] = ring[(int) ((first + i) % ring.length)];
        }
        TempoEstimator.Estimate e = TempoEstimator.estimate(window, count, detector.hopSeconds(), detector.timeOf(first));
        if (e.found()) {
            beats.follow(e.bpm(), sampleZeroNanos + Math.round(e.beatSeconds() * 1e9), source);
        }
    }
}
