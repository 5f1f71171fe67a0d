package dev.doitlive.beat.onset;

/**
 * The onset strength of a sound, hop by hop: how much louder each frequency got since the frame before, summed over
 * the spectrum (spectral flux on log magnitudes, half-wave rectified: only rises count, so a note's decay does not).
 * Frames of about 23 ms under a Hann window, a hop of a quarter of that (5.8 ms at 44.1 kHz). Silence gives 0, and
 * only rises of the spectrum give more, so a steady hum or a level change of the input moves it for a moment only.
 *
 * <p>Value {@code k} is the frame ending at sample {@code (k + 1) * hop}, counted as if silence came before the
 * first sample; its time, the frame's middle, is {@link #timeOf}. Fed block by block, as a line or a file gives them.
 */
public final class SpectralFlux {
    /** Receives each hop's value. */
    public interface Sink {
        void flux(double value);
    }

    private final int size;
    private final int hop;
    private final float sampleRate;
    private final Fft fft;
    private final double[] window;
    private final float[] samples;
    private final double[] re;
    private final double[] im;
    private final double[] previous;
    private int filled; // samples since the last frame

    public SpectralFlux(float sampleRate) {
        this.sampleRate = sampleRate;
        int n = 256;
        while (n < sampleRate * 0.023) {
            n <<= 1;
        }
        size = n;
        hop = n / 4;
        fft = new Fft(n);
        window = new double[n];
        for (int i = 0; i < n; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        }
        samples = new float[n];
        re = new double[n];
        im = new double[n];
        previous = new double[n / 2 + 1];
    }

    /** Seconds between two values. */
    public double hopSeconds() {
        return hop / (double) sampleRate;
    }

    /** The time of value {@code k}, in seconds from the first sample fed. */
    public double timeOf(double k) {
        return ((k + 1) * hop - size / 2.0) / sampleRate;
    }

    /** Feeds mono samples (-1 to 1); {@code sink} gets a value for each hop they complete. */
    public void push(float[] mono, int offset, int length, Sink sink) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int take = Math.min(hop - filled, end - i);
            System.arraycopy(samples, take, samples, 0, size - take);
            System.arraycopy(mono, i, samples, size - take, take);
            filled += take;
            i += take;
            if (filled == hop) {
                filled = 0;
                sink.flux(frame());
            }
        }
    }

    private double frame() {
        for (int i = 0; i < size; i++) {
            re[i] = samples[i] * window[i];
            im[i] = 0;
        }
        fft.transform(re, im);
        double flux = 0;
        for (int k = 0; k <= size / 2; k++) {
            double level = Math.log1p(Math.sqrt(re[k] * re[k] + im[k] * im[k]));
            double rise = level - previous[k];
            if (rise > 0) {
                flux += rise;
            }
            previous[k] = level;
        }
        return flux;
    }
}
