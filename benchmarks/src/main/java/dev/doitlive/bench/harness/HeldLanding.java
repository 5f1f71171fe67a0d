package dev.doitlive.bench.harness;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.bench.api.Probe;
import dev.doitlive.itest.LiveFramework;

/**
 * Swaps held for the beat (issue 13, "beat-held swap"): a refreshable declaring {@code @Refreshable(at = BEAT)} gets a
 * new jar dropped at a random phase of the beat; its {@code postRefresh} stamps the moment it went live, and the
 * distance from the beat it landed on is what a listener hears. The beat kit's clock at 240 beats per minute (a beat
 * every 250 ms), while a 60 Hz loop steps beside it. Anchor: one frame at 60 Hz.
 */
public final class HeldLanding {
    private static final int WARMUP = Integer.getInteger("bench.held.warmup", 5);
    private static final int SAMPLES = Integer.getInteger("bench.held.samples", 50);
    private static final double BPM = 240;
    private static final long FRAME = 16_666_667L;

    private HeldLanding() {
    }

    /** A probe landing on the beat; {@code count()} answers the nanoTime its postRefresh ran at. */
    static Map<String, String> probe(String label) {
        return Map.of("bench.held.HeldProbe", """
                package bench.held;

                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.Boundary;
                import dev.doitlive.api.RefreshHooks;
                import dev.doitlive.api.Refreshable;
                import dev.doitlive.bench.api.Probe;

                @Component(service = Probe.class, property = "bench.kind=held")
                @Refreshable(name = "held", at = Boundary.BEAT)
                public class HeldProbe implements Probe, RefreshHooks {
                    private volatile long calls;
                    private transient volatile long wentLiveAt;
                    public void postRefresh() { wentLiveAt = System.nanoTime(); }
                    public String version() { return "%s"; }
                    public long next() { return ++calls; }
                    public long count() { return wentLiveAt; }
                }
                """.formatted(label));
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("held");
        Path dir = Harness.tempDir("held");
        int n = WARMUP + SAMPLES;
        List<byte[]> jars = BenchBundles.versions("bench.held", n + 1, i -> probe("v" + i));
        try (LiveFramework fw = Harness.start(dir)) {
            BeatClock clock = fw.awaitService(BeatClock.class, null, Harness.WAIT);
            clock.bpm(BPM, "bench");
            fw.drop("ticker.jar", BenchBundles.versions("bench.ticker", 1, i -> BenchBundles.ticker("t0", 60)).get(0));
            fw.drop("held.jar", jars.get(0));
            Probe p = fw.awaitService(Probe.class, "(bench.kind=held)", Harness.WAIT);
            Harness.quiesce();
            long[] late = new long[SAMPLES];
            long[] held = new long[SAMPLES];
            for (int i = 1; i <= n; i++) {
                String label = "v" + i;
                Harness.settle(20, 250);
                long t0 = Harness.drop(fw, "held.jar", jars.get(i));
                Harness.await(() -> label.equals(p.version()), "the held " + label + " to land");
                long landed = p.count();
                double beat = Math.floor(clock.beatAt(landed) + 1e-9);
                if (i > WARMUP) {
                    late[i - WARMUP - 1] = landed - clock.nanosAt(beat);
                    held[i - WARMUP - 1] = landed - t0;
                }
            }
            Stats s = new Stats(late);
            Stats h = new Stats(held);
            r.line("A jar renamed into the watched folder at a random phase of the beat, for a refreshable that lands on the beat"
                    + " (`@Refreshable(at = BEAT)`); the beat clock at " + (long) BPM + " beats per minute (a beat every 250 ms);"
                    + " a 60 Hz loop steps beside it. Its postRefresh stamps the moment it went live. " + WARMUP + " warm-up drops first.");
            r.line("");
            r.line("| what | ms |");
            r.line("|---|---|");
            r.line("| landing after its beat | " + s.summary() + " |");
            r.line("| drop to landing (the poll, the arrival, the wait for the beat) | " + h.summary() + " |");
            r.target("beat-held swap, landing after the beat, p99", Stats.ms(s.p99()) + " (n=" + s.n() + ", median " + Stats.ms(s.median()) + ")",
                    "one frame at 60 Hz: 16.7 ms", "≤ 1 frame", s.p99() <= FRAME);
        } finally {
            r.write(out);
            Harness.delete(dir);
        }
    }
}
