package dev.doitlive.bench.harness;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import dev.doitlive.bench.api.Graph;
import dev.doitlive.bench.api.Recorder;
import dev.doitlive.bench.jmh.TransferCost;
import dev.doitlive.itest.LiveFramework;

/**
 * State transfer scaling (issue 6, item 5): a refreshable holding a cycle of 10³, 10⁵ and 10⁶ nodes of its own
 * class is refreshed; every node is migrated to the new class. Measured: the transfer (from the old version's
 * {@code preRefresh()} to the new one's {@code postRefresh()}, which bracket the closed gate) and the longest call a
 * caller saw meanwhile. Anchor: the same graph copied by hand in plain Java (new node per node, fields assigned,
 * identity kept with an IdentityHashMap), the least a reflective migration can cost, measured as the transfer is: once
 * after each refresh, on the same heap, its code warmed up like the transfer's, from a graph built just before (its
 * nodes' identity hashes not made yet, like the migrated ones'), with the caller off the cores as it is while it waits
 * at the closed gate.
 */
public final class StateTransferScaling {
    private static final int[] SIZES = {1_000, 100_000, 1_000_000};
    private static final int[] REPEATS = {5, 5, 3};

    private StateTransferScaling() {
    }

    /** A caller that calls {@code size()} without pause, keeping the longest call since the last reset. */
    static final class Caller extends Thread {
        private final Graph graph;
        private final AtomicBoolean running;
        volatile long longest;
        /** Set while the anchor runs: the caller sleeps, as it waits at the gate (parked) during a transfer. */
        volatile boolean paused;
        /** Written by this thread only; lazySet: a plain store on x86, no fence in the call loop. */
        final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

        Caller(Graph graph, AtomicBoolean running) {
            super("caller");
            this.graph = graph;
            this.running = running;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running.get()) {
                if (paused) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    continue;
                }
                long t0 = System.nanoTime();
                graph.size();
                long took = System.nanoTime() - t0;
                if (took > longest) {
                    longest = took;
                }
                calls.lazySet(calls.get() + 1);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("transfer");
        Path dir = Harness.tempDir("transfer");
        int total = 2;
        for (int k : REPEATS) {
            total += k;
        }
        List<byte[]> versions = BenchBundles.versions("bench.graph", total + 1, i -> BenchBundles.graph("v" + i));
        long[] medians = new long[SIZES.length];
        long[] anchors = new long[SIZES.length];
        try {
            try (LiveFramework fw = Harness.start(dir)) {
                fw.drop("graph.jar", versions.get(0));
                Graph g = fw.awaitService(Graph.class, null, Harness.WAIT);
                AtomicBoolean running = new AtomicBoolean(true);
                Caller caller = new Caller(g, running);
                caller.start();
                int next = 1;
                for (int k = 0; k < 20; k++) {
                    handCopy(k < 10 ? 1_000 : 100_000); // its code compiled, as the transfer's is by the two refreshes below
                }
                g.build(1_000);
                for (; next <= 2; next++) {
                    refresh(fw, g, versions.get(next), "v" + next);
                }

                r.line("A refreshable holds a cycle of N nodes of its own class (`Node[] nodes`, each node `int id; double weight; Node next`);"
                        + " a refresh migrates every node to the new version's class. One caller calls `size()` without pause meanwhile.");
                r.line("");
                r.line("| nodes | transfer (gate closed) | per node | longest call seen by the caller | hand-written copy (anchor, median after each refresh) | carried |");
                r.line("|---|---|---|---|---|---|");
                for (int s = 0; s < SIZES.length; s++) {
                    int size = SIZES[s];
                    g.build(size);
                    long[] transfer = new long[REPEATS[s]];
                    long[] pause = new long[REPEATS[s]];
                    long[] hand = new long[REPEATS[s]];
                    boolean carried = true;
                    for (int k = 0; k < REPEATS[s]; k++, next++) {
                        System.gc(); // each refresh starts from the same heap, not from the last one's garbage
                        caller.longest = 0;
                        refresh(fw, g, versions.get(next), "v" + next);
                        // The caller's call that waited at the gate returns when the harness's does: let it record itself.
                        long c = caller.calls.get();
                        Harness.await(() -> caller.calls.get() > c + 1, "the caller to call again");
                        transfer[k] = Recorder.postRefreshNanos() - Recorder.preRefreshNanos();
                        pause[k] = caller.longest;
                        carried &= g.size() == size && g.walk() == size;
                        caller.paused = true;
                        hand[k] = handCopy(size);
                        caller.paused = false;
                    }
                    Stats t = new Stats(transfer);
                    Stats p = new Stats(pause);
                    long anchor = new Stats(hand).median();
                    anchors[s] = anchor;
                    medians[s] = t.median();
                    r.line("| " + String.format(Locale.ROOT, "%,d", size) + " | " + t.summary() + " | "
                            + String.format(Locale.ROOT, "%.0f ns", (double) t.median() / size) + " | median " + Stats.ms(p.median()) + ", worst "
                            + Stats.ms(p.max()) + " | " + Stats.ms(anchor) + " (" + String.format(Locale.ROOT, "%.0f ns", (double) anchor / size)
                            + " per node) | " + (carried ? "yes, walked whole" : "**no**") + " |");
                }
                running.set(false);
                caller.join(10_000);
            } finally {
                Harness.delete(dir);
            }
            double growth = (double) medians[2] / medians[1];
            double anchorGrowth = (double) anchors[2] / anchors[1];
            r.line("");
            r.line(String.format(Locale.ROOT, "Growth from 10⁵ to 10⁶ nodes: ×%.1f (linear: ×10; the hand-written copy: ×%.1f). Callers wait for"
                    + " the whole transfer: the gate stays closed while the graph is copied, which is what keeps every update the old"
                    + " version made.", growth, anchorGrowth));
            inIsolation(r);
            double ratio = (double) medians[2] / anchors[2];
            r.target("state transfer, 10⁶ own-class nodes, ÷ the hand-written copy", String.format(Locale.ROOT, "×%.2f (%.0f ns per node)", ratio,
                    (double) medians[2] / SIZES[2]), String.format(Locale.ROOT, "hand-written copy %.0f ns per node", (double) anchors[2] / SIZES[2]),
                    "≤ ×1.5", ratio <= 1.5);
            r.target("state transfer grows linearly (10⁵ → 10⁶ nodes)", String.format(Locale.ROOT, "×%.1f (%s → %s)", growth,
                    Stats.ms(medians[1]), Stats.ms(medians[2])), String.format(Locale.ROOT, "hand-written copy: ×%.1f (%s → %s)", anchorGrowth,
                    Stats.ms(anchors[1]), Stats.ms(anchors[2])), "≤ ×12 for ×10 nodes", growth <= 12);
        } finally {
            r.write(out);
        }
    }

    /** The transfer alone, without the framework: the {@link TransferCost} JMH benchmark, with bytes allocated per node. */
    private static void inIsolation(Results r) throws RunnerException {
        Options opt = new OptionsBuilder()
                .include(TransferCost.class.getName())
                .forks(1)
                .warmupIterations(Integer.getInteger("bench.transfer.warmup", 2))
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.getInteger("bench.transfer.iterations", 5))
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build();
        r.line("");
        r.line("The transfer alone (JMH `TransferCost`: the runtime's StateTransfer between two class loaders holding the same graph"
                + " classes, no framework, no gate; ms per transfer ± 99.9% CI):");
        r.line("");
        r.line("| nodes | transfer | per node | allocated per node |");
        r.line("|---|---|---|---|");
        List<RunResult> results = new java.util.ArrayList<>(new Runner(opt).run());
        results.sort(java.util.Comparator.comparingInt(x -> Integer.parseInt(x.getParams().getParam("nodes"))));
        for (RunResult rr : results) {
            int n = Integer.parseInt(rr.getParams().getParam("nodes"));
            Result<?> p = rr.getPrimaryResult();
            Result<?> alloc = rr.getSecondaryResults().get("gc.alloc.rate.norm");
            r.line(String.format(Locale.ROOT, "| %,d | %.2f ± %.2f ms | %.0f ns | %.0f B |", n, p.getScore(), p.getScoreError(), p.getScore() * 1e6 / n,
                    alloc == null ? Double.NaN : alloc.getScore() / n));
        }
    }

    private static void refresh(LiveFramework fw, Graph g, byte[] jar, String label) {
        Harness.settle(50, 50);
        Harness.drop(fw, "graph.jar", jar);
        Harness.await(() -> label.equals(g.version()), "the graph's " + label);
    }

    /** The anchor's node: the same shape as the refreshable's. */
    static final class Node {
        int id;
        double weight;
        Node next;
    }

    /**
     * Nanoseconds a hand-written copy of a cycle of {@code n} nodes takes, identity kept. The source is built before
     * the clock starts and collected into the old generation, as the refreshable's graph is when a refresh starts.
     */
    static long handCopy(int n) {
        Node[] all = new Node[n];
        for (int i = 0; i < n; i++) {
            all[i] = new Node();
            all[i].id = i;
            all[i].weight = i * 0.5;
        }
        for (int i = 0; i < n; i++) {
            all[i].next = all[(i + 1) % n];
        }
        System.gc();
        long t0 = System.nanoTime();
        IdentityHashMap<Node, Node> copies = new IdentityHashMap<>();
        Node[] fresh = new Node[n];
        for (int i = 0; i < n; i++) {
            fresh[i] = copies.computeIfAbsent(all[i], o -> new Node());
        }
        for (int i = 0; i < n; i++) {
            Node o = all[i];
            Node c = fresh[i];
            c.id = o.id;
            c.weight = o.weight;
            c.next = copies.computeIfAbsent(o.next, x -> new Node());
        }
        long took = System.nanoTime() - t0;
        if (fresh[n - 1].next != fresh[0]) {
            throw new IllegalStateException("the hand-written copy broke the cycle");
        }
        return took;
    }
}
