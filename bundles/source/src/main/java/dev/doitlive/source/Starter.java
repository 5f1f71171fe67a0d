package dev.doitlive.source;

import java.util.Locale;

/**
 * The starter sources {@code live:new} writes: each compiles and runs as it is, keeps a bit of state a refresh
 * carries across, and says in its comments what to try.
 */
enum Starter {
    /** A light-show pattern (needs the show's API bundle, example.show.api). */
    PATTERN("example.show.api", """
            package live;

            import org.osgi.service.component.annotations.Component;

            import dev.doitlive.api.Refreshable;
            import example.show.api.Colors;
            import example.show.api.Controls;
            import example.show.api.Pattern;

            /**
             * A dot running along the strip. Edit and save: the next frame draws the new code, and the dot
             * goes on from where it was (its position is state, carried across). Try a tail, two dots, a colour.
             */
            @Component(service = Pattern.class)
            @Refreshable(name = "%1$s")
            public class %2$s implements Pattern {
                /** Where the dot is, 0 to 1 along the strip. */
                private double position;
                private double lastT;

                @Override
                public void render(double t, Controls c, int[] rgb) {
                    double dt = t - lastT;
                    lastT = t;
                    if (dt > 0 && dt < 0.5) { // not on the first frame, nor after a pause
                        position = (position + dt * c.speed()) %% 1;
                    }
                    int at = Math.min(rgb.length - 1, (int) (position * rgb.length));
                    rgb[at] = Colors.hsv(c.hue(), 1, 1);
                }
            }
            """),
    /** A number that changes with time: a refreshable any caller (or live:call) can ask for a value. */
    SIGNAL(null, """
            package live;

            import java.util.function.DoubleUnaryOperator;

            import org.osgi.service.component.annotations.Component;

            import dev.doitlive.api.Refreshable;

            /**
             * A signal: a value for each time t. Ask it with  live:call %1$s applyAsDouble 0.25
             * Edit and save: the next call runs the new code; calls counts on across versions.
             */
            @Component(service = DoubleUnaryOperator.class)
            @Refreshable(name = "%1$s")
            public class %2$s implements DoubleUnaryOperator {
                private long calls;

                @Override
                public double applyAsDouble(double t) {
                    calls++;
                    return Math.sin(2 * Math.PI * t);
                }
            }
            """),
    /** A loop's step: runs on its own thread at a rate; live:rate, live:stop and live:start steer it. */
    LOOP(null, """
            package live;

            import org.osgi.service.component.annotations.Component;

            import dev.doitlive.api.Loop;
            import dev.doitlive.api.Refreshable;
            import dev.doitlive.api.Step;

            /**
             * A loop: step() runs once a beat (live:rate %1$s 4 makes it four a second). Edit and save: the
             * next beat runs the new code and beats counts on. A step that throws is reverted, the loop goes on.
             */
            @Component(service = Step.class)
            @Refreshable(name = "%1$s")
            @Loop(rate = 1)
            public class %2$s implements Step {
                private long beats;

                @Override
                public void step() {
                    beats++;
                    if (beats %% 10 == 0) {
                        System.out.println("%1$s: beat " + beats);
                    }
                }
            }
            """),
    /** An audio block that plays by itself: the keys held (MIDI, live:note), else an arpeggio on the beat. */
    SYNTH(null, """
            package live;

            import org.osgi.service.component.annotations.Component;

            import dev.doitlive.api.Refreshable;
            import dev.doitlive.api.audio.AudioBlock;
            import dev.doitlive.api.audio.AudioBuffer;
            import dev.doitlive.api.audio.AudioContext;

            /**
             * A synth voice the audio engine plays (live:audio shows it): the key held on a MIDI keyboard or with
             * live:note A3 100 0, else an arpeggio, a note every half beat. Edit and save while it plays: the engine
             * crossfades the old version into the new one, and phase and key go on. Try Math.signum(...) for a square,
             * another chord, a faster arpeggio.
             */
            @Component(service = AudioBlock.class)
            @Refreshable(name = "%1$s")
            public class %2$s implements AudioBlock {
                private static final int[] CHORD = {57, 60, 64, 67}; // A3 C4 E4 G4
                private double phase;
                private int key = -1;
                private double level;

                @Override
                public void render(AudioBuffer out, AudioContext ctx) {
                    for (int n = 0; n < ctx.notes(); n++) {
                        key = ctx.noteVelocity(n) > 0 ? ctx.noteKey(n) : ctx.noteKey(n) == key ? -1 : key;
                    }
                    float[] left = out.channel(0);
                    for (int i = 0; i < ctx.frames(); i++) {
                        double beat = ctx.beat() + i * ctx.beatsPerFrame();
                        int k = key >= 0 ? key : CHORD[(int) Math.floorMod((long) Math.floor(beat * 2), (long) CHORD.length)];
                        boolean on = key >= 0 || (beat * 2) %% 1 < 0.5;
                        level += ((on ? 0.3 : 0) - level) * 0.002; // no click: the level glides
                        phase = (phase + AudioContext.hertz(k) / ctx.sampleRate()) %% 1;
                        left[i] = (float) (level * Math.sin(2 * Math.PI * phase));
                    }
                }
            }
            """);

    /** A package that must be exported for the starter to compile; null if the api is enough. */
    final String needs;
    /** The source, with %1$s for the refreshable's name and %2$s for the class's. */
    private final String template;

    Starter(String needs, String template) {
        this.needs = needs;
        this.template = template;
    }

    String source(String name, String className) {
        return template.formatted(name, className);
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The class of a refreshable name: {@code wave2} -> {@code Wave2}, {@code my-dot} -> {@code MyDot}.
     *
     * @throws IllegalArgumentException when the name does not start with a letter or holds other than letters,
     *                                  digits, - and _
     */
    static String className(String name) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("live:new: '" + name + "' is not a usable name: start with a letter,"
                    + " then letters, digits, - or _");
        }
        if (name.length() > 100) {
            throw new IllegalArgumentException("live:new: a name of " + name.length() + " characters is too long: 100 at most");
        }
        StringBuilder b = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }
}
