package dev.doitlive.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.beat.BeatClockImpl;

/**
 * What a pattern or a loop pays to read the beat clock, through the {@link BeatClock} interface as they hold it:
 * {@code nanoTime} is the floor of every read of "now"; {@code beatAt} reads at a given time (no clock call);
 * {@code beat}, {@code beatPhase}, {@code barPhase} and {@code bpm} are the reads a pattern makes each frame. In the
 * {@code changing} group one thread reads while another sets the tempo back to back (far more often than a MIDI clock):
 * the read's cost when every read may meet a new state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class BeatRead {
    private BeatClock clock;

    @Setup
    public void setUp() {
        clock = BeatClockImpl.standalone(System.nanoTime(), 120);
    }

    /** Per reader: a time the JIT cannot fold. */
    @State(Scope.Thread)
    public static class Reader {
        public long t = System.nanoTime();
    }

    /** Per writer: tempos to alternate between. */
    @State(Scope.Thread)
    public static class Writer {
        public int turn;
    }

    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public double beatAt(Reader r) {
        return clock.beatAt(r.t);
    }

    @Benchmark
    public double beat() {
        return clock.beat();
    }

    @Benchmark
    public double beatPhase() {
        return clock.beatPhase();
    }

    @Benchmark
    public double barPhase() {
        return clock.barPhase();
    }

    @Benchmark
    public double bpm() {
        return clock.bpm();
    }

    @Benchmark
    @Group("changing")
    @GroupThreads(1)
    public double read() {
        return clock.beatPhase();
    }

    @Benchmark
    @Group("changing")
    @GroupThreads(1)
    public String write(Writer w) {
        return clock.bpm((w.turn++ & 1) == 0 ? 120 : 128, "bench");
    }
}
