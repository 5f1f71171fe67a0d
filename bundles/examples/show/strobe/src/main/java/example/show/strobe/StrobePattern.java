package example.show.strobe;

import java.util.Arrays;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Refreshable;
import example.show.api.Colors;
import example.show.api.Controls;
import example.show.api.Pattern;

/**
 * A strobe: the whole strip flashes almost white, four times per cycle of {@code speed}, and fades over
 * {@code size} of the time to the next flash. Its state is {@link #beats}: flashes so far, and how far into the
 * current one.
 */
@Component(service = Pattern.class)
@Refreshable(name = "strobe")
public class StrobePattern implements Pattern {
    /** Flashes per cycle of the show's speed. */
    private static final double FLASHES_PER_CYCLE = 4;

    /** Flashes so far; the fraction is how far we are into the current one. */
    private double beats;

    /** The time of the last frame. */
    private double lastT;

    @Override
    public void render(double t, Controls c, int[] rgb) {
        double dt = t - lastT;
        lastT = t;
        if (dt > 0 && dt < 0.5) {
            beats += dt * c.speed() * FLASHES_PER_CYCLE;
        }
        double into = beats - Math.floor(beats);
        double length = Math.max(0.02, c.size());
        double v = into < length ? 1 - into / length : 0;
        Arrays.fill(rgb, Colors.hsv(c.hue(), 0.15, v));
    }
}
