package dev.doitlive.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import dev.doitlive.bench.api.Probe;
import dev.doitlive.bench.api.Recorder;
import dev.doitlive.itest.LiveFramework;
import dev.doitlive.runtime.state.RootState;
import dev.doitlive.runtime.state.StateCodec;
import dev.doitlive.runtime.transfer.ClassModel;

/**
 * What saving the state costs a show loop (issue 11): a 60 Hz {@code @Loop} whose step keeps a show's state (a few
 * doubles and 150 pixels), run by the runtime through its proxy, for as long with the periodic save off, every 2 s (the
 * default) and every 100 ms: the gaps between its steps. A save holds the loop's calls at the gate while it serializes
 * the instance; the file is written after. Beside it, the serialization alone, timed in this JVM on the same fields.
 */
public final class StateSaveCost {
    private static final int RATE = 60;
    private static final long SECONDS = Long.getLong("bench.state.seconds", 60);
    private static final long[] PERIODS = {0, 2000, 100};

    private StateSaveCost() {
    }

    /** The show's state, as the step's fields: serialized here on its own to time what the gate waits for. */
    static final class ShowState {
        double phase;
        double speed = 0.02;
        double hue;
        double brightness = 0.8;
        int[] pixels = new int[150];
        long count;
    }

    static Map<String, String> show(String label) {
        return Map.of("bench.show.Show", """
                package bench.show;

                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import dev.doitlive.bench.api.*;

                @Component(service = {Step.class, Probe.class})
                @Refreshable(name = "show")
                @Loop(rate = %d)
                public class Show implements Step, Probe {
                    double phase;
                    double speed = 0.02;
                    double hue;
                    double brightness = 0.8;
                    int[] pixels = new int[150];
                    private volatile long count;
                    public void step() {
                        Recorder.step();
                        phase += speed;
                        hue = (hue + 0.001) %% 1.0;
                        for (int i = 0; i < pixels.length; i++) {
                            pixels[i] = (int) (255 * brightness * (0.5 + 0.5 * Math.sin(phase + i * 0.1)));
                        }
                        count++;
                    }
                    public String version() { return "%s"; }
                    public long next() { return count; }
                    public long count() { return count; }
                }
                """.formatted(RATE, label));
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("state");
        Path dir = Harness.tempDir("state");
        try (LiveFramework fw = Harness.start(dir); Pauses pauses = new Pauses()) {
            fw.drop("show.jar", dev.doitlive.itest.TestBundles.bundle("bench.show", "1.0.0", show("v1")));
            Probe p = fw.awaitService(Probe.class, null, Harness.WAIT);
            Harness.await(() -> p.count() > 2 * RATE, "the loop to run 2 s");
            Path file = stateFile(dir);
            List<String> rows = new ArrayList<>();
            List<Gaps> all = new ArrayList<>();
            for (long period : PERIODS) {
                fw.drop("dev.doitlive.runtime.cfg", ("stateSaveMillis = " + period + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                Harness.settle(1500, 0); // the configuration goes through FileInstall and ConfigAdmin; the saver reads it each period
                Harness.quiesce();
                Writes writes = new Writes(file);
                Instant from = Instant.now();
                Recorder.startSteps();
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(SECONDS));
                long[] stamps = Recorder.stopSteps();
                Instant to = Instant.now();
                long saves = writes.stop();
                Gaps g = Gaps.of(stamps);
                all.add(g);
                rows.add("| " + (period == 0 ? "off (`stateSaveMillis = 0`)" : "every " + period + " ms") + " | " + g.steps + " | " + saves + " | "
                        + Stats.ms(g.median) + " | " + Stats.ms(g.p99) + " | " + Stats.ms(g.largest) + " | " + g.late + " | "
                        + pauses.longestGateWait(t -> t.startsWith("doitlive-loop-"), from, to) + " |");
            }
            pauses.stop();
            Stats encode = encodeTimes();
            r.line("A `@Loop(rate = " + RATE + ")` step keeping a show's state (four doubles, a 150-pixel `int[]`, a count), run by the"
                    + " runtime through its proxy, " + SECONDS + " s for each setting of `stateSaveMillis` (set in the watched folder's"
                    + " `dev.doitlive.runtime.cfg`). A save holds the loop's calls at the gate while it serializes the instance (Kryo),"
                    + " then writes the file (temporary file, fsync, rename) on its own thread; an unchanged state is not written.");
            r.line("");
            r.line("| periodic save | steps | files written | median gap | p99 gap | largest gap | gaps > 2 periods | longest wait of the loop"
                    + " thread at the gate |");
            r.line("|---|---|---|---|---|---|---|---|");
            rows.forEach(r::line);
            r.line("");
            r.line("The serialization alone (what the gate waits for), the same fields in this JVM, 10,000 times: " + encode.summaryUs() + ".");
            Gaps off = all.get(0);
            Gaps every2s = all.get(1);
            Gaps every100 = all.get(2);
            r.target("largest gap of a 60 Hz loop, saving every 2 s vs off", Stats.ms(every2s.largest), "off: " + Stats.ms(off.largest)
                    + "; every 100 ms: " + Stats.ms(every100.largest), "≤ 2 periods (33 ms)", every2s.largest <= 2 * 1_000_000_000L / RATE);
        } finally {
            r.write(out);
            Harness.delete(dir);
        }
    }

    /** The state file of "show" under the framework storage, once saved. */
    private static Path stateFile(Path dir) {
        Path[] found = new Path[1];
        Harness.await(() -> {
            try (Stream<Path> s = Files.walk(dir.resolve("storage"))) {
                found[0] = s.filter(x -> x.endsWith(Path.of("history", "show", "state"))).findFirst().orElse(null);
            } catch (IOException | java.io.UncheckedIOException e) {
                found[0] = null;
            }
            return found[0] != null;
        }, "the show's state saved");
        return found[0];
    }

    /** Counts the times the file is replaced (each save renames a new file in), looking every 10 ms. */
    private static final class Writes {
        private final Thread watcher;
        private final AtomicLong count = new AtomicLong();
        private volatile boolean stop;

        Writes(Path file) {
            watcher = new Thread(() -> {
                String last = key(file);
                while (!stop) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    String k = key(file);
                    if (k != null && !k.equals(last)) {
                        count.incrementAndGet();
                        last = k;
                    }
                }
            }, "state-writes");
            watcher.setDaemon(true);
            watcher.start();
        }

        long stop() throws InterruptedException {
            stop = true;
            watcher.join();
            return count.get();
        }

        private static String key(Path file) {
            try {
                var a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
                return a.fileKey() + " " + a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** The runtime's own serialization of the same state, timed: what callers wait for during a save. */
    private static Stats encodeTimes() throws Exception {
        ShowState s = new ShowState();
        ClassModel model = new ClassModel(ShowState.class.getClassLoader());
        model.preload(List.of(ShowState.class.getName()));
        StateCodec codec = new StateCodec(ShowState.class.getClassLoader(), 16 << 20);
        long[] t = new long[10_000];
        for (int i = -2000; i < t.length; i++) {
            s.phase += 0.01;
            s.pixels[i & 127] = i;
            long t0 = System.nanoTime();
            codec.encode(RootState.entries(s, model, Set.of()));
            if (i >= 0) {
                t[i] = System.nanoTime() - t0;
            }
        }
        return new Stats(t);
    }

    /** Gaps between consecutive steps. */
    record Gaps(long steps, long median, long p99, long largest, long late) {
        static Gaps of(long[] stamps) {
            long[] gaps = new long[Math.max(1, stamps.length - 1)];
            long late = 0;
            for (int i = 1; i < stamps.length; i++) {
                gaps[i - 1] = stamps[i] - stamps[i - 1];
                late += gaps[i - 1] > 2 * 1_000_000_000L / RATE ? 1 : 0;
            }
            Stats s = new Stats(gaps);
            return new Gaps(stamps.length, s.median(), s.p99(), s.max(), late);
        }
    }
}
