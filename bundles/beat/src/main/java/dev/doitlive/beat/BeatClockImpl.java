package dev.doitlive.beat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.beat.onset.Beats;
import dev.doitlive.beat.onset.OnsetInput;

/**
 * The show's beat clock. Reads are lock-free and allocate nothing: the whole state is one immutable {@link Tempo}
 * behind one volatile field, read once per call, so a reader sees a change whole or not at all. Changes are rare (a
 * command, a tap, an OSC message, a MIDI clock tick, an onset estimate a second) and serialised by a lock, never held by
 * a reader.
 *
 * <p>Where the tempo comes from: {@code bpm} in {@code dev.doitlive.beat.cfg}, until anything else sets one (the shell,
 * a tap, OSC, MIDI clock, the onset detector). A tempo so set is kept in the bundle's data area and wins over the
 * configuration's, across restarts, until {@code live:bpm default}; the same for the beats per bar and
 * {@code live:bar default}. A change of the configuration's value meanwhile is said in one line, so that an edit
 * that waits is not taken for one that was lost.
 */
@Component(service = {BeatClock.class, BeatClockImpl.class}, configurationPid = Settings.PID, immediate = true)
public class BeatClockImpl implements BeatClock, Beats {
    static final int MAX_BEATS_PER_BAR = 32;
    static final String CONFIGURED = "dev.doitlive.beat.cfg";
    /** Where the tempo comes from while there is no configuration at all (no .cfg, or it was deleted). */
    static final String BUILT_IN = "the built-in default";
    /** The onset detector moves the clock only for a change of tempo of at least this (bpm)... */
    static final double FOLLOW_BPM = 0.1;
    /** ...or a beat off by at least this (ns): a detector's jitter below either would only shake the phase. */
    static final long FOLLOW_NANOS = 10_000_000;

    /**
     * Optional: the clock starts before the runtime is up. What it says meanwhile (a damaged tempo.properties, a bad
     * value in dev.doitlive.beat.cfg, both read at the start) waits for the runtime, so that it is kept for live:errors
     * like any problem; without a framework (tests, benchmarks), lines go to stderr.
     */
    private volatile LiveRuntime runtime;
    /** Lines said while active without the runtime, oldest first; null outside a framework. Guarded by itself. */
    private List<String> early;

    /**
     * The state every read uses. Volatile: a reader on a loop's thread sees a new tempo whole, the moment it is
     * published (a plain field could show it late, or another core's stale one); one read per call keeps it consistent.
     */
    private volatile Tempo tempo;

    private final Object lock = new Object();
    private final Object earlyLock = new Object();
    private final TapTempo taps = new TapTempo();
    /** Where lines go without a runtime: stderr, or a test's list. */
    private java.util.function.Consumer<String> lines = line -> System.err.println("doitlive: " + line);
    private Settings settings = Settings.DEFAULTS;
    /** Whether a configuration is there (dev.doitlive.beat.cfg, or one given another way); false: the built-in defaults. */
    private boolean configured = true;
    /** Where the configuration in force came from, for the line when it goes. */
    private String configWhere = CONFIGURED;
    private TempoStore.Kept kept = TempoStore.Kept.NOTHING;
    private TempoStore store;
    private OnsetInput onset;

    /** For Declarative Services, which calls {@link #activate} next. */
    public BeatClockImpl() {
    }

    /** For tests and benchmarks: no framework, nothing kept, no onset detector; lines go to stderr. */
    BeatClockImpl(long now, Settings settings) {
        this.settings = settings;
        this.tempo = Tempo.start(now, settings.bpm(), settings.beatsPerBar(), CONFIGURED);
    }

    /**
     * A clock outside a framework, started at {@code now} at {@code bpm} with 4 beats a bar: for the benchmarks (the
     * package is private to the bundle, so no bundle sees this).
     */
    public static BeatClockImpl standalone(long now, double bpm) {
        return new BeatClockImpl(now, new Settings(bpm, Settings.DEFAULTS.beatsPerBar(), Settings.DEFAULTS.onset()));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindRuntime(LiveRuntime live) {
        List<String> waiting;
        synchronized (earlyLock) {
            runtime = live;
            waiting = early == null ? List.of() : new ArrayList<>(early);
            if (early != null) {
                early.clear();
            }
        }
        waiting.forEach(line -> live.report("beat", line));
    }

    void unbindRuntime(LiveRuntime live) {
        synchronized (earlyLock) {
            if (runtime == live) {
                runtime = null;
            }
        }
    }

    /**
     * For tests: a clock as {@link #activate} starts it, its tempo kept in {@code keptFile}, the onset detector on
     * {@code settings}' source; its lines go to {@code lines}. {@link #deactivate} stops it.
     */
    BeatClockImpl(Map<String, Object> props, Path keptFile, java.util.function.Consumer<String> lines) {
        this.lines = lines;
        start(props, keptFile);
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> props) {
        synchronized (earlyLock) {
            early = new ArrayList<>();
        }
        start(props, Path.of(context.getDataFile(TempoStore.FILE).getPath()));
    }

    private void start(Map<String, Object> props, Path keptFile) {
        List<String> problems = new ArrayList<>();
        synchronized (lock) {
            settings = Settings.check(props, Settings.DEFAULTS, problems);
            configured = Settings.configured(props);
            configWhere = Settings.where(props);
            store = new TempoStore(keptFile, this::problem);
            kept = store.load();
            double bpm = kept.hasBpm() ? kept.bpm() : settings.bpm();
            int bar = kept.hasBeatsPerBar() ? kept.beatsPerBar() : settings.beatsPerBar();
            tempo = Tempo.start(System.nanoTime(), bpm, bar, kept.hasBpm() ? kept.bpmSource() : origin());
            onset = new OnsetInput(this);
        }
        problems.forEach(this::problem);
        onset.use(settings.onset());
    }

    @Modified
    void modified(Map<String, Object> props) {
        List<String> problems = new ArrayList<>();
        Settings now;
        String news = null;
        synchronized (lock) {
            Settings before = settings;
            now = Settings.check(props, before, problems);
            settings = now;
            String where = Settings.where(props);
            long at = System.nanoTime();
            boolean deleted = configured && !Settings.configured(props);
            if (deleted) {
                // One line for the file's going, not a line per value it took with it (and no "configuration
                // dev.doitlive.beat: bpm = 120 waits", which named neither the file nor why).
                news = (configWhere + " was deleted: the built-in defaults apply (" + Settings.DEFAULTS + ")"
                        + (kept.hasBpm() ? "; the tempo stays " + Lines.bpm(tempo.bpm()) + ", set by " + kept.bpmSource()
                                + " (live:bpm default takes " + Lines.bpm(now.bpm()) + ")" : ""));
            }
            configured = Settings.configured(props);
            configWhere = where;
            if (now.bpm() != before.bpm()) {
                if (deleted && kept.hasBpm()) {
                    // said above
                } else if (kept.hasBpm()) {
                    problems.add(where + ": bpm = " + Lines.number(now.bpm()) + " waits: the tempo stays " + Lines.bpm(tempo.bpm())
                            + ", set by " + kept.bpmSource() + " (live:bpm default takes " + Lines.bpm(now.bpm()) + ")");
                } else {
                    tempo = tempo.withBpm(at, now.bpm(), origin());
                }
            }
            if (now.beatsPerBar() != before.beatsPerBar()) {
                if (kept.hasBeatsPerBar() && !deleted) {
                    problems.add(where + ": beatsPerBar = " + now.beatsPerBar() + " waits: the bar stays " + Lines.beats(tempo.beatsPerBar())
                            + ", set since (live:bar default takes " + now.beatsPerBar() + ")");
                } else if (!kept.hasBeatsPerBar()) {
                    tempo = tempo.withBeatsPerBar(at, now.beatsPerBar());
                }
            }
            if (!kept.hasBpm() && !origin().equals(tempo.source())) {
                tempo = tempo.withBpm(at, tempo.bpm(), origin()); // the same tempo, now the built-in one (or the file's again)
            }
        }
        if (news != null) {
            say(news);
        }
        problems.forEach(this::problem);
        onset.use(now.onset());
    }

    @Deactivate
    void deactivate() {
        onset.close();
        store.close();
        synchronized (earlyLock) {
            if (early != null) {
                early.forEach(lines); // the runtime never came: said all the same
            }
            early = null;
        }
    }

    // --- reads: one volatile read each, no lock, no allocation ---------------------------------------------------

    @Override
    public double bpm() {
        return tempo.bpm();
    }

    @Override
    public int beatsPerBar() {
        return tempo.beatsPerBar();
    }

    @Override
    public double beatAt(long nanoTime) {
        return tempo.beatAt(nanoTime);
    }

    @Override
    public long nanosAt(double beat) {
        return tempo.nanosAt(beat);
    }

    @Override
    public double beat() {
        return tempo.beatAt(System.nanoTime());
    }

    @Override
    public double beatPhase() {
        double b = tempo.beatAt(System.nanoTime());
        return b - Math.floor(b);
    }

    /** Where the downbeat put the bar, not only every {@link #beatsPerBar()} beats from the start. */
    @Override
    public double barPhase() {
        Tempo t = tempo;
        return t.barPhaseOf(t.beatAt(System.nanoTime()));
    }

    // --- changes ---------------------------------------------------------------------------------------------

    @Override
    public String bpm(double bpm, String source) {
        String by = by(source);
        if (!Settings.inRange(bpm)) { // NaN too
            throw new IllegalArgumentException(outOfRange(Lines.number(bpm)));
        }
        synchronized (lock) {
            double was = tempo.bpm();
            tempo = tempo.withBpm(System.nanoTime(), bpm, by);
            keepBpm(bpm, by);
            return Lines.bpm(bpm) + (Math.abs(was - bpm) >= 0.05 ? " (was " + Lines.bpm(was) + ")" : "") + ", set by " + by;
        }
    }

    /** The line refusing a tempo, {@code shown} as the caller has it. */
    String outOfRange(String shown) {
        return shown + " bpm is out of range: give " + Lines.number(MIN_BPM) + " to " + Lines.number(MAX_BPM) + "; the tempo stays "
                + Lines.bpm(tempo.bpm());
    }

    @Override
    public String tap(String source) {
        return tap(source, System.nanoTime());
    }

    /** A tap at {@code nanoTime}: {@link #tap(String)} with the time given, for tests and the benchmark. */
    public String tap(String source, long nanoTime) {
        String by = by(source);
        synchronized (lock) {
            TapTempo.Tap t = taps.tap(nanoTime);
            switch (t.kind()) {
                case FIRST -> {
                    tempo = tempo.onBeat(nanoTime, tempo.bpm(), tempo.source());
                    return "tap 1: the beat is on the tap; tap again for the tempo (" + Lines.bpm(tempo.bpm()) + " until then)";
                }
                case TEMPO -> {
                    double bpm = Math.max(MIN_BPM, Math.min(MAX_BPM, Tempo.NANOS_PER_MINUTE / t.nanosPerBeat()));
                    tempo = tempo.onBeat(nanoTime, bpm, by);
                    keepBpm(bpm, by);
                    return "tap " + t.taps() + ": " + Lines.bpm(bpm) + " from " + from(t) + ", the beat on the tap";
                }
                case OFF_BEAT -> {
                    return "tap " + t.taps() + " ignored: " + Lines.millis(t.sinceLast()) + " after the last, a beat is "
                            + Lines.millis(t.nanosPerBeat()) + "; the tempo stays " + Lines.bpm(tempo.bpm());
                }
                default -> {
                    return "tap ignored: " + Lines.millis(t.sinceLast()) + " after the last is a double tap"
                            + (t.nanosPerBeat() > 0 ? " (a beat is " + Lines.millis(t.nanosPerBeat()) + ")" : "")
                            + "; the tempo stays " + Lines.bpm(tempo.bpm());
                }
            }
        }
    }

    @Override
    public String downbeat(String source) {
        return downbeat(source, System.nanoTime());
    }

    String downbeat(String source, long now) {
        synchronized (lock) {
            tempo = tempo.downbeat(now);
            return "the bar starts now: beat " + (long) tempo.beatAtEpoch() + " is beat 1 of " + tempo.beatsPerBar();
        }
    }

    @Override
    public String beatsPerBar(int beats, String source) {
        String by = by(source);
        if (beats < 1 || beats > MAX_BEATS_PER_BAR) {
            throw new IllegalArgumentException(Lines.beats(beats) + " per bar is out of range: give 1 to " + MAX_BEATS_PER_BAR
                    + "; the bar stays " + Lines.beats(tempo.beatsPerBar()));
        }
        synchronized (lock) {
            int was = tempo.beatsPerBar();
            tempo = tempo.withBeatsPerBar(System.nanoTime(), beats);
            kept = kept.withBeatsPerBar(beats);
            save();
            return Lines.beats(beats) + " per bar" + (was != beats ? " (was " + was + ")" : "") + ", set by " + by + "; the bar starts on beat "
                    + (long) tempo.barStart();
        }
    }

    /** {@code live:bpm default}: the configuration's tempo again, from now on and after restarts. */
    String defaultBpm() {
        synchronized (lock) {
            double was = tempo.bpm();
            double bpm = settings.bpm();
            boolean wasKept = kept.hasBpm();
            tempo = tempo.withBpm(System.nanoTime(), bpm, origin());
            kept = kept.withBpm(Double.NaN, null);
            save();
            String whose = configured ? "the tempo of " + CONFIGURED : BUILT_IN + " (there is no " + CONFIGURED + ")";
            return wasKept || Math.abs(was - bpm) >= 0.05
                    ? Lines.bpm(was) + " -> " + Lines.bpm(bpm) + ", " + whose
                    : "the tempo is " + whose + ", " + Lines.bpm(bpm);
        }
    }

    /** {@code live:bar default}: the configuration's beats per bar again. */
    String defaultBeatsPerBar() {
        synchronized (lock) {
            int was = tempo.beatsPerBar();
            int beats = settings.beatsPerBar();
            boolean wasKept = kept.hasBeatsPerBar();
            tempo = tempo.withBeatsPerBar(System.nanoTime(), beats);
            kept = kept.withBeatsPerBar(0);
            save();
            String whose = configured ? "as " + CONFIGURED + " says" : BUILT_IN + " (there is no " + CONFIGURED + ")";
            return wasKept || was != beats ? was + " -> " + Lines.beats(beats) + " per bar, " + whose
                    : Lines.beats(beats) + " per bar, " + whose;
        }
    }

    /** {@code live:bpm}: the tempo, who set it, the beat and where in the bar. */
    String status() {
        Tempo t = tempo;
        double beat = t.beatAt(System.nanoTime());
        double barPhase = t.barPhaseOf(beat);
        int inBar = (int) Math.floor(barPhase * t.beatsPerBar()) + 1;
        boolean byHand = !CONFIGURED.equals(t.source()) && !BUILT_IN.equals(t.source());
        return Lines.bpm(t.bpm()) + ", set by " + t.source() + (byHand ? " (kept until live:bpm default)" : "")
                + String.format(java.util.Locale.ROOT, "; beat %.2f, beat %d of %d in the bar (bar phase %.2f)", beat, inBar,
                        t.beatsPerBar(), barPhase);
    }

    /** For tests: the onset detector's files handed in so far are analysed. */
    void awaitOnset() throws Exception {
        onset.awaitFiles();
    }

    /** Who gives the tempo when nobody set one: the configuration, or the built-in default without one. */
    private String origin() {
        return configured ? CONFIGURED : BUILT_IN;
    }

    /** The state now, for tests: one consistent snapshot. */
    Tempo tempo() {
        return tempo;
    }

    // --- the onset detector ----------------------------------------------------------------------------------

    @Override
    public void follow(double bpm, long beatNanos, String source) {
        if (!Settings.inRange(bpm)) {
            return;
        }
        synchronized (lock) {
            Tempo t = tempo;
            double at = t.beatAt(beatNanos);
            long off = Math.round(Math.abs(at - Math.rint(at)) * t.nanosPerBeat());
            if (Math.abs(bpm - t.bpm()) < FOLLOW_BPM && off < FOLLOW_NANOS && source.equals(t.source())) {
                return;
            }
            tempo = t.onBeat(beatNanos, bpm, source);
            keepBpm(bpm, source);
        }
    }

    @Override
    public void problem(String line) {
        LiveRuntime live;
        synchronized (earlyLock) {
            live = runtime;
            if (live == null && early != null) {
                early.add(line);
                return;
            }
        }
        if (live != null) {
            live.report("beat", line);
        } else {
            lines.accept(line);
        }
    }

    @Override
    public boolean analysed(String fingerprint) {
        synchronized (lock) {
            return fingerprint.equals(kept.onsetFile());
        }
    }

    /** A WAV's tempo, once per file: taken, remembered with the tempo, and said. */
    @Override
    public void fileTempo(double bpm, long beatNanos, String fileName, String fingerprint) {
        if (!Settings.inRange(bpm)) {
            return;
        }
        synchronized (lock) {
            if (fingerprint.equals(kept.onsetFile())) {
                return;
            }
            String by = "onset from " + fileName;
            tempo = tempo.onBeat(beatNanos, bpm, by);
            kept = kept.withBpm(bpm, by).withOnsetFile(fingerprint);
            save();
        }
        say("beat: " + Lines.bpm(bpm) + " from the onsets of " + fileName);
    }

    /** News, not a problem: through the runtime's say, not kept for live:errors. */
    private void say(String line) {
        LiveRuntime live = runtime;
        if (live != null) {
            live.say(line);
        } else {
            lines.accept(line);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private void keepBpm(double bpm, String by) {
        kept = kept.withBpm(bpm, by);
        save();
    }

    private void save() {
        if (store != null) {
            store.save(kept);
        }
    }

    /**
     * What a tapped tempo was taken from: {@code 3 intervals} while the series fits the window; past it, the true count
     * is the tap's number and the tempo comes from {@code the last 8 taps (7 intervals)}, or {@code (6 of their 7
     * intervals)} with an outlier left out.
     */
    private static String from(TapTempo.Tap t) {
        int intervals = t.window() - 1;
        String counted = t.counted() + (t.counted() == 1 ? " interval" : " intervals");
        if (t.taps() <= t.window()) {
            return counted;
        }
        return "the last " + t.window() + " taps (" + (t.counted() == intervals ? counted : t.counted() + " of their " + intervals
                + " intervals") + ")";
    }

    /** Who set the clock, for the lines; a caller that says nothing is still served. */
    private static String by(String source) {
        return source == null || source.isBlank() ? "an unnamed source" : source.strip();
    }
}
