package dev.doitlive.api.audio;

import java.util.Arrays;

/**
 * Samples of one buffer: {@link #channels()} arrays of {@link #frames()} floats, full scale at ±1. The engine owns
 * every buffer and reuses it for the next one: a block writes its {@code out} and reads its inputs during its call
 * only.
 */
public final class AudioBuffer {
    private final float[][] samples;
    private final int frames;

    /** A silent buffer; the engine makes them (a test may too). */
    public AudioBuffer(int channels, int frames) {
        if (channels < 1 || frames < 1) {
            throw new IllegalArgumentException("a buffer has at least 1 channel and 1 frame, not " + channels + " x " + frames);
        }
        this.samples = new float[channels][frames];
        this.frames = frames;
    }

    public int channels() {
        return samples.length;
    }

    public int frames() {
        return frames;
    }

    /** The samples of one channel, {@link #frames()} long; write them in place. */
    public float[] channel(int c) {
        return samples[c];
    }

    /**
     * The samples of channel {@code c}, or of the last channel when the buffer has fewer: a mono input read as
     * stereo gives its one channel twice.
     */
    public float[] channelOrLast(int c) {
        return samples[Math.min(c, samples.length - 1)];
    }

    /** Silence in every channel. */
    public void clear() {
        for (float[] s : samples) {
            Arrays.fill(s, 0f);
        }
    }
}
