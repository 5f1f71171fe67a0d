package dev.doitlive.pixels.send;

/**
 * Pixels ({@code 0xRRGGBB}) to a strip's channel bytes: its colour order, then brightness and gamma through one
 * 256-entry table, so that a pixel costs three look-ups.
 */
public final class Shaper {
    private final int[] shifts = new int[3];
    private final byte[] table = new byte[256];

    /**
     * @param order      three letters, a permutation of R, G and B: which colour goes first on the wire
     * @param brightness 0 to 1
     * @param gamma      1 is linear; 2.2 is a common LED correction
     */
    public Shaper(String order, double brightness, double gamma) {
        for (int i = 0; i < 3; i++) {
            shifts[i] = switch (Character.toUpperCase(order.charAt(i))) {
                case 'R' -> 16;
                case 'G' -> 8;
                case 'B' -> 0;
                default -> throw new IllegalArgumentException("colour order " + order + ": R, G and B only");
            };
        }
        for (int v = 0; v < 256; v++) {
            table[v] = (byte) Math.round(255 * brightness * Math.pow(v / 255.0, gamma));
        }
    }

    /** Shapes {@code pixels} pixels into {@code out}, three bytes each. */
    public void shape(int[] rgb, int pixels, byte[] out) {
        int s0 = shifts[0];
        int s1 = shifts[1];
        int s2 = shifts[2];
        for (int i = 0, j = 0; i < pixels; i++, j += 3) {
            int p = rgb[i];
            out[j] = table[(p >> s0) & 0xff];
            out[j + 1] = table[(p >> s1) & 0xff];
            out[j + 2] = table[(p >> s2) & 0xff];
        }
    }
}
