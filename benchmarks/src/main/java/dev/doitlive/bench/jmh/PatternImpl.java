package dev.doitlive.bench.jmh;

import dev.doitlive.bench.api.Pattern;

/**
 * The measured implementation: the same code behind every mechanism. {@link Versions} loads this class again in
 * fresh class loaders to play the versions a refreshable goes through.
 */
public final class PatternImpl implements Pattern {
    private static final Object[] PICKS = {"red", "green", "blue", "white"};

    @Override
    public double add(double t, double x) {
        return t + x;
    }

    @Override
    public double sin(double t, double x) {
        return Math.sin(t * x) + x;
    }

    @Override
    public Object pick(double t) {
        return PICKS[(int) t & 3];
    }

    /** A wave of light along the strip, as the light show's patterns draw it: one sine and one HSV colour a pixel. */
    @Override
    public void frame(double t, int[] rgb) {
        int n = rgb.length;
        for (int i = 0; i < n; i++) {
            double pos = (double) i / n;
            double v = 0.5 + 0.5 * Math.sin(2 * Math.PI * (3 * pos - 0.5 * t));
            rgb[i] = hsv(0.6 + 0.2 * pos, 1, v * v);
        }
    }

    @Override
    public int sum(int[] rgb) {
        int s = 0;
        for (int i = 0; i < rgb.length; i++) {
            s += rgb[i];
        }
        return s;
    }

    @Override
    public long mix(int n) {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    private static int hsv(double h, double s, double v) {
        double hh = (h - Math.floor(h)) * 6;
        int sector = (int) hh;
        double f = hh - sector;
        double p = v * (1 - s);
        double q = v * (1 - s * f);
        double u = v * (1 - s * (1 - f));
        double r;
        double g;
        double b;
        switch (sector) {
            case 0 -> { r = v; g = u; b = p; }
            case 1 -> { r = q; g = v; b = p; }
            case 2 -> { r = p; g = v; b = u; }
            case 3 -> { r = p; g = q; b = v; }
            case 4 -> { r = u; g = p; b = v; }
            default -> { r = v; g = p; b = q; }
        }
        return (int) (r * 255) << 16 | (int) (g * 255) << 8 | (int) (b * 255);
    }
}
