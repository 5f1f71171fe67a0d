package example.show.api;

/** Packed {@code 0xRRGGBB} pixels. Static helpers, no allocation. */
public final class Colors {
    /** All channels off. */
    public static final int BLACK = 0;

    private Colors() {
    }

    /**
     * A colour from hue, saturation and value.
     *
     * @param h the hue in turns: 0 red, 1/3 green, 2/3 blue; any number, it wraps around
     * @param s saturation, 0 (white) to 1 (pure colour)
     * @param v value (brightness), 0 to 1
     */
    public static int hsv(double h, double s, double v) {
        h = h - Math.floor(h);
        s = clamp01(s);
        v = clamp01(v);
        double x = h * 6;
        int sector = (int) x;
        double f = x - sector;
        double p = v * (1 - s);
        double q = v * (1 - s * f);
        double u = v * (1 - s * (1 - f));
        return switch (sector) {
            case 0 -> rgb(v, u, p);
            case 1 -> rgb(q, v, p);
            case 2 -> rgb(p, v, u);
            case 3 -> rgb(p, q, v);
            case 4 -> rgb(u, p, v);
            default -> rgb(v, p, q);
        };
    }

    /** A colour from channels 0 to 1 (clamped). */
    public static int rgb(double r, double g, double b) {
        return channel(r) << 16 | channel(g) << 8 | channel(b);
    }

    /** The colour made darker (or brighter, above 1) by {@code k}, each channel clamped. */
    public static int scale(int rgb, double k) {
        return rgb(red(rgb) * k / 255, green(rgb) * k / 255, blue(rgb) * k / 255);
    }

    public static int red(int rgb) {
        return rgb >>> 16 & 0xff;
    }

    public static int green(int rgb) {
        return rgb >>> 8 & 0xff;
    }

    public static int blue(int rgb) {
        return rgb & 0xff;
    }

    private static int channel(double c) {
        return (int) Math.round(clamp01(c) * 255);
    }

    private static double clamp01(double c) {
        return c > 1 ? 1 : c > 0 ? c : 0; // NaN -> 0
    }
}
