package example.show.pulse;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Refreshable;
import example.show.api.Colors;
import example.show.api.Controls;
import example.show.api.Pattern;

/**
 * On the beat: the strip lights up on every beat of the music ({@link Controls#beat()}, the beat kit's clock) and fades
 * before the next one; the first beat of each bar is full white, the others the show's hue. {@code size} is how much
 * of the beat the light lasts. It keeps no time of its own: tap a new tempo ({@code live:tap}) and it follows.
 * Its state is {@link #flashes}: the beats it has lit, for {@code live:state pulse}.
 */
@Component(service = Pattern.class)
@Refreshable(name = "pulse")
public class PulsePattern implements Pattern {
    /** Beats lit so far. */
    private long flashes;
    /** The beat lit last. */
    private long lastBeat = Long.MIN_VALUE;

    @Override
    public void render(double t, Controls c, int[] rgb) {
        long beat = (long) Math.floor(c.beat());
        if (beat != lastBeat) {
            lastBeat = beat;
            flashes++;
        }
        double length = Math.max(0.05, Math.min(1, c.size() * 2));
        double into = c.beatPhase();
        double v = into < length ? Math.pow(1 - into / length, 2) : 0;
        boolean downbeat = Math.floorMod(beat, Math.max(1, c.bar())) == 0;
        int colour = Colors.hsv(c.hue(), downbeat ? 0 : 1, v);
        java.util.Arrays.fill(rgb, colour);
    }
}
