package example.show.wave;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Default;
import dev.doitlive.api.Refreshable;
import example.show.api.Colors;
import example.show.api.Controls;
import example.show.api.Pattern;

/**
 * Version 2 of the wave: thinner crests, and the colour turns along the strip by {@link #rainbow} of the
 * colour wheel. Copy it over src/main/java/example/show/wave/WavePattern.java, rebuild, drop the jar again:
 * the wave goes on from the phase it had; the new field starts from its @Default.
 */
@Component(service = Pattern.class)
@Refreshable(name = "wave")
public class WavePattern implements Pattern {
    /** Higher: thinner crests. */
    private static final double SHARPNESS = 8;

    /** Crests gone by since the wave started; grows by {@code speed} per second. */
    private double phase;

    /** The time of the last frame, to advance by the time that passed. */
    private double lastT;

    /** How far the hue turns from one end of the strip to the other (live:set wave rainbow 1). */
    @Default
    private double rainbow = 0.3;

    @Override
    public void render(double t, Controls c, int[] rgb) {
        double dt = t - lastT;
        lastT = t;
        if (dt > 0 && dt < 0.5) {
            phase += dt * c.speed();
        }
        int n = rgb.length;
        double wavelength = Math.max(2, c.size() * n);
        for (int i = 0; i < n; i++) {
            double s = (1 + Math.sin(2 * Math.PI * (i / wavelength - phase))) / 2;
            rgb[i] = Colors.hsv(c.hue() + rainbow * i / n, 1, Math.pow(s, SHARPNESS));
        }
    }
}
