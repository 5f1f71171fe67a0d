package dev.doitlive.api.audio;

import org.osgi.annotation.versioning.ProviderType;

/** The audio engine's service (the audio kit's): what it plays and how it keeps up, for {@code live:audio}, tests and benchmarks. */
@ProviderType
public interface AudioEngine {
    /** What plays now and its counters since the engine (re)started; never blocks the audio thread. */
    AudioDTO status();

    /**
     * The intervals between the last buffers' deliveries to the output (up to about 20 s of them), oldest first, in
     * nanoseconds: how evenly the output is fed. Apart from {@link #status()}, which stays cheap to ask often.
     */
    long[] deliveryIntervals();

    /**
     * Starts the counters over from the next buffer (late buffers, the worst render, the limiter's, each block's renders
     * and times, the delivery intervals), to watch one stretch of a show or of a benchmark. The buffers played go on.
     */
    void reset();
}
