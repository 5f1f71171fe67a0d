package example.show.loop;

import java.util.Arrays;

import example.show.api.Colors;

/** The working memory of one frame: the layer a pattern draws into, the sum of the layers, the result. */
final class Frame {
    private final int[] layer;
    private final float[] sum;
    private final int[] pixels;

    Frame(int length) {
        layer = new int[length];
        sum = new float[3 * length];
        pixels = new int[length];
    }

    int length() {
        return pixels.length;
    }

    void clear() {
        Arrays.fill(sum, 0f);
    }

    /** The layer for the next pattern, black. */
    int[] layer() {
        Arrays.fill(layer, Colors.BLACK);
        return layer;
    }

    /** Adds the layer at the given level. */
    void add(double level) {
        float k = (float) level;
        for (int i = 0, j = 0; i < layer.length; i++, j += 3) {
            int px = layer[i];
            sum[j] += Colors.red(px) * k;
            sum[j + 1] += Colors.green(px) * k;
            sum[j + 2] += Colors.blue(px) * k;
        }
    }

    /** Turns the sum into pixels, each channel clipped at full. */
    void finish(double brightness) {
        float k = (float) brightness;
        for (int i = 0, j = 0; i < pixels.length; i++, j += 3) {
            pixels[i] = channel(sum[j] * k) << 16 | channel(sum[j + 1] * k) << 8 | channel(sum[j + 2] * k);
        }
    }

    int[] pixels() {
        return pixels;
    }

    private static int channel(float c) {
        return c >= 255 ? 255 : c > 0 ? (int) (c + 0.5f) : 0;
    }

    @Override
    public String toString() {
        return pixels.length + " pixels";
    }
}
