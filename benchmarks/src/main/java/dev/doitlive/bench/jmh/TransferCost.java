package dev.doitlive.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.doitlive.bench.api.Graph;
import dev.doitlive.runtime.transfer.ClassModel;
import dev.doitlive.runtime.transfer.StateTransfer;
import dev.doitlive.runtime.transfer.TransferException;

/**
 * The runtime's state transfer alone (no framework, no gate): a {@link GraphHolder} of {@code nodes} nodes carried from
 * one version of its classes to the next, each version defined by a class loader of its own, as two revisions of a
 * bundle. Every node is migrated to the new version's class. Time per transfer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class TransferCost {
    private static final List<String> CLASSES = List.of(GraphHolder.class.getName(), GraphNode.class.getName());

    @Param({"1000", "100000", "1000000"})
    public int nodes;

    private Object oldRoot;
    private ClassModel oldModel;
    private ClassModel newModel;
    private Class<?> newType;

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        ClassLoader v1 = version();
        ClassLoader v2 = version();
        oldRoot = v1.loadClass(GraphHolder.class.getName()).getConstructor().newInstance();
        ((Graph) oldRoot).build(nodes);
        oldModel = new ClassModel(v1);
        oldModel.preload(CLASSES);
        newModel = new ClassModel(v2);
        newModel.preload(CLASSES);
        newType = v2.loadClass(GraphHolder.class.getName());
    }

    @Benchmark
    public Object transfer() throws TransferException, ReflectiveOperationException {
        Object fresh = newType.getConstructor().newInstance();
        StateTransfer.transfer(oldRoot, oldModel, fresh, newModel, Set.of(), false, List.of());
        return fresh;
    }

    /** A class loader that defines the graph's classes itself (a new version of them) and delegates the rest. */
    private static ClassLoader version() {
        Map<String, byte[]> bytes = Map.of(GraphHolder.class.getName(), read(GraphHolder.class), GraphNode.class.getName(), read(GraphNode.class));
        return new ClassLoader(TransferCost.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    byte[] b = bytes.get(name);
                    if (b != null) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, b, 0, b.length);
                    }
                    return super.loadClass(name, resolve);
                }
            }
        };
    }

    private static byte[] read(Class<?> c) {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
