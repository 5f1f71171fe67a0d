package dev.doitlive.bench.harness;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.bench.api.Probe;
import dev.doitlive.itest.LiveFramework;

/**
 * Calls during a swap (issue 6, item 3): caller threads hammer the proxy through 100 refreshes: failed calls,
 * calls lost (the count carried across every swap must equal the calls made), and the longest single call.
 * Anchor: the same callers for as long again with no refresh, so that what the machine does to a thread anyway
 * (scheduling, GC, JIT) is not blamed on the swap. A flight recording says how long callers waited at the proxy's
 * gate and how long the JVM stopped them.
 *
 * <p>Two ways of calling. <b>Paced</b> (the target's figure): each of 2 callers calls for 200 µs, then rests
 * 200 µs, so that together they keep one core busy and leave the other to the runtime's swap. <b>Flat out</b>: both
 * call without rest; on 2 cores every thread the swap needs (FileInstall, SCR, the swap thread) then takes a core
 * from a caller in the middle of a call, and the longest call measures the scheduler's time slice.
 */
public final class CallsDuringSwap {
    private static final int CALLERS = Integer.getInteger("bench.calls.callers", 2);
    private static final int WARMUP = Integer.getInteger("bench.calls.warmup", 5);
    private static final int REFRESHES = Integer.getInteger("bench.calls.refreshes", 100);
    private static final long BURST_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long TARGET_STALL = 5_000_000L;
    private static final long SLOW_CALL = 1_000_000L;

    private CallsDuringSwap() {
    }

    /** One caller thread: times every call; keeps the longest and counts the slow ones. */
    static final class Caller extends Thread {
        private final Probe probe;
        private final AtomicBoolean running;
        private final boolean paced;
        /** Written by this thread only; lazySet: a plain store on x86, no fence in the call loop. */
        final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        long failures;
        volatile long longest;
        volatile long slow;
        Throwable firstFailure;
        /** Start and end (nanoTime) of the calls over the target, to see what held them up. */
        final long[] over = new long[2 * 512];
        volatile int overCount;

        Caller(String name, Probe probe, AtomicBoolean running, boolean paced) {
            super(name);
            this.probe = probe;
            this.running = running;
            this.paced = paced;
            setDaemon(true);
        }

        @Override
        public void run() {
            long burstEnd = System.nanoTime() + BURST_NANOS;
            while (running.get()) {
                long t0 = System.nanoTime();
                try {
                    probe.next();
                } catch (Throwable t) {
                    failures++;
                    if (firstFailure == null) {
                        firstFailure = t;
                    }
                }
                long t1 = System.nanoTime();
                long took = t1 - t0;
                calls.lazySet(calls.get() + 1);
                if (took > longest) {
                    longest = took;
                }
                if (took > SLOW_CALL) {
                    slow++;
                }
                if (took > TARGET_STALL && overCount < over.length / 2) {
                    over[2 * overCount] = t0;
                    over[2 * overCount + 1] = t1;
                    overCount = overCount + 1;
                }
                if (paced && t1 - burstEnd > 0) {
                    LockSupport.parkNanos(BURST_NANOS);
                    burstEnd = System.nanoTime() + BURST_NANOS;
                }
            }
        }

        void reset() {
            longest = 0;
            slow = 0;
            overCount = 0;
        }
    }

    /** What one way of calling saw: through the refreshes ({@code from} to {@code end}), and for as long again without ({@code mid} to {@code to}). */
    record Phase(String how, Instant from, Instant end, Instant mid, Instant to, long calls, long failures, long lost, long longestDuring, long slowDuring,
            long longestQuiet, long slowQuiet, Stats holds, long[] over, long overBaseNanos) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("calls");
        Path dir = Harness.tempDir("calls");
        int n = WARMUP + 2 * REFRESHES;
        List<byte[]> versions = BenchBundles.versions("bench.probe", n + 1, i -> BenchBundles.probe("v" + i, true, "live"));
        try (LiveFramework fw = Harness.start(dir); Pauses pauses = new Pauses()) {
            fw.drop("probe.jar", versions.get(0));
            Probe p = fw.awaitService(Probe.class, "(bench.kind=live)", Harness.WAIT);
            int[] next = {1};
            // Warm-up: the callers' code compiled, the runtime's swap path run a few times.
            phase(fw, p, versions, next, WARMUP, true, null);
            Phase paced = phase(fw, p, versions, next, REFRESHES, true, pauses);
            Phase flat = phase(fw, p, versions, next, REFRESHES, false, pauses);
            pauses.stop();
            java.util.function.Predicate<String> callerThreads = t -> t.startsWith("caller-");

            r.line(CALLERS + " caller threads call `next()` on the proxy through " + REFRESHES + " refreshes (a drop every 20-50 ms after the"
                    + " last went live), then for as long again with none (anchor). Gate closed: how long each swap held callers, from"
                    + " closing the gate (waiting for the calls in flight) to reopening it on the new version, as the runtime measures it"
                    + " (`live:history`). Longest wait at the gate: from a flight recording of the callers (they park on the proxy while"
                    + " its gate is closed).");
            r.line("");
            r.line("| callers | calls | failed | lost | longest call: refreshes / none | calls > 1 ms: refreshes / none |"
                    + " gate closed per swap | longest wait at the gate: refreshes / none | longest GC pause / safepoint during refreshes |");
            r.line("|---|---|---|---|---|---|---|---|---|");
            for (Phase ph : List.of(paced, flat)) {
                r.line("| " + ph.how + " | " + ph.calls + " | " + ph.failures + " | " + ph.lost + " | " + Stats.ms(ph.longestDuring) + " / "
                        + Stats.ms(ph.longestQuiet) + " | " + ph.slowDuring + " / " + ph.slowQuiet + " | " + ph.holds.summaryUs() + " | "
                        + pauses.longestGateWait(callerThreads, ph.from, ph.end) + " / " + pauses.longestGateWait(callerThreads, ph.mid, ph.to)
                        + " | " + Stats.us(pauses.longestGcPause(ph.from, ph.end)) + " / " + Stats.us(pauses.longestSafepoint(ph.from, ph.end)) + " |");
            }
            r.line("");
            for (Phase ph : List.of(paced, flat)) {
                r.line("Calls over 5 ms through the refreshes, " + ph.how + ": " + causes(pauses, callerThreads, ph) + ".");
                r.line("");
            }
            r.line("Lost = calls made minus the count the refreshable carried across every swap. A long call that neither a gate wait nor"
                    + " a JVM pause explains is a caller thread that was not running: on 2 cores the swap's own threads and other"
                    + " processes take its core.");
            long failures = paced.failures + flat.failures;
            long lost = paced.lost + flat.lost;
            r.target("failed (and lost) calls during 2 × " + REFRESHES + " refreshes", failures + " failed, " + lost + " lost of " + (paced.calls + flat.calls),
                    "", "0", failures == 0 && lost == 0);
            r.target("longest single call during " + REFRESHES + " refreshes (" + CALLERS + " paced callers)", Stats.ms(paced.longestDuring),
                    "no refresh: " + Stats.ms(paced.longestQuiet) + "; gate closed per swap: median " + Stats.us(paced.holds.median())
                            + ", worst " + Stats.us(paced.holds.max()) + "; longest wait at the gate: "
                            + pauses.longestGateWait(callerThreads, paced.from, paced.end), "≤ 5 ms",
                    paced.longestDuring <= TARGET_STALL);
        } finally {
            r.write(out);
            Harness.delete(dir);
        }
    }

    /** How many of the phase's calls over 5 ms overlapped each thing that can hold a thread up ({@link Pauses#tally}). */
    private static String causes(Pauses pauses, java.util.function.Predicate<String> callers, Phase ph) {
        Pauses.Tally t = pauses.tally(callers, ph.over, ph.overBaseNanos, ph.from);
        StringBuilder b = new StringBuilder(t.spans() + (t.spans() == 1 ? " call" : " calls"));
        if (t.spans() > 0) {
            b.append("; overlapping ");
            new java.util.TreeMap<>(t.counts()).forEach((what, k) -> b.append(what).append(": ").append(k).append(", "));
            b.append("none of these: ").append(t.none());
        }
        return b.toString();
    }

    /** Measures one way of calling: {@code refreshes} refreshes under the callers, then as long again with none. */
    private static Phase phase(LiveFramework fw, Probe p, List<byte[]> versions, int[] next, int refreshes, boolean paced, Pauses pauses)
            throws InterruptedException {
        Harness.quiesce();
        long countBefore = p.count();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            Caller c = new Caller("caller-" + i, p, running, paced);
            callers.add(c);
            c.start();
        }
        Harness.settle(500, 0);
        callers.forEach(Caller::reset);
        Instant from = Instant.now();
        long start = System.nanoTime();
        LiveRuntime runtime = fw.awaitService(LiveRuntime.class, null, Harness.WAIT);
        String name = runtime.list().get(0).name;
        long[] holds = new long[refreshes];
        for (int k = 0; k < refreshes; k++) {
            int i = next[0]++;
            Harness.settle(20, 30);
            Harness.drop(fw, "probe.jar", versions.get(i));
            String label = "v" + i;
            Harness.await(() -> label.equals(p.version()), "the refreshable's " + label);
            holds[k] = runtime.describe(name).lastHoldNanos;
        }
        long during = System.nanoTime() - start;
        // A call that waited at the gate returns when the harness's own does: let every caller record itself.
        for (Caller c : callers) {
            long made = c.calls.get();
            Harness.await(() -> c.calls.get() > made + 1, "caller " + c.getName() + " to call again");
        }
        Instant end = Instant.now();
        long longestDuring = callers.stream().mapToLong(c -> c.longest).max().orElse(0);
        long[] over = callers.stream().flatMapToLong(c -> java.util.Arrays.stream(c.over, 0, 2 * c.overCount)).toArray();
        long slowDuring = callers.stream().mapToLong(c -> c.slow).sum();
        Harness.quiesce(); // as before the refreshes: the anchor starts from a clean heap too
        callers.forEach(Caller::reset);
        Instant mid = Instant.now();
        LockSupport.parkNanos(during);
        long longestQuiet = callers.stream().mapToLong(c -> c.longest).max().orElse(0);
        long slowQuiet = callers.stream().mapToLong(c -> c.slow).sum();
        Instant to = Instant.now();
        running.set(false);
        for (Caller c : callers) {
            c.join(10_000);
        }
        long calls = callers.stream().mapToLong(c -> c.calls.get()).sum();
        long failures = callers.stream().mapToLong(c -> c.failures).sum();
        long lost = calls - (p.count() - countBefore);
        String how = CALLERS + (paced ? " paced (200 µs on, 200 µs off)" : " flat out");
        return new Phase(how, from, end, mid, to, calls, failures, lost, longestDuring, slowDuring, longestQuiet, slowQuiet, new Stats(holds), over, start);
    }

}
