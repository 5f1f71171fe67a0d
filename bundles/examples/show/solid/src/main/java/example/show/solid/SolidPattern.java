package example.show.solid;

import java.util.Arrays;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Refreshable;
import example.show.api.Colors;
import example.show.api.Controls;
import example.show.api.Pattern;

/**
 * Full colour: the whole strip in one colour, a third of the wheel away from the show's hue, drifting slowly
 * round the wheel (a tenth of {@code speed} turns per second). Its state is {@link #drift}.
 */
@Component(service = Pattern.class)
@Refreshable(name = "solid")
public class SolidPattern implements Pattern {
    /** Turns of the colour wheel the colour has drifted. */
    private double drift;

    /** The time of the last frame. */
    private double lastT;

    @Override
    public void render(double t, Controls c, int[] rgb) {
        double dt = t - lastT;
        lastT = t;
        if (dt > 0 && dt < 0.5) {
            drift += dt * c.speed() / 10;
        }
        Arrays.fill(rgb, Colors.hsv(c.hue() + 1.0 / 3 + drift, 1, 1));
    }
}
