package dev.doitlive.audio.render;

/**
 * The last guard before the speakers: every sample that is not a number becomes silence, and a peak limiter keeps the
 * mix at or below its ceiling: the gain drops at once to what the loudest channel of a frame needs (so no sample ever
 * passes the ceiling) and comes back up over about 50 ms. Channels share one gain, so the stereo image stays. Audio
 * thread only.
 */
final class Limiter {
    private static final double RELEASE_SECONDS = 0.05;

    private volatile float ceiling;
    private final float release;
    private float gain = 1;
    private long limited;

    Limiter(float ceiling, float sampleRate) {
        this.ceiling = ceiling;
        this.release = (float) (1 - Math.exp(-1 / (RELEASE_SECONDS * sampleRate)));
    }

    void apply(float[][] mix, int frames) {
        int channels = mix.length;
        float ceiling = this.ceiling;
        float g = gain;
        for (int i = 0; i < frames; i++) {
            float peak = 0;
            for (int c = 0; c < channels; c++) {
                float v = mix[c][i];
                if (v != v || v == Float.POSITIVE_INFINITY || v == Float.NEGATIVE_INFINITY) {
                    mix[c][i] = v = 0; // never NaN to the speakers (a block's own check should have caught it)
                }
                peak = Math.max(peak, Math.abs(v));
            }
            g += (1 - g) * release;
            if (peak * g > ceiling) {
                g = ceiling / peak;
            }
            if (g < 1) {
                limited += g < 0.999f ? 1 : 0; // counted once it is heard: a thousandth down
                for (int c = 0; c < channels; c++) {
                    mix[c][i] *= g;
                }
            }
        }
        gain = g;
    }

    void ceiling(float c) {
        ceiling = c;
    }

    void startOver() {
        limited = 0;
    }

    long limited() {
        return limited;
    }
}
