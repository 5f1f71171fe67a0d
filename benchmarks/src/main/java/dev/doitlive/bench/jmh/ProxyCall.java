package dev.doitlive.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.doitlive.bench.api.Pattern;

/**
 * The cost of one call through each mechanism a caller can hold: {@code direct} (the implementation itself),
 * {@code proxy} (the runtime's generated RefreshableProxy, call gate included), {@code proxy10} (the same after
 * 10 refreshes, each a new class), {@code reflect} (java.lang.reflect.Proxy + Method.invoke) and {@code woven} (the
 * proxy to the implementation woven as the runtime weaves refreshables: loops can be stopped). With 2 threads
 * both call the same callee, as two callers of one refreshable do. Each mechanism runs in its own fork, so
 * the classes one loads never blur another's profile.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ProxyCall {
    @Param({"direct", "proxy", "proxy10", "reflect", "woven"})
    public String via;

    private Pattern callee;

    @Setup
    public void setUp() {
        callee = Callees.of(via);
    }

    /** Per caller thread: arguments the JIT cannot fold, and the caller's own frame buffer. */
    @State(Scope.Thread)
    public static class Caller {
        public double t = 0.37;
        public double x = 1.3;
        public int[] rgb = new int[150];
        public int turns = 1000;
    }

    @Benchmark
    public double add(Caller c) {
        return callee.add(c.t, c.x);
    }

    @Benchmark
    public double sin(Caller c) {
        return callee.sin(c.t, c.x);
    }

    @Benchmark
    public Object pick(Caller c) {
        return callee.pick(c.t);
    }

    @Benchmark
    public int[] frame(Caller c) {
        callee.frame(c.t, c.rgb);
        return c.rgb;
    }

    @Benchmark
    public int sum(Caller c) {
        return callee.sum(c.rgb);
    }

    @Benchmark
    public long mix(Caller c) {
        return callee.mix(c.turns);
    }
}
