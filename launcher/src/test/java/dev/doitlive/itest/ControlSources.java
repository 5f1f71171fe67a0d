package dev.doitlive.itest;

import java.util.Map;

/** The bundles the controls kit's tests drive: a refreshable with knobs to turn, and a beat clock to tell. */
final class ControlSources {
    private ControlSources() {
    }

    /**
     * A refreshable {@code test.api.Echo} named "x" with a field of each kind a control sets, and methods to call:
     * {@code poke()} counts, {@code add(a, b)} answers, {@code pick(i)} answers a value of another type for each i.
     */
    static Map<String, String> knobs() {
        return Sources.of("t.knobs.Knobs", """
                package t.knobs;

                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Echo;

                @Component(service = Echo.class)
                @Refreshable(name = "x")
                public class Knobs implements Echo {
                    double level = 0.5;
                    int count;
                    boolean on;
                    boolean gate;
                    String label = "a";
                    String tag;
                    long big = 1L << 40;
                    long ticks = 3;
                    Mode mode = Mode.CALM;
                    int pokes;

                    public enum Mode { CALM, BUSY, WILD }

                    public String echo(String s) { return s; }
                    public int add(int a, int b) { return a + b; }
                    public double mix(double t, double x) { return t * x; }
                    public Object pick(int i) {
                        Object[] each = {5, 5L, (short) 5, (byte) 5, 2.5, 2.5f, true, "five", Mode.WILD};
                        return i >= 0 && i < each.length ? each[i] : null;
                    }
                    public synchronized void poke() { pokes++; }
                }
                """);
    }

    /**
     * A minimal real {@code BeatClock} (a DS component, as the beat kit's will be) that keeps every call it gets, for
     * {@code test.api.Holder#describe}: "bpm 128.000 osc; tap osc; downbeat midi clock". The beat kit's own clock (a
     * core bundle, which OscTest also drives) leaves no trace of a tap or a downbeat that a test could read without
     * timing it; the tests stop it and drop this one. Its tempo changes do not keep the beat continuous: the tests only
     * look at what it was told.
     */
    static Map<String, String> beatClock() {
        return Sources.of("t.beat.TestClock", """
                package t.beat;

                import java.util.*;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.beat.BeatClock;
                import test.api.Holder;

                @Component(service = {BeatClock.class, Holder.class}, property = "test.kind=beat")
                public class TestClock implements BeatClock, Holder {
                    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
                    private volatile double bpm = 120;
                    private volatile long start = System.nanoTime();

                    public double bpm() { return bpm; }
                    public int beatsPerBar() { return 4; }
                    public double beatAt(long t) { return (t - start) * bpm / 60e9; }
                    public long nanosAt(double beat) { return start + (long) (beat * 60e9 / bpm); }

                    public String bpm(double v, String source) {
                        if (!(v >= MIN_BPM && v <= MAX_BPM)) {
                            throw new IllegalArgumentException("tempo " + v + " bpm: give " + MIN_BPM + " to " + MAX_BPM);
                        }
                        bpm = v;
                        calls.add(String.format(Locale.ROOT, "bpm %.3f %s", v, source));
                        return "tempo " + v + " bpm";
                    }
                    public String tap(String source) { calls.add("tap " + source); return "tap"; }
                    public String downbeat(String source) { start = System.nanoTime(); calls.add("downbeat " + source); return "bar"; }
                    public String beatsPerBar(int n, String source) { calls.add("beatsPerBar " + n + " " + source); return "bar of " + n; }
                    public String describe() { synchronized (calls) { return String.join("; ", calls); } }
                }
                """);
    }
}
