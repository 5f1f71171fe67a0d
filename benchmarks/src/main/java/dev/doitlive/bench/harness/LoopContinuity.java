package dev.doitlive.bench.harness;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.bench.api.Probe;
import dev.doitlive.bench.api.Recorder;
import dev.doitlive.itest.LiveFramework;

/**
 * Loop continuity (issue 6, item 4): a 1 kHz loop, run by the runtime through its step's proxy, while its step is
 * refreshed 100 times: steps missed and the largest gap between two steps. Anchor: the same loop for as long again
 * with no refresh. Every step stamps its start into the {@link Recorder}.
 */
public final class LoopContinuity {
    private static final int RATE = 1000;
    private static final long PERIOD = 1_000_000_000L / RATE;
    private static final int WARMUP = Integer.getInteger("bench.loop.warmup", 5);
    private static final int REFRESHES = Integer.getInteger("bench.loop.refreshes", 100);
    private static final int REVERTS = Integer.getInteger("bench.loop.reverts", 5);
    private static final long TARGET_GAP = 5_000_000L;
    private static final long TARGET_REVERT_GAP = 2_000_000L;

    private LoopContinuity() {
    }

    /** Gaps between consecutive steps and what they add up to. */
    record Gaps(long steps, long span, long missed, long largest, long over2ms, long over5ms, long p999) {
        static Gaps of(long[] stamps) {
            long largest = 0;
            long over2 = 0;
            long over5 = 0;
            long[] gaps = new long[Math.max(1, stamps.length - 1)];
            for (int i = 1; i < stamps.length; i++) {
                long g = stamps[i] - stamps[i - 1];
                gaps[i - 1] = g;
                largest = Math.max(largest, g);
                over2 += g > 2_000_000L ? 1 : 0;
                over5 += g > 5_000_000L ? 1 : 0;
            }
            long span = stamps.length < 2 ? 0 : stamps[stamps.length - 1] - stamps[0];
            // Steps due in the span minus steps run: the loop runs the steps it owes after a stall of up to 100 ms, and
            // skips those of a longer one.
            long missed = Math.max(0, Math.round((double) span / PERIOD) + 1 - stamps.length);
            return new Gaps(stamps.length, span, missed, largest, over2, over5, new Stats(gaps).quantile(0.999));
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("loop");
        Path dir = Harness.tempDir("loop");
        int n = WARMUP + REFRESHES;
        List<byte[]> versions = BenchBundles.versions("bench.ticker", n + 1, i -> BenchBundles.ticker("v" + i, RATE));
        List<byte[]> broken = BenchBundles.versions("bench.ticker", REVERTS, i -> BenchBundles.ticker("broken" + i, RATE,
                "Recorder.failing(); throw new IllegalStateException(\"broken on purpose\");"));
        try (LiveFramework fw = Harness.start(dir); Pauses pauses = new Pauses()) {
            LiveRuntime runtime = fw.awaitService(LiveRuntime.class, null, Harness.WAIT);
            fw.drop("ticker.jar", versions.get(0));
            Probe p = fw.awaitService(Probe.class, null, Harness.WAIT);
            Harness.await(() -> p.count() > 2 * RATE, "the loop to run 2 s");
            for (int i = 1; i <= WARMUP; i++) {
                refresh(fw, p, versions.get(i), "v" + i);
            }

            Harness.quiesce();
            Instant from = Instant.now();
            Recorder.startSteps();
            long start = System.nanoTime();
            List<long[]> windows = new ArrayList<>();
            for (int i = WARMUP + 1; i <= n; i++) {
                windows.add(refresh(fw, p, versions.get(i), "v" + i));
            }
            long during = System.nanoTime() - start;
            long[] refreshed = Recorder.stopSteps();
            Instant end = Instant.now();
            Harness.quiesce();
            Instant mid = Instant.now();
            long midNanos = System.nanoTime();
            Recorder.startSteps();
            LockSupport.parkNanos(during);
            long[] quiet = Recorder.stopSteps();
            Instant to = Instant.now();
            LoopDTO loop = runtime.loops().stream().filter(l -> l.name.equals("ticker")).findFirst().orElseThrow();

            // A version whose step throws, reverted on probation while the loop runs: the step that failed waits for the
            // revert, then runs again on the version before. Done once the bundle holds the live version's bytes again.
            Recorder.startSteps();
            List<long[]> revertWindows = new ArrayList<>();
            String good = "v" + n;
            for (int k = 0; k < REVERTS; k++) {
                int failed = k + 1;
                Harness.settle(50, 50);
                long t0 = Harness.drop(fw, "ticker.jar", broken.get(k));
                long t1 = Harness.await(() -> brokenCalls(runtime) >= failed && good.equals(p.version())
                        && bundleHoldsTheLiveVersion(fw, runtime), "the broken step to be reverted and its bundle restored");
                revertWindows.add(new long[] {t0, t1});
            }
            Harness.settle(20, 0);
            long[] reverted = Recorder.stopSteps();
            long[] failingSteps = Recorder.failingSteps();
            Stats revertGaps = new Stats(worstGapPerSwap(reverted, revertWindows));
            Stats failingGaps = new Stats(gapsAround(reverted, failingSteps));

            // The same by hand: live:revert, going back one version each time; the loop's step does not wait for it.
            Recorder.startSteps();
            List<long[]> byHand = new ArrayList<>();
            for (int k = 0; k < REVERTS; k++) {
                Harness.settle(50, 50);
                long t0 = System.nanoTime();
                runtime.revert("ticker", -1, Harness.WAIT.toMillis());
                byHand.add(new long[] {t0, System.nanoTime()});
            }
            long[] manual = Recorder.stopSteps();
            Stats manualGaps = new Stats(worstGapPerSwap(manual, byHand));

            // The machine's own anchor: a plain thread of this JVM on the same schedule, the runtime's loop stopped.
            runtime.stopLoop("ticker");
            Harness.quiesce();
            Instant bareFrom = Instant.now();
            long bareNanos = System.nanoTime();
            long[] bare = plainLoop(during);
            Instant bareTo = Instant.now();
            pauses.stop();

            if (System.getProperty("bench.jfr") != null) {
                printLargestGaps(refreshed, start, from);
            }
            Gaps g = Gaps.of(refreshed);
            Gaps q = Gaps.of(quiet);
            Gaps b = Gaps.of(bare);
            long[] perSwap = worstGapPerSwap(refreshed, windows);
            Stats swapGaps = new Stats(perSwap);
            java.util.function.Predicate<String> loopThread = t -> t.startsWith("doitlive-loop-");
            r.line("A `@Loop(rate = 1000)` step, run by the runtime through its proxy, stamps each step. " + REFRESHES
                    + " refreshes of the step (a drop every 50-100 ms after the last went live), then as long again with none.");
            r.line("");
            r.line("| | through " + REFRESHES + " refreshes | same loop, no refresh (anchor) | a plain thread, same schedule, no runtime (anchor) |");
            r.line("|---|---|---|---|");
            r.line("| steps / time | " + g.steps + " in " + Stats.ms(g.span) + " | " + q.steps + " in " + Stats.ms(q.span) + " | " + b.steps + " in "
                    + Stats.ms(b.span) + " |");
            r.line("| missed steps (due in the time − run) | " + g.missed + " | " + q.missed + " | " + b.missed + " |");
            r.line("| largest gap between two steps | " + Stats.ms(g.largest) + " | " + Stats.ms(q.largest) + " | " + Stats.ms(b.largest) + " |");
            r.line("| p99.9 gap | " + Stats.us(g.p999) + " | " + Stats.us(q.p999) + " | " + Stats.us(b.p999) + " |");
            r.line("| gaps > 2 ms / > 5 ms | " + g.over2ms + " / " + g.over5ms + " | " + q.over2ms + " / " + q.over5ms + " | " + b.over2ms + " / "
                    + b.over5ms + " |");
            r.line("| largest gap within each swap (drop → live), over the " + REFRESHES + " swaps | " + swapGaps.summary() + " | | |");
            r.line("| longest wait of the loop thread at the gate | " + pauses.longestGateWait(loopThread, from, end) + " | "
                    + pauses.longestGateWait(loopThread, mid, to) + " | |");
            r.line("| longest GC pause / safepoint | " + Stats.us(pauses.longestGcPause(from, end)) + " / " + Stats.us(pauses.longestSafepoint(from, end))
                    + " | " + Stats.us(pauses.longestGcPause(mid, to)) + " / " + Stats.us(pauses.longestSafepoint(mid, to)) + " | "
                    + Stats.us(pauses.longestGcPause(bareFrom, bareTo)) + " / " + Stats.us(pauses.longestSafepoint(bareFrom, bareTo)) + " |");
            r.line("| gaps > 5 ms that overlapped a GC pause / a wait at the gate / a JIT compilation ≥ 1 ms / another VM operation ≥ 1 ms /"
                    + " none of these | " + causes(pauses, loopThread, refreshed, start, from) + " | " + causes(pauses, loopThread, quiet, midNanos, mid)
                    + " | " + causes(pauses, t -> t.equals("main"), bare, bareNanos, bareFrom) + " |");
            r.line("| loop errors / reverts / skipped steps (runtime's count) | " + loop.errors + " / " + loop.reverts + " / " + loop.skipped
                    + " | | |");
            r.line("");
            r.line("A version whose step throws, " + REVERTS + " times, reverted on probation under the running loop: the step that"
                    + " failed is retried on the version before once that version serves again. The loop's gap around the failing step"
                    + " (from the step before it to the retried step; one period is 1 ms): " + failingGaps.summary() + ". The largest gap"
                    + " of each whole revert, from the drop of the failing version to its bundle holding the live version's bytes again"
                    + " (the failing version's own swap in, the revert, the restore of the bundle behind it): " + revertGaps.summary()
                    + ". And " + REVERTS + " reverts by hand (`live:revert`, each going back one version; the loop's step is not waiting"
                    + " for them): largest gap per revert " + manualGaps.summary() + ".");
            r.target("a step failing on probation: the loop's gap around it, median (worst " + Stats.ms(failingGaps.max()) + ")",
                    Stats.ms(failingGaps.median()) + " (n=" + failingGaps.n() + ")", "a revert by hand: median " + Stats.ms(manualGaps.median())
                    + "; each whole revert, the bundle restored: median " + Stats.ms(revertGaps.median()), "≤ 2 ms",
                    failingGaps.n() == REVERTS && failingGaps.median() <= TARGET_REVERT_GAP);
            r.target("missed steps of a 1 kHz loop through " + REFRESHES + " refreshes", String.valueOf(g.missed), "no refresh: " + q.missed
                    + "; a plain thread: " + b.missed, "0", g.missed == 0);
            r.target("largest gap between steps through " + REFRESHES + " refreshes", Stats.ms(g.largest), "no refresh: " + Stats.ms(q.largest)
                    + "; a plain thread on the same schedule, no runtime: " + Stats.ms(b.largest) + "; within each swap: median "
                    + Stats.ms(swapGaps.median()) + ", p90 " + Stats.ms(swapGaps.p90()), "≤ 5 ms", g.largest <= TARGET_GAP);
        } finally {
            r.write(out);
            Harness.delete(dir);
        }
    }

    /**
     * A plain thread stepping on the runtime's schedule (fixed rate on a grid, owed steps run at once) for {@code nanos}:
     * what the machine and the JVM do to a 1 kHz thread with no runtime in the way.
     */
    private static long[] plainLoop(long nanos) {
        long[] stamps = new long[(int) (nanos / PERIOD) + 1000];
        int n = 0;
        long end = System.nanoTime() + nanos;
        long next = System.nanoTime();
        while (n < stamps.length) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            long now = System.nanoTime();
            if (now > end) {
                break;
            }
            stamps[n++] = now;
            next += PERIOD;
        }
        return java.util.Arrays.copyOf(stamps, n);
    }

    /** For the gaps over 5 ms: how many overlapped a GC pause / the gate / a JIT compilation / a VM operation / none. */
    private static String causes(Pauses pauses, java.util.function.Predicate<String> thread, long[] stamps, long startNanos, Instant startInstant) {
        List<Long> spans = new ArrayList<>();
        for (int i = 1; i < stamps.length; i++) {
            if (stamps[i] - stamps[i - 1] > TARGET_GAP) {
                spans.add(stamps[i - 1]);
                spans.add(stamps[i]);
            }
        }
        Pauses.Tally t = pauses.tally(thread, spans.stream().mapToLong(Long::longValue).toArray(), startNanos, startInstant);
        return t.of(Pauses.GC) + " / " + t.of(Pauses.GATE) + " / " + t.of(Pauses.JIT) + " / " + t.of(Pauses.VM) + " / " + t.none();
    }

    /** Investigating: the wall-clock times of the largest gaps, to find them in the flight recording. */
    private static void printLargestGaps(long[] stamps, long startNanos, Instant startInstant) {
        List<long[]> gaps = new ArrayList<>();
        for (int i = 1; i < stamps.length; i++) {
            gaps.add(new long[] {stamps[i] - stamps[i - 1], stamps[i - 1]});
        }
        gaps.sort((a, b) -> Long.compare(b[0], a[0]));
        for (long[] g : gaps.subList(0, Math.min(10, gaps.size()))) {
            System.err.println("gap " + Stats.ms(g[0]) + " from " + startInstant.plusNanos(g[1] - startNanos));
        }
    }

    /** How many calls of a broken version the runtime recorded (one per broken version: its retry runs on the reverted one). */
    private static long brokenCalls(LiveRuntime runtime) {
        return runtime.errors("ticker").stream().filter(e -> e.where.startsWith("call") && e.message.contains("broken on purpose")).count();
    }

    /** For each failing step's stamp: the gap from the step before it to the step after it. */
    private static long[] gapsAround(long[] stamps, long[] failing) {
        List<Long> gaps = new ArrayList<>();
        for (long f : failing) {
            int i = java.util.Arrays.binarySearch(stamps, f);
            int after = i >= 0 ? i + 1 : -i - 1;
            if (after > 0 && after < stamps.length) {
                gaps.add(stamps[after] - stamps[after - 1]);
            }
        }
        return gaps.stream().mapToLong(Long::longValue).toArray();
    }

    /** Whether the ticker's bundle holds the live version's bytes (a revert restores them behind the version it brings back). */
    private static boolean bundleHoldsTheLiveVersion(LiveFramework fw, LiveRuntime runtime) {
        RefreshableDTO d = runtime.describe("ticker");
        org.osgi.framework.Bundle b = fw.context().getBundle(d.bundleId);
        return d.status != RefreshableDTO.Status.UPDATING && b != null && b.getState() == org.osgi.framework.Bundle.ACTIVE
                && b.getVersion().toString().equals(d.liveBundleVersion);
    }

    /** Drops a version and waits for it to answer; returns {drop, live} times. */
    private static long[] refresh(LiveFramework fw, Probe p, byte[] jar, String label) {
        Harness.settle(50, 50);
        long t0 = Harness.drop(fw, "ticker.jar", jar);
        long t1 = Harness.await(() -> label.equals(p.version()), "the step's " + label);
        return new long[] {t0, t1};
    }

    /** For each swap window, the largest gap between steps that overlaps it. */
    private static long[] worstGapPerSwap(long[] stamps, List<long[]> windows) {
        long[] worst = new long[windows.size()];
        int k = 0;
        for (int w = 0; w < windows.size(); w++) {
            long from = windows.get(w)[0];
            long to = windows.get(w)[1];
            while (k > 0 && stamps[k] > from) {
                k--;
            }
            for (int i = Math.max(1, k); i < stamps.length && stamps[i - 1] < to; i++) {
                if (stamps[i] > from) {
                    worst[w] = Math.max(worst[w], stamps[i] - stamps[i - 1]);
                }
                k = i;
            }
        }
        return worst;
    }
}
