package example.show.loop;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.doitlive.api.Default;
import dev.doitlive.api.Loop;
import dev.doitlive.api.pixels.PixelOutput;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.Step;
import dev.doitlive.api.beat.BeatClock;
import example.show.api.Controls;
import example.show.api.Pattern;

/**
 * The light show: 60 times a second, renders every {@link Pattern} there is, adds them up at their levels
 * (light adds up), and writes the frame to {@link #output}.
 *
 * <p>The knobs are fields: {@code live:set show wave 0.5}, {@code live:set show hue 0}, {@code live:set show
 * output /dev/pts/3}. Patterns come and go as DS services (their proxies stay bound across their refreshes); a
 * pattern that throws is left out of that frame and named in {@link #problem}, and the show goes on.
 */
@Component(service = Step.class)
@Refreshable(name = Show.NAME)
@Loop(rate = 60)
public class Show implements Step {
    /** The show's refreshable name, and its strip's. */
    static final String NAME = "show";
    /** The longest strip drawn. */
    static final int MAX_PIXELS = 1000;

    // The mix: how much of each pattern, 0 (off) to 1 (full).
    @Default
    private double solid = 0.15;
    @Default
    private double wave = 1;
    @Default
    private double strobe = 0;
    @Default
    private double bounce = 0.8;
    @Default
    private double pulse = 0.5;
    /** Patterns by any other name: the ones you add. */
    @Default
    private double others = 1;

    // The controls every pattern gets (see Controls).
    @Default
    private double hue = 0.6;
    @Default
    private double speed = 0.5;
    @Default
    private double size = 0.25;

    /** The whole frame's brightness. */
    @Default
    private double brightness = 1;
    @Default
    private int pixels = 64;

    /**
     * Where the frames go: a file (relative to the runtime's directory) gets one line per frame, {@link #fileRate}
     * lines per second, for {@code tail -f}; a terminal device ({@code tty} in another terminal prints one) gets
     * every frame, the strip redrawn in place; empty: nowhere. A knob like the others: live:initdefaults resets it.
     */
    @Default
    private String output = "show.txt";
    /** Lines per second written to a file; 0: every frame. */
    @Default
    private double fileRate = 10;

    /** Frames drawn. */
    private long frames;
    /** The last thing that went wrong (a pattern that threw, an output that failed), or null. */
    private String problem;
    /** Time zero of the show; carried across refreshes, so that the time patterns see goes on. */
    private long startNanos = System.nanoTime();

    /**
     * Every pattern (its proxy), with its service properties: its {@code doitlive.name} says which level applies.
     * Last of the fields so that {@code live:state show} starts with the knobs.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Map.Entry<Map<String, Object>, Pattern>> patterns;

    /** Where else each frame goes: the web page's strip view (it costs nothing while no page watches). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<PixelOutput> outputs;

    /** The beat kit's clock: the beat every pattern gets (2 beats a second while there is none). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BeatClock clock;

    // Working memory: rebuilt when missing, never carried.
    private transient Frame frame;
    private transient Strip strip;
    private transient boolean deactivated;

    @Override
    public void step() {
        long now = System.nanoTime();
        double t = (now - startNanos) / 1e9;
        int n = Math.max(1, Math.min(pixels, MAX_PIXELS));
        Frame f = frame;
        if (f == null || f.length() != n) {
            frame = f = new Frame(n);
        }
        Controls c = new Controls(hue, speed, size, beat(now, t), bar());
        f.clear();
        List<Map.Entry<Map<String, Object>, Pattern>> all = patterns;
        for (int i = 0, k = all == null ? 0 : all.size(); i < k; i++) {
            Map.Entry<Map<String, Object>, Pattern> p = all.get(i);
            Object name = p.getKey().get(Refreshable.NAME_PROPERTY);
            double level = level(name);
            if (level > 0) {
                int[] layer = f.layer();
                try {
                    p.getValue().render(t, c, layer);
                } catch (RuntimeException | LinkageError e) {
                    // Its proxy reverts it while it is on probation; a pattern still throwing sits this frame out.
                    problem = "frame " + frames + ": " + name + " threw " + e;
                    continue;
                }
                f.add(level);
            }
        }
        f.finish(brightness);
        frames++;
        write(f, now);
    }

    /**
     * The beat for the patterns: the clock's, counted so that its bars start on multiples of {@link #bar()} (a downbeat
     * moves where the clock's bars start); 2 beats a second without a clock.
     */
    private double beat(long now, double t) {
        BeatClock c = clock;
        if (c == null) {
            return t * 2;
        }
        double b = c.beatAt(now);
        int beats = c.beatsPerBar();
        double barStart = Math.rint(b - c.barPhase() * beats);
        return b - Math.floorMod((long) barStart, beats);
    }

    private int bar() {
        BeatClock c = clock;
        return c == null ? 4 : c.beatsPerBar();
    }

    private double level(Object name) {
        if (name instanceof String s) {
            switch (s) {
                case "solid": return solid;
                case "wave": return wave;
                case "strobe": return strobe;
                case "bounce": return bounce;
                case "pulse": return pulse;
                default: break;
            }
        }
        return others;
    }

    private synchronized void write(Frame f, long now) {
        if (deactivated) {
            return; // the old version, serving while its bundle is replaced: the new one writes
        }
        Strip s = strip;
        if (s == null || !s.isFor(output)) {
            if (s != null) {
                s.close();
            }
            strip = s = new Strip(output);
        }
        String failure = s.write(f.pixels(), now, fileRate);
        if (failure != null) {
            problem = "frame " + frames + ": " + failure;
        }
        List<PixelOutput> more = outputs;
        for (int i = 0, k = more == null ? 0 : more.size(); i < k; i++) {
            try {
                more.get(i).frame(NAME, f.pixels(), f.length());
            } catch (RuntimeException | LinkageError e) {
                problem = "frame " + frames + ": an output threw " + e;
            }
        }
    }

    @Deactivate
    synchronized void deactivate() {
        deactivated = true;
        if (strip != null) {
            strip.close();
        }
    }
}
