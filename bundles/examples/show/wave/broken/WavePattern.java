package example.show.wave;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Refreshable;
import example.show.api.Colors;
import example.show.api.Controls;
import example.show.api.Pattern;

/**
 * A broken wave: it builds and starts, but its loop runs one pixel too far and render() throws
 * ArrayIndexOutOfBoundsException. Drop it while the show runs: the first frame fails on probation, the runtime
 * reverts the wave to the version before, and that version draws the frame.
 */
@Component(service = Pattern.class)
@Refreshable(name = "wave")
public class WavePattern implements Pattern {
    private static final double SHARPNESS = 2;

    private double phase;

    private double lastT;

    @Override
    public void render(double t, Controls c, int[] rgb) {
        double dt = t - lastT;
        lastT = t;
        if (dt > 0 && dt < 0.5) {
            phase += dt * c.speed();
        }
        int n = rgb.length;
        double wavelength = Math.max(2, c.size() * n);
        for (int i = 0; i <= n; i++) {
            double s = (1 + Math.sin(2 * Math.PI * (i / wavelength - phase))) / 2;
            rgb[i] = Colors.hsv(c.hue(), 1, Math.pow(s, SHARPNESS));
        }
    }
}
