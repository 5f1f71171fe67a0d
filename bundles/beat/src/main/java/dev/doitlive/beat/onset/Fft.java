package dev.doitlive.beat.onset;

/**
 * An in-place radix-2 FFT of one frame: the onset detector's only transform, of a fixed power-of-two size, so 40 lines
 * here instead of a numerics library in the bundle. Twiddle factors are computed once per size.
 */
final class Fft {
    private final int size;
    private final double[] cos;
    private final double[] sin;

    Fft(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size " + size + " is no power of two");
        }
        this.size = size;
        cos = new double[size / 2];
        sin = new double[size / 2];
        for (int i = 0; i < size / 2; i++) {
            cos[i] = Math.cos(-2 * Math.PI * i / size);
            sin[i] = Math.sin(-2 * Math.PI * i / size);
        }
    }

    /** Transforms {@code re} + i {@code im} (both of the FFT's size) in place. */
    void transform(double[] re, double[] im) {
        for (int i = 1, j = 0; i < size; i++) { // bit-reversed order
            int bit = size >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= size; len <<= 1) {
            int step = size / len;
            for (int start = 0; start < size; start += len) {
                for (int k = 0; k < len / 2; k++) {
                    double wr = cos[k * step];
                    double wi = sin[k * step];
                    int a = start + k;
                    int b = a + len / 2;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
