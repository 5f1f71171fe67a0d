package dev.doitlive.bench.harness;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import dev.doitlive.api.audio.AudioBlockDTO;
import dev.doitlive.api.audio.AudioDTO;
import dev.doitlive.api.audio.AudioEngine;
import dev.doitlive.audio.out.PacedSink;
import dev.doitlive.itest.LiveFramework;
import dev.doitlive.itest.TestBundles;

/**
 * The audio engine (issue 14): buffers of 128 and 256 frames at 48 kHz, a graph of 1 and of 8 blocks (sine oscillators
 * the engine mixes), through {@value #SWAPS} swaps of one block while it plays, on a real framework with the engine's
 * real audio thread and the sink that keeps a sound card's pace without one (2 buffers ahead, as shipped). Measured
 * over the swaps: late buffers (the output ran dry), the worst time to render a buffer against its period, the jitter
 * of the deliveries (their intervals against the period), and the mean render time per block. Anchor, in the same run:
 * the same graph as one plain Java class on a thread of its own, with no runtime, paced by the same sink, for as long.
 */
public final class AudioBench {
    private static final int SWAPS = Integer.getInteger("bench.audio.swaps", 100);
    /** Buffers the output holds ahead of what is heard: 2 as shipped. */
    private static final int DEPTH = Integer.getInteger("bench.audio.buffers", 2);
    private static final double RATE = 48000;

    private AudioBench() {
    }

    /** Block {@code i}: a sine at {@code 110 (i + 1)} Hz, its phase shifted by {@code offset}. */
    static Map<String, String> block(int i, String offset) {
        return Map.of("bench.audio.B" + i, """
                package bench.audio;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import dev.doitlive.api.audio.*;
                @Component(service = AudioBlock.class)
                @Refreshable(name = "b%1$d")
                public class B%1$d implements AudioBlock {
                    private double phase;
                    public void render(AudioBuffer out, AudioContext ctx) {
                        float[] s = out.channel(0);
                        double step = %2$d * 110.0 / ctx.sampleRate();
                        for (int i = 0; i < ctx.frames(); i++) {
                            s[i] = (float) (0.05 * Math.sin(2 * Math.PI * phase + %3$s));
                            phase = (phase + step) %% 1;
                        }
                    }
                }
                """.formatted(i, i + 1, offset));
    }

    /** One configuration's figures. */
    record Row(int frames, int blocks, long buffers, long late, long worst, long period, long jitterP99, long jitterMax, long perBlock,
            long heldLongest, long idleBuffers, long idleLate) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("audio");
        List<Row> engine = new ArrayList<>();
        List<Row> anchor = new ArrayList<>();
        byte[][] variants = {bundle("bench.audio.b0", block(0, "0")), bundle("bench.audio.b0", block(0, "Math.PI"))};
        try {
            for (int frames : new int[] {128, 256}) {
                for (int blocks : new int[] {1, 8}) {
                    Row e = runEngine(frames, blocks, variants);
                    engine.add(e);
                    anchor.add(runAnchor(frames, blocks, e.buffers));
                }
            }
            r.line("Sine oscillators (" + SWAPS + " swaps of one of them while they play; each swap crossfaded over a buffer) at 48 kHz"
                    + " on the engine's audio thread, into the sink that keeps a sound card's pace (" + DEPTH + " buffers ahead"
                    + (DEPTH == 2 ? ", as shipped" : "; 2 as shipped") + "; no device here). Over the swaps only (counters reset after a"
                    + " warm-up). Without swaps: the same engine and graph right after, as long again, nothing swapped (what the"
                    + " JVM and the machine cost without a swap). Jitter: how far the intervals between two"
                    + " deliveries to the output are from the period. Per block: the mean wall time of one block's render (one call"
                    + " through its proxy). Anchor: the same graph as one plain Java class on a thread of its own, no runtime, paced by"
                    + " the same sink, for as many buffers, in the same run.");
            r.line("");
            r.line("| frames | blocks | buffers | late | worst render / period | jitter p99 / worst | per block | longest swap hold"
                    + " | without swaps: late of buffers | anchor: late | anchor: worst | anchor: jitter p99 / worst | anchor: per block |");
            r.line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (int i = 0; i < engine.size(); i++) {
                Row e = engine.get(i);
                Row a = anchor.get(i);
                r.line("| " + e.frames + " | " + e.blocks + " | " + e.buffers + " | " + e.late + " | " + Stats.us(e.worst) + " / " + Stats.us(e.period)
                        + " | " + Stats.us(e.jitterP99) + " / " + Stats.us(e.jitterMax) + " | " + us1(e.perBlock) + " | "
                        + Stats.us(e.heldLongest) + " | " + e.idleLate + " of " + e.idleBuffers + " | " + a.late + " | " + Stats.us(a.worst) + " | " + Stats.us(a.jitterP99) + " / "
                        + Stats.us(a.jitterMax) + " | " + us1(a.perBlock) + " |");
            }
            long late = engine.stream().mapToLong(Row::late).sum();
            r.target("audio: late buffers through " + SWAPS + " swaps (128 and 256 frames, 1 and 8 blocks)", late + " late of "
                    + engine.stream().mapToLong(Row::buffers).sum(), "the plain class: " + anchor.stream().mapToLong(Row::late).sum() + " late;"
                    + " the engine without swaps: " + engine.stream().mapToLong(Row::idleLate).sum() + " of "
                    + engine.stream().mapToLong(Row::idleBuffers).sum(),
                    "0", late == 0);
            Row worst = engine.stream().max((x, y) -> Double.compare(x.worst / (double) x.period, y.worst / (double) y.period)).orElseThrow();
            r.target("audio: worst render vs the buffer period", Stats.us(worst.worst) + " of " + Stats.us(worst.period) + " ("
                    + worst.frames + " frames, " + worst.blocks + " blocks)", "the plain class's worst: "
                    + Stats.us(anchor.stream().mapToLong(Row::worst).max().orElse(0)), "< the period", worst.worst < worst.period);
        } finally {
            r.write(out);
        }
    }

    private static Row runEngine(int frames, int blocks, byte[][] variants) throws Exception {
        Path dir = Harness.tempDir("audio");
        try (LiveFramework fw = LiveFramework.startWith(dir, Map.of("doitlive.audio.sink", "discard", "doitlive.audio.frames",
                String.valueOf(frames), "doitlive.audio.buffers", String.valueOf(DEPTH), "doitlive.audio.crossfade", String.valueOf(frames)), Harness.BENCH_API)) {
            fw.drop("b0.jar", variants[0]);
            for (int i = 1; i < blocks; i++) {
                fw.drop("b" + i + ".jar", bundle("bench.audio.b" + i, block(i, "0")));
            }
            AudioEngine e = fw.awaitService(AudioEngine.class, null, Harness.WAIT);
            Harness.await(() -> e.status().blocks.length == blocks && Arrays.stream(e.status().blocks).allMatch(b -> b.renders > 200),
                    blocks + " blocks rendering");
            Harness.quiesce();
            e.reset(); // the buffers played go on: counted from here
            long playedFrom = e.status().played;
            Harness.settle(50, 0);
            var runtime = fw.awaitService(dev.doitlive.api.LiveRuntime.class, null, Harness.WAIT);
            long swapsFrom = System.nanoTime();
            for (int k = 1; k <= SWAPS; k++) {
                long seq = runtime.describe("b0").liveSeq;
                fw.drop("b0.jar", withVersion(variants[k % 2], "1.0." + k));
                Harness.await(() -> runtime.describe("b0").liveSeq > seq, "b0 1.0." + k + " live");
                Harness.settle(30, 40);
            }
            Harness.settle(100, 0);
            AudioDTO d = e.status();
            long[] intervals = e.deliveryIntervals();
            long renders = 0;
            long nanos = 0;
            for (AudioBlockDTO b : d.blocks) {
                renders += b.renders;
                nanos += b.totalNanos;
            }
            long[] jitter = jitter(intervals, d.periodNanos);
            long swapping = System.nanoTime() - swapsFrom;
            e.reset();
            java.util.concurrent.locks.LockSupport.parkNanos(swapping); // as long again, nothing swapped
            AudioDTO idle = e.status();
            return new Row(frames, blocks, d.played - playedFrom, d.late, d.worstRenderNanos, d.periodNanos, jitter[0], jitter[1],
                    renders == 0 ? 0 : nanos / renders, runtime.describe("b0").longestHoldNanos, idle.played - d.played, idle.late);
        } finally {
            Harness.delete(dir);
        }
    }

    /** |interval - period|: p99 and worst. */
    private static long[] jitter(long[] intervals, long period) {
        if (intervals.length == 0) {
            return new long[] {0, 0};
        }
        long[] off = new long[intervals.length];
        for (int i = 0; i < off.length; i++) {
            off[i] = Math.abs(intervals[i] - period);
        }
        Stats s = new Stats(off);
        return new long[] {s.p99(), s.max()};
    }

    /** The same graph as one plain class: {@code blocks} sines into a buffer, mixed, on a thread paced by the same sink. */
    private static Row runAnchor(int frames, int blocks, long buffers) throws InterruptedException {
        PacedSink sink = new PacedSink((float) RATE, frames, DEPTH, null);
        float[][] mix = new float[2][frames];
        float[] block = new float[frames];
        double[] phase = new double[blocks];
        long[] intervals = new long[(int) Math.min(buffers, 1 << 20)];
        long[] worst = new long[1];
        long[] late = new long[1];
        long[] total = new long[1];
        Thread t = new Thread(() -> {
            long last = 0;
            for (long n = 0; n < buffers; n++) {
                long t0 = System.nanoTime();
                for (float[] m : mix) {
                    Arrays.fill(m, 0f);
                }
                for (int b = 0; b < blocks; b++) {
                    long b0 = System.nanoTime();
                    double step = (b + 1) * 110.0 / RATE;
                    double p = phase[b];
                    for (int i = 0; i < frames; i++) {
                        block[i] = (float) (0.05 * Math.sin(2 * Math.PI * p));
                        p = (p + step) % 1;
                    }
                    phase[b] = p;
                    for (float[] m : mix) {
                        for (int i = 0; i < frames; i++) {
                            m[i] += block[i];
                        }
                    }
                    total[0] += System.nanoTime() - b0;
                }
                worst[0] = Math.max(worst[0], System.nanoTime() - t0);
                if (!sink.write(mix, frames)) {
                    late[0]++;
                }
                long now = System.nanoTime();
                if (last != 0 && n < intervals.length) {
                    intervals[(int) n] = now - last;
                }
                last = now;
            }
        }, "bench-audio-anchor");
        t.setPriority(Thread.MAX_PRIORITY);
        t.start();
        t.join();
        long period = Math.round(frames * 1e9 / RATE);
        long[] j = jitter(Arrays.copyOfRange(intervals, 1, intervals.length), period);
        return new Row(frames, blocks, buffers, late[0], worst[0], period, j[0], j[1], total[0] / (buffers * blocks), 0, 0, 0);
    }

    /** The jar with another Bundle-Version: a new version of the same code, without compiling it again. */
    static byte[] withVersion(byte[] jar, String version) {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().putValue("Bundle-Version", version);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream o = new JarOutputStream(bytes, m)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    o.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(o);
                    o.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bundle(String symbolicName, Map<String, String> sources) {
        return TestBundles.bundle(symbolicName, "1.0.0", sources);
    }

    /** Microseconds to a tenth: a block's render is a few. */
    private static String us1(long nanos) {
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
}
