package example.show.bounce;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Refreshable;
import example.show.api.Colors;
import example.show.api.Controls;
import example.show.api.Pattern;

/**
 * A block of {@code size} of the strip going from one end to the other and back, once per cycle of
 * {@code speed}, slowing down at the ends; in the colour opposite the show's hue. Its state is {@link #trips}.
 * The block's edges are drawn with partial pixels, so that it glides instead of jumping pixel by pixel.
 */
@Component(service = Pattern.class)
@Refreshable(name = "bounce")
public class BouncePattern implements Pattern {
    /** Round trips so far; the fraction is where the block is in the current one. */
    private double trips;

    /** The time of the last frame. */
    private double lastT;

    @Override
    public void render(double t, Controls c, int[] rgb) {
        double dt = t - lastT;
        lastT = t;
        if (dt > 0 && dt < 0.5) {
            trips += dt * c.speed();
        }
        int n = rgb.length;
        double width = Math.min(n, Math.max(1, c.size() * n));
        double from = (1 - Math.cos(2 * Math.PI * trips)) / 2 * (n - width);
        double to = from + width;
        double hue = c.hue() + 0.5;
        for (int i = 0; i < n; i++) {
            double covered = Math.min(i + 1, to) - Math.max(i, from); // how much of pixel i the block covers
            rgb[i] = covered > 0 ? Colors.hsv(hue, 1, covered) : Colors.BLACK;
        }
    }
}
