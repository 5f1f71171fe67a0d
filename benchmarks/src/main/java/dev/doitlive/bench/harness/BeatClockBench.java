package dev.doitlive.bench.harness;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import dev.doitlive.beat.BeatClockImpl;
import dev.doitlive.beat.onset.AudioFile;
import dev.doitlive.beat.onset.SoxClicks;
import dev.doitlive.beat.onset.TempoEstimator;
import dev.doitlive.bench.jmh.BeatRead;

/**
 * The beat clock (issue 13): how close tap tempo gets to a click track's tempo when a human taps it (taps at the clicks
 * with a uniform ±10 ms jitter, seeded), how close the onset detector gets on click tracks made by sox, beside Debian's
 * aubio ({@code aubio tempo}) on the same files, and what a read of the clock costs (JMH, with the GC profiler for the
 * bytes a read allocates).
 */
public final class BeatClockBench {
    private static final double[] TEMPOS = {90, 120, 128, 140, 174};
    private static final int[] TAPS = {4, 8, 16};
    private static final int TRIALS = Integer.getInteger("bench.beat.trials", 1000);
    private static final double JITTER_MS = 10;
    private static final int BEATS = 48;
    private static final int WARMUP = Integer.getInteger("bench.jmh.warmup", 3);
    private static final int ITERATIONS = Integer.getInteger("bench.jmh.iterations", 5);

    private BeatClockBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("beat");
        try {
            taps(r);
            onset(r);
            reads(r);
        } finally {
            r.write(out);
        }
    }

    // --- tap tempo ------------------------------------------------------------------------------------------------

    private static void taps(Results r) {
        r.line("**Tap tempo against a click track.** " + TRIALS + " series per tempo and tap count; each tap at its click ± a uniform"
                + " " + (int) JITTER_MS + " ms (seeded), through the clock's own tap path (`BeatClockImpl.tap`) with those times. Tempo"
                + " error = |clock − true| after the last tap; beat error = how far the clock's nearest beat is from the last click.");
        r.line("");
        r.line("| true bpm | taps | tempo error median / p95 / worst (bpm) | beat error median / p95 / worst (ms) |");
        r.line("|---|---|---|---|");
        Random random = new Random(13);
        double worstP95At8 = 0;
        for (double bpm : TEMPOS) {
            long period = Math.round(60e9 / bpm);
            for (int n : TAPS) {
                double[] tempo = new double[TRIALS];
                double[] beat = new double[TRIALS];
                for (int trial = 0; trial < TRIALS; trial++) {
                    long start = 1_000_000_000_000L + random.nextInt(1_000_000_000);
                    BeatClockImpl clock = BeatClockImpl.standalone(start - 10_000_000_000L, 120);
                    long lastClick = 0;
                    for (int k = 0; k < n; k++) {
                        lastClick = start + k * period;
                        long jitter = Math.round((random.nextDouble() * 2 - 1) * JITTER_MS * 1e6);
                        clock.tap("bench", lastClick + jitter);
                    }
                    tempo[trial] = Math.abs(clock.bpm() - bpm);
                    double at = clock.beatAt(lastClick);
                    beat[trial] = Math.abs(at - Math.rint(at)) * 60e3 / clock.bpm();
                }
                Arrays.sort(tempo);
                Arrays.sort(beat);
                if (n == 8) {
                    worstP95At8 = Math.max(worstP95At8, q(tempo, 0.95));
                }
                r.line(String.format(Locale.ROOT, "| %.0f | %d | %.2f / %.2f / %.2f | %.1f / %.1f / %.1f |", bpm, n, q(tempo, 0.5), q(tempo, 0.95),
                        tempo[TRIALS - 1], q(beat, 0.5), q(beat, 0.95), beat[TRIALS - 1]));
            }
        }
        r.line("");
        r.target("tap tempo error after 8 taps (±10 ms), p95 over 90–174 bpm", String.format(Locale.ROOT, "%.2f bpm", worstP95At8),
                "the true tempo of the clicks", "≤ 1 bpm", worstP95At8 <= 1);
    }

    private static double q(double[] sorted, double quantile) {
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    // --- onset detection ---------------------------------------------------------------------------------------------

    private static void onset(Results r) throws Exception {
        r.line("**Onset tempo on sox click tracks, beside aubio.** " + BEATS + " clicks (1 kHz, 50 ms) of whole samples per beat at 44.1"
                + " kHz made by sox, with a -60 dB noise floor (a recorded metronome) and without (digital silence between the clicks);"
                + " ours: `AudioFile.read(...).tempo()` (spectral flux, autocorrelation, least-squares beat grid); aubio: `aubio tempo FILE`"
                + " (aubio-tools " + SoxClicks.aubioVersion() + "). Beat error: ours, the last beat found against the last click.");
        r.line("");
        if (!SoxClicks.available()) {
            r.line("Not measured: sox or aubio is not installed (Debian sox, aubio-tools).");
            r.target("onset tempo error on sox click tracks, worst", "not measured", "aubio", "≤ 1 bpm", null);
            return;
        }
        r.line("| track | true bpm | ours (bpm) | ours error | ours beat error | ours time | aubio tempo (bpm) | aubio error | aubio time |");
        r.line("|---|---|---|---|---|---|---|---|---|");
        Path dir = Harness.tempDir("beat");
        double worst = 0;
        double aubioWorst = 0;
        try {
            for (boolean noise : new boolean[] {true, false}) {
                for (double bpm : TEMPOS) {
                    int period = SoxClicks.samplesPerBeat(bpm);
                    double truth = SoxClicks.trueBpm(bpm);
                    Path track = SoxClicks.track(dir, bpm, BEATS, noise);
                    AudioFile.read(track).tempo(); // warm: the first file pays for the JIT
                    long t0 = System.nanoTime();
                    TempoEstimator.Estimate ours = AudioFile.read(track).tempo();
                    long oursNanos = System.nanoTime() - t0;
                    t0 = System.nanoTime();
                    double aubio = SoxClicks.aubioTempo(track);
                    long aubioNanos = System.nanoTime() - t0;
                    double error = ours.found() ? Math.abs(ours.bpm() - truth) : Double.POSITIVE_INFINITY;
                    double lastClick = (BEATS - 1) * period / 44100.0;
                    double beatError = ours.found() ? Math.abs(ours.beatSeconds() - lastClick) * 1e3 : Double.NaN;
                    worst = Math.max(worst, error);
                    aubioWorst = Math.max(aubioWorst, Double.isNaN(aubio) ? Double.POSITIVE_INFINITY : Math.abs(aubio - truth));
                    r.line(String.format(Locale.ROOT, "| %s | %.3f | %s | %.3f | %.1f ms | %.0f ms | %s | %s | %.0f ms |",
                            (noise ? "noise floor " : "digital silence ") + (int) bpm, truth,
                            ours.found() ? String.format(Locale.ROOT, "%.3f", ours.bpm()) : ours.problem(), error, beatError, oursNanos / 1e6,
                            Double.isNaN(aubio) ? "none" : String.format(Locale.ROOT, "%.2f", aubio),
                            Double.isNaN(aubio) ? "-" : String.format(Locale.ROOT, "%.2f", Math.abs(aubio - truth)), aubioNanos / 1e6));
                }
            }
        } finally {
            Harness.delete(dir);
        }
        r.line("");
        r.target("onset tempo error on sox click tracks (90–174 bpm, with and without a noise floor), worst",
                String.format(Locale.ROOT, "%.3f bpm", worst), String.format(Locale.ROOT, "aubio tempo: worst %.2f bpm", aubioWorst),
                "≤ 1 bpm", worst <= 1);
    }

    // --- reads -----------------------------------------------------------------------------------------------------

    private static void reads(Results r) throws Exception {
        Options opt = new OptionsBuilder()
                .include(BeatRead.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(WARMUP)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(ITERATIONS)
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build();
        Map<String, double[]> scores = new HashMap<>();
        for (RunResult rr : new Runner(opt).run()) {
            String bench = rr.getParams().getBenchmark();
            String method = bench.substring(bench.lastIndexOf('.') + 1);
            Result<?> alloc = rr.getSecondaryResults().get("gc.alloc.rate.norm");
            if (method.equals("changing")) {
                Result<?> read = rr.getSecondaryResults().get("read");
                Result<?> write = rr.getSecondaryResults().get("write");
                scores.put("changing: read", new double[] {read.getScore(), read.getScoreError(), Double.NaN});
                scores.put("changing: write", new double[] {write.getScore(), write.getScoreError(), Double.NaN});
            } else {
                Result<?> p = rr.getPrimaryResult();
                scores.put(method, new double[] {p.getScore(), p.getScoreError(), alloc == null ? Double.NaN : alloc.getScore()});
            }
        }
        r.line("**The cost of a read** (JMH average time, 1 fork × " + ITERATIONS + " × 1 s after " + WARMUP + " × 1 s warm-up, ± 99.9% CI;"
                + " B/op from the GC profiler). Through the `BeatClock` interface, as a pattern holds it. `changing`: one thread reads"
                + " `beatPhase()` while another sets the tempo back to back.");
        r.line("");
        r.line("| read | ns/op | B/op |");
        r.line("|---|---|---|");
        double worstRead = 0;
        double worstBytes = 0;
        for (String m : new String[] {"nanoTime", "beatAt", "beat", "beatPhase", "barPhase", "bpm", "changing: read", "changing: write"}) {
            double[] s = scores.get(m);
            if (s == null) {
                continue;
            }
            r.line(String.format(Locale.ROOT, "| %s | %.2f ± %.2f | %s |", m, s[0], s[1], Double.isNaN(s[2]) ? "-" : String.format(Locale.ROOT, "%.1f", s[2])));
            if (!m.equals("nanoTime") && !m.startsWith("changing")) {
                worstRead = Math.max(worstRead, s[0]);
                worstBytes = Math.max(worstBytes, s[2]);
            }
        }
        r.line("");
        double floor = scores.containsKey("nanoTime") ? scores.get("nanoTime")[0] : Double.NaN;
        double state = scores.containsKey("beatAt") ? scores.get("beatAt")[0] : Double.NaN;
        r.target("bytes a read of the beat clock allocates (beat, beatPhase, barPhase, bpm, beatAt), the most",
                String.format(Locale.ROOT, "%.1f B/op", worstBytes), "-", "0 B/op", worstBytes < 0.5);
        r.target("a read of the clock's state at a given time (beatAt)", String.format(Locale.ROOT, "%.1f ns", state),
                String.format(Locale.ROOT, "System.nanoTime(): %.1f ns; the reads of now (beat, beatPhase, barPhase): at most %.1f ns",
                        floor, worstRead), "≤ 10 ns", state <= 10);
    }
}
