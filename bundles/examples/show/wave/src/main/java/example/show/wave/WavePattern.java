package example.show.wave;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Refreshable;
import example.show.api.Colors;
import example.show.api.Controls;
import example.show.api.Pattern;

/**
 * A sine wave travelling along the strip. Its state is {@link #phase}: how many crests have gone by. A refresh
 * carries it across, so a new version of the wave goes on from where the old one was instead of jumping back.
 * Try v2/ beside this project: thinner crests, a rainbow along the strip, the same phase.
 */
@Component(service = Pattern.class)
@Refreshable(name = "wave")
public class WavePattern implements Pattern {
    /** Higher: thinner crests. */
    private static final double SHARPNESS = 2;

    /** Crests gone by since the wave started; grows by {@code speed} per second. */
    private double phase;

    /** The time of the last frame, to advance by the time that passed. */
    private double lastT;

    @Override
    public void render(double t, Controls c, int[] rgb) {
        double dt = t - lastT;
        lastT = t;
        if (dt > 0 && dt < 0.5) { // not on the first frame, nor after a pause: go on from here
            phase += dt * c.speed();
        }
        int n = rgb.length;
        double wavelength = Math.max(2, c.size() * n); // pixels from crest to crest
        for (int i = 0; i < n; i++) {
            double s = (1 + Math.sin(2 * Math.PI * (i / wavelength - phase))) / 2;
            rgb[i] = Colors.hsv(c.hue(), 1, Math.pow(s, SHARPNESS));
        }
    }
}
