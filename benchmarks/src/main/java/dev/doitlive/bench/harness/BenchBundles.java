package dev.doitlive.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.doitlive.itest.TestBundles;

/**
 * The bundles the harness drops: real jars, compiled with javac and wrapped by bnd as the Maven build does
 * ({@link TestBundles}), one build per version. Every version differs in its code (the label it answers), so each
 * is a new version to the runtime: new bytes, a new history entry.
 */
final class BenchBundles {
    private BenchBundles() {
    }

    /** {@code count} versions, v0 .. v(count-1), built before the measurement starts. */
    static List<byte[]> versions(String symbolicName, int count, java.util.function.IntFunction<Map<String, String>> sources) {
        List<byte[]> jars = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            jars.add(TestBundles.bundle(symbolicName, "1.0." + i, sources.apply(i)));
        }
        return jars;
    }

    /**
     * A {@link dev.doitlive.bench.api.Probe}: a refreshable named "probe" ({@code refreshable}), or the same class as a
     * plain Declarative Services component (its state is lost on every update). The count is a primitive field
     * updated atomically without a lock, so callers never wait for each other and every lost update would show.
     */
    static Map<String, String> probe(String label, boolean refreshable, String kind) {
        return Map.of("bench.probe.ProbeImpl", """
                package bench.probe;

                import java.lang.invoke.MethodHandles;
                import java.lang.invoke.VarHandle;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.bench.api.Probe;

                @Component(service = Probe.class, property = "bench.kind=%s")
                %s
                public class ProbeImpl implements Probe {
                    private static final VarHandle COUNT;
                    static {
                        try {
                            COUNT = MethodHandles.lookup().findVarHandle(ProbeImpl.class, "count", long.class);
                        } catch (ReflectiveOperationException e) {
                            throw new ExceptionInInitializerError(e);
                        }
                    }
                    private volatile long count;
                    public String version() { return "%s"; }
                    public long next() { return (long) COUNT.getAndAdd(this, 1L) + 1; }
                    public long count() { return count; }
                }
                """.formatted(kind, refreshable ? "@dev.doitlive.api.Refreshable(name = \"probe\")" : "", label));
    }

    /** A loop step at {@code rate} Hz that stamps every step into the {@link dev.doitlive.bench.api.Recorder}. */
    static Map<String, String> ticker(String label, int rate) {
        return ticker(label, rate, "Recorder.step(); count++;");
    }

    /** A loop step whose {@code step()} runs {@code body}. */
    static Map<String, String> ticker(String label, int rate, String body) {
        return Map.of("bench.ticker.Ticker", """
                package bench.ticker;

                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import dev.doitlive.bench.api.*;

                @Component(service = {Step.class, Probe.class})
                @Refreshable(name = "ticker")
                @Loop(rate = %d)
                public class Ticker implements Step, Probe {
                    private volatile long count;
                    public void step() { %s }
                    public String version() { return "%s"; }
                    public long next() { return count; }
                    public long count() { return count; }
                }
                """.formatted(rate, body, label));
    }

    /**
     * A show's loop step at {@code rate} Hz: each step stamps itself, reports the value of its knob {@code level} it
     * reads ({@link dev.doitlive.bench.api.Recorder#saw}), draws 150 pixels with it and writes them to every
     * {@link dev.doitlive.api.pixels.PixelOutput} service, as the example show does.
     */
    static Map<String, String> show(String label, int rate) {
        return Map.of("bench.stage.Show", """
                package bench.stage;

                import java.util.List;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import dev.doitlive.api.pixels.PixelOutput;
                import dev.doitlive.bench.api.*;

                @Component(service = {Step.class, Probe.class}, property = "bench.kind=stage")
                @Refreshable(name = "show")
                @Loop(rate = %d)
                public class Show implements Step, Probe {
                    double level = 0.5;
                    double phase;
                    int[] pixels = new int[150];
                    private volatile long count;
                    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
                    private volatile List<PixelOutput> outputs;

                    public void step() {
                        Recorder.step();
                        double l = level;
                        Recorder.saw(l);
                        phase += 0.05;
                        for (int i = 0; i < pixels.length; i++) {
                            int v = (int) (255 * Math.min(1, l) * (0.5 + 0.5 * Math.sin(phase + i * 0.1)));
                            pixels[i] = v << 16 | (255 - v) << 8 | v >> 1;
                        }
                        List<PixelOutput> more = outputs;
                        for (int i = 0, k = more == null ? 0 : more.size(); i < k; i++) {
                            more.get(i).frame("show", pixels, pixels.length);
                        }
                        count++;
                    }
                    public String version() { return "%s"; }
                    public long next() { return count; }
                    public long count() { return count; }
                }
                """.formatted(rate, label));
    }

    /**
     * A {@link dev.doitlive.bench.api.Graph}: a refreshable holding a cycle of nodes of its own class, migrated to the
     * new class on every refresh; its hooks stamp the transfer's start and end.
     */
    static Map<String, String> graph(String label) {
        return Map.of("bench.graph.GraphImpl", """
                package bench.graph;

                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import dev.doitlive.bench.api.*;

                @Component(service = Graph.class)
                @Refreshable(name = "graph")
                public class GraphImpl implements Graph, RefreshHooks {
                    private Node[] nodes = new Node[0];
                    private volatile long count;
                    public synchronized void build(int n) {
                        Node[] all = new Node[n];
                        for (int i = 0; i < n; i++) {
                            all[i] = new Node(i, i * 0.5);
                        }
                        for (int i = 0; i < n; i++) {
                            all[i].next = all[(i + 1) %% n];
                        }
                        nodes = all;
                    }
                    public synchronized int walk() {
                        if (nodes.length == 0) {
                            return 0;
                        }
                        int seen = 1;
                        for (Node x = nodes[0].next; x != nodes[0]; x = x.next) {
                            seen++;
                        }
                        return seen;
                    }
                    public int size() { return nodes.length; }
                    public String version() { return "%s"; }
                    public long next() { return ++count; }
                    public long count() { return count; }
                    public void preRefresh() { Recorder.preRefresh(); }
                    public void postRefresh() { Recorder.postRefresh(); }
                }
                """.formatted(label), "bench.graph.Node", """
                package bench.graph;

                class Node {
                    int id;
                    double weight;
                    Node next;
                    Node() {
                    }
                    Node(int id, double weight) {
                        this.id = id;
                        this.weight = weight;
                    }
                }
                """);
    }
}
