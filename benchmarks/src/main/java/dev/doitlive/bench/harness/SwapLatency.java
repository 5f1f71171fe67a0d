package dev.doitlive.bench.harness;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import dev.doitlive.bench.api.Probe;
import dev.doitlive.itest.LiveFramework;

/**
 * Swap latency (issue 6, item 2; issue 16): from a jar fully written into the watched folder (temp file, then rename) to the
 * new version answering calls through the proxy, at the shipped settings. Beside it, in the same framework and run:
 * the same class as a plain Declarative Services component redeployed by FileInstall, at the same poll (50 ms,
 * interleaved with the refreshable's samples so both see the same load) and at FileInstall's default poll (2 s,
 * a second watched folder declared by a .cfg file).
 */
public final class SwapLatency {
    private static final int WARMUP = Integer.getInteger("bench.swap.warmup", 5);
    private static final int SAMPLES = Integer.getInteger("bench.swap.samples", 50);
    /** At a 2 s poll a sample costs 2 s on average (a drop must fall at a random phase of the poll). */
    private static final int SLOW_SAMPLES = Integer.getInteger("bench.swap.slowSamples", 25);
    /** Seconds of the runtime at rest whose CPU is measured, after as many to settle (the JIT, the first state save). */
    private static final long IDLE_SECONDS = Long.getLong("bench.swap.idleSeconds", 60);
    private static final long IDLE_SETTLE_SECONDS = Long.getLong("bench.swap.idleSettle", 10);
    private static final long TARGET_MEDIAN = 15_000_000L;
    private static final long TARGET_P99 = 30_000_000L;
    private static final double TARGET_IDLE_PERCENT = 1.0;

    private SwapLatency() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("swap");
        Path dir = Harness.tempDir("swap");
        int n = WARMUP + SAMPLES;
        List<byte[]> live = BenchBundles.versions("bench.probe", n + 1, i -> BenchBundles.probe("v" + i, true, "live"));
        List<byte[]> plain = BenchBundles.versions("bench.plain", n + 1, i -> BenchBundles.probe("v" + i, false, "plain"));
        List<byte[]> slow = BenchBundles.versions("bench.slow", WARMUP + SLOW_SAMPLES + 1, i -> BenchBundles.probe("v" + i, false, "slow"));
        try (LiveFramework fw = Harness.start(dir)) {
            fw.drop("probe.jar", live.get(0));
            Probe p = fw.awaitService(Probe.class, "(bench.kind=live)", Harness.WAIT);
            fw.drop("plain.jar", plain.get(0));
            ServiceTracker<Probe, Probe> plainTracker = Harness.tracker(fw, Probe.class, "(bench.kind=plain)");
            Harness.await(() -> answers(plainTracker, "v0"), "the plain component v0");
            for (int i = 0; i < 1000; i++) {
                p.next();
                plainTracker.getService().next();
            }

            BundleContext system = fw.launcher().context();
            SwapPhases livePhases = SwapPhases.listen(system, "bench.probe",
                    "(&(bench.kind=live)(!(" + dev.doitlive.api.Refreshable.PROXY_PROPERTY + "=*)))");
            SwapPhases plainPhases = SwapPhases.listen(system, "bench.plain", "(bench.kind=plain)");
            Harness.quiesce();
            long[] liveNanos = new long[SAMPLES];
            long[] plainNanos = new long[SAMPLES];
            for (int i = 1; i <= n; i++) {
                String label = "v" + i;
                Harness.settle(100, 50);
                livePhases.reset();
                long t0 = Harness.drop(fw, "probe.jar", live.get(i));
                long t1 = Harness.await(() -> label.equals(p.version()), "the refreshable's " + label);
                Harness.settle(100, 50);
                plainPhases.reset();
                long t2 = Harness.drop(fw, "plain.jar", plain.get(i));
                long t3 = Harness.await(() -> answers(plainTracker, label), "the plain component's " + label);
                if (i > WARMUP) {
                    liveNanos[i - WARMUP - 1] = t1 - t0;
                    plainNanos[i - WARMUP - 1] = t3 - t2;
                    livePhases.record(t0, t1);
                    plainPhases.record(t2, t3);
                }
            }
            livePhases.close(system);
            plainPhases.close(system);
            long liveCount = p.count();
            long plainCount = plainTracker.getService().count();

            // The same plain component at FileInstall's default poll, in a second watched folder.
            Path slowDir = Files.createDirectories(dir.resolve("slow"));
            fw.drop("org.apache.felix.fileinstall-slow.cfg", String.join("\n",
                    "felix.fileinstall.dir = " + slowDir,
                    "felix.fileinstall.poll = 2000",
                    "felix.fileinstall.noInitialDelay = true",
                    "felix.fileinstall.start.level = 4",
                    "felix.fileinstall.bundles.new.start = true", "").getBytes(StandardCharsets.UTF_8));
            ServiceTracker<Probe, Probe> slowTracker = Harness.tracker(fw, Probe.class, "(bench.kind=slow)");
            drop(slowDir, dir, "slow.jar", slow.get(0));
            Harness.await(() -> answers(slowTracker, "v0"), "the plain component v0 at the default poll");
            Harness.quiesce();
            long[] slowNanos = new long[SLOW_SAMPLES];
            for (int i = 1; i <= WARMUP + SLOW_SAMPLES; i++) {
                String label = "v" + i;
                Harness.settle(50, 2000);
                long t0 = drop(slowDir, dir, "slow.jar", slow.get(i));
                long t1 = Harness.await(() -> answers(slowTracker, label), "the plain component's " + label + " at the default poll");
                if (i > WARMUP) {
                    slowNanos[i - WARMUP - 1] = t1 - t0;
                }
            }

            Stats s = new Stats(liveNanos);
            Stats ds = new Stats(plainNanos);
            Stats dsSlow = new Stats(slowNanos);
            r.line("Jar renamed into the watched folder -> the new version answers through what a caller holds. "
                    + WARMUP + " warm-up drops first; drops fall at random phases of the poll.");
            r.line("");
            r.line("| what | poll | latency (ms) | state |");
            r.line("|---|---|---|---|");
            r.line("| **refreshable, through its proxy** | 50 ms, and woken by the runtime (shipped: 500 ms, woken) | " + s.summary() + " | kept: count " + liveCount
                    + " after " + n + " swaps (1000 before) |");
            r.line("| plain DS component, FileInstall update (anchor) | 50 ms, and woken (the same folder) | " + ds.summary() + " | lost: count " + plainCount
                    + " (1000 before the first update) |");
            r.line("| plain DS component, FileInstall update (anchor) | 2000 ms (FileInstall's default) | " + dsSlow.summary()
                    + " | lost |");
            phases(r, livePhases, plainPhases);

            // The runtime at rest, as a user starts it: what watching the folder costs when nothing lands.
            Path jar = Path.of(System.getProperty("bench.jar", "launcher/target/doitlive.jar")).toAbsolutePath();
            Path config = Path.of(System.getProperty("doitlive.config", "config")).toAbsolutePath();
            IdleCpu.Result idle = IdleCpu.measure(jar, config, Files.createDirectories(dir.resolve("idle")), IDLE_SETTLE_SECONDS,
                    IDLE_SECONDS);
            String idleText = String.format(java.util.Locale.ROOT, "%.2f %% of a core", idle.percentOfCore());
            r.line("");
            r.line("At rest: `java -jar doitlive.jar` with the shipped config (the counter example in its watched folder, the page on),"
                    + " once ready and " + IDLE_SETTLE_SECONDS + " s more, over " + idle.seconds() + " s: " + idleText
                    + " (user + system time, /proc/PID/stat); its busiest threads: " + String.join(", ", idle.threads()) + ".");

            String anchor = "plain DS at the same poll: median " + Stats.ms(ds.median()) + ", p99 " + Stats.ms(ds.p99())
                    + "; at the default poll: median " + Stats.ms(dsSlow.median());
            r.target("swap latency, median", Stats.ms(s.median()) + " (n=" + s.n() + ")", anchor, "≤ 15 ms", s.median() <= TARGET_MEDIAN);
            r.target("swap latency, p99", Stats.ms(s.p99()) + " (= worst of " + s.n() + ")", anchor, "≤ 30 ms", s.p99() <= TARGET_P99);
            r.target("idle CPU of the runtime at rest (" + idle.seconds() + " s)", idleText, "-", "≤ 1 % of a core",
                    idle.percentOfCore() <= TARGET_IDLE_PERCENT);
        } finally {
            r.write(out);
            Harness.delete(dir);
        }
    }

    /** When each event of an update comes after the drop (medians), for the refreshable and for the plain component. */
    private static void phases(Results r, SwapPhases live, SwapPhases plain) {
        long[] l = live.medians();
        long[] d = plain.medians();
        r.line("");
        r.line("Where the time goes: when each framework event of an update comes after the drop, median (and how many of the "
                + live.n() + " drops showed it). For the refreshable, service registered → answering is the runtime's own part (its"
                + " arrival, the state transfer and the swap, on the swap thread while the registering thread waits).");
        r.line("");
        r.line("| event | refreshable (ms after the drop) | plain DS (ms after the drop) |");
        r.line("|---|---|---|");
        for (int i = 0; i < SwapPhases.NAMES.length; i++) {
            r.line("| " + SwapPhases.NAMES[i] + " | " + event(l[i], live.seen(i)) + " | " + event(d[i], plain.seen(i)) + " |");
        }
    }

    private static String event(long median, int seen) {
        return median < 0 ? "not seen" : Stats.num(median) + " (" + seen + ")";
    }

    private static boolean answers(ServiceTracker<Probe, Probe> tracker, String label) {
        Probe s = tracker.getService();
        return s != null && label.equals(s.version());
    }

    /** Temp file in {@code staging}, then renamed into {@code folder}; returns the time of the rename. */
    private static long drop(Path folder, Path staging, String file, byte[] jar) throws java.io.IOException {
        Path tmp = Files.createTempFile(staging, file, ".part");
        Files.write(tmp, jar);
        Files.move(tmp, folder.resolve(file), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return System.nanoTime();
    }
}
