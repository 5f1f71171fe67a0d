package dev.doitlive.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.doitlive.bench.api.Probe;
import dev.doitlive.bench.api.Recorder;
import dev.doitlive.itest.LiveFramework;
import dev.doitlive.itest.TestBundles;

/**
 * The pixels kit (issue 13): what its outputs send and what they cost the show, on a real framework. A 60 Hz
 * {@code @Loop} show writes 680 pixels to every {@link dev.doitlive.api.pixels.PixelOutput} each step. (1) An sACN
 * output of those 680 pixels (four universes) to a socket on loopback: frames out per second, and the jitter between
 * consecutive packets of one universe, beside the loop's own step gaps. (2) The loop's gaps with no output and with
 * four (sACN four universes, Art-Net, DDP, OPC over TCP, all to readers on loopback), in alternating windows.
 */
public final class PixelsOut {
    private static final int RATE = 60;
    private static final long PERIOD = 1_000_000_000L / RATE;
    private static final int PIXELS = 680;
    private static final int UNIVERSES = 4;
    private static final long SECONDS = Long.getLong("bench.pixels.seconds", 30);
    private static final int WINDOWS = Integer.getInteger("bench.pixels.windows", 6);
    private static final long WINDOW_SECONDS = Long.getLong("bench.pixels.windowSeconds", 10);

    private PixelsOut() {
    }

    static Map<String, String> show() {
        return Map.of("bench.pixels.Show", """
                package bench.pixels;

                import java.util.List;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import dev.doitlive.api.pixels.PixelOutput;
                import dev.doitlive.bench.api.*;

                @Component(service = {Step.class, Probe.class})
                @Refreshable(name = "show")
                @Loop(rate = %d)
                public class Show implements Step, Probe {
                    double phase;
                    int[] pixels = new int[%d];
                    private volatile long count;
                    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
                    private volatile List<PixelOutput> outputs;

                    public void step() {
                        Recorder.step();
                        phase += 0.05;
                        for (int i = 0; i < pixels.length; i++) {
                            int v = (int) (255 * (0.5 + 0.5 * Math.sin(phase + i * 0.1)));
                            pixels[i] = v << 16 | (255 - v) << 8 | v >> 1;
                        }
                        List<PixelOutput> more = outputs;
                        for (int i = 0, k = more == null ? 0 : more.size(); i < k; i++) {
                            more.get(i).frame("show", pixels, pixels.length);
                        }
                        count++;
                    }
                    public String version() { return "v1"; }
                    public long next() { return count; }
                    public long count() { return count; }
                }
                """.formatted(RATE, PIXELS));
    }

    /** Datagrams received on a loopback socket: when each came and its sACN universe (0 for other protocols). */
    static final class Receiver implements AutoCloseable {
        final DatagramChannel channel;
        private final long[] at = new long[1 << 21];
        private final int[] universe = new int[1 << 21];
        private volatile int n;
        private volatile boolean recording;
        private final Thread thread;

        Receiver() throws IOException {
            channel = DatagramChannel.open();
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(this::run, "bench-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        int port() throws IOException {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        }

        private void run() {
            ByteBuffer b = ByteBuffer.allocate(2048);
            try {
                for (;;) {
                    b.clear();
                    channel.receive(b);
                    long t = System.nanoTime();
                    int k = n;
                    if (recording && k < at.length) {
                        at[k] = t;
                        universe[k] = b.position() > 114 ? (b.get(113) & 0xff) << 8 | b.get(114) & 0xff : 0;
                        n = k + 1;
                    }
                }
            } catch (IOException closed) {
                // the benchmark is over
            }
        }

        void start() {
            n = 0;
            recording = true;
        }

        /** Stops recording; the arrival times of each universe's packets. */
        long[][] stop() {
            recording = false;
            int k = n;
            long[][] byUniverse = new long[UNIVERSES + 1][];
            for (int u = 1; u <= UNIVERSES; u++) {
                long[] t = new long[k];
                int m = 0;
                for (int i = 0; i < k; i++) {
                    if (universe[i] == u) {
                        t[m++] = at[i];
                    }
                }
                byUniverse[u] = Arrays.copyOf(t, m);
            }
            return byUniverse;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** An OPC receiver on loopback that reads everything. */
    static final class TcpSink implements AutoCloseable {
        final ServerSocket server;

        TcpSink() throws IOException {
            server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                try {
                    for (;;) {
                        Socket s = server.accept();
                        Thread r = new Thread(() -> {
                            try (s; InputStream in = s.getInputStream()) {
                                in.transferTo(java.io.OutputStream.nullOutputStream());
                            } catch (IOException e) {
                                // closed
                            }
                        }, "bench-opc-reader");
                        r.setDaemon(true);
                        r.start();
                    }
                } catch (IOException closed) {
                    // the benchmark is over
                }
            }, "bench-opc-accept");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static void configure(LiveFramework fw, String name, String text) {
        fw.drop("dev.doitlive.output-" + name + ".cfg", text.getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("pixels");
        Path dir = Harness.tempDir("pixels");
        try (LiveFramework fw = Harness.start(dir); Receiver sacn = new Receiver(); Receiver other = new Receiver(); TcpSink opc = new TcpSink()) {
            fw.drop("show.jar", TestBundles.bundle("bench.pixels", "1.0.0", show()));
            Probe p = fw.awaitService(Probe.class, null, Harness.WAIT);
            Harness.await(() -> p.count() > 2 * RATE, "the show to run 2 s");

            // (1) Frames out and jitter: one sACN output, four universes.
            String sacnCfg = "protocol = sacn\nhost = 127.0.0.1\nport = " + sacn.port() + "\nuniverse = 1\npixels = " + PIXELS + "\n";
            configure(fw, "sacn", sacnCfg);
            sacn.start();
            Harness.await(() -> sacn.n > 4 * RATE * UNIVERSES, "four seconds of packets");
            Harness.quiesce();
            sacn.start();
            Recorder.startSteps();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(SECONDS));
            long[] steps = Recorder.stopSteps();
            long[][] packets = sacn.stop();
            report(r, steps, packets);

            // (2) The loop's gaps, outputs off and on, in alternating windows.
            fw.remove("dev.doitlive.output-sacn.cfg");
            String[][] on = {
                    {"sacn", sacnCfg},
                    {"artnet", "protocol = artnet\nhost = 127.0.0.1\nport = " + other.port() + "\nuniverse = 1\npixels = 170\n"},
                    {"ddp", "protocol = ddp\nhost = 127.0.0.1\nport = " + other.port() + "\npixels = " + PIXELS + "\n"},
                    {"opc", "protocol = opc\nhost = 127.0.0.1\nport = " + opc.server.getLocalPort() + "\npixels = " + PIXELS + "\n"}};
            List<long[]> offWindows = new ArrayList<>();
            List<long[]> onWindows = new ArrayList<>();
            for (int w = 0; w < 2 * WINDOWS; w++) {
                boolean outputs = w % 2 == 1;
                for (String[] o : on) {
                    if (outputs) {
                        configure(fw, o[0], o[1]);
                    } else if (java.nio.file.Files.exists(fw.watched().resolve("dev.doitlive.output-" + o[0] + ".cfg"))) {
                        fw.remove("dev.doitlive.output-" + o[0] + ".cfg");
                    }
                }
                Harness.settle(1500, 0); // FileInstall, ConfigAdmin, the outputs started or stopped
                Harness.quiesce();
                Recorder.startSteps();
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(WINDOW_SECONDS));
                (outputs ? onWindows : offWindows).add(Recorder.stopSteps());
            }
            String table = fw.shell("live:outputs");
            Gaps off = Gaps.of(offWindows);
            Gaps onGaps = Gaps.of(onWindows);
            r.line("");
            r.line("The loop's gaps, " + WINDOWS + " windows of " + WINDOW_SECONDS + " s each way, alternating: no output, then four (sACN "
                    + PIXELS + " pixels in four universes, Art-Net 170 pixels, DDP " + PIXELS + " pixels, OPC " + PIXELS
                    + " pixels over TCP), each to a reader on loopback.");
            r.line("");
            r.line("| outputs | steps | median gap | p99 gap | p99.9 gap | largest gap | gaps > 2 periods |");
            r.line("|---|---|---|---|---|---|---|");
            r.line(off.row("none (anchor)"));
            r.line(onGaps.row("four"));
            r.line("");
            r.line("`live:outputs` at the end:");
            r.line("");
            r.line("```");
            r.line(table);
            r.line("```");
            // The loop's own noise (the machine, GC) is in both: what the outputs add is the difference.
            r.target("p99 gap of a 60 Hz loop writing to four outputs", Stats.ms(onGaps.p99), "no output: " + Stats.ms(off.p99)
                    + "; largest " + Stats.ms(onGaps.largest) + " vs " + Stats.ms(off.largest), "≤ no output's + 1 ms",
                    onGaps.p99 <= off.p99 + 1_000_000);
        } finally {
            r.write(out);
            Harness.delete(dir);
        }
    }

    private static void report(Results r, long[] steps, long[][] packets) {
        long[] first = packets[1];
        double span = (first[first.length - 1] - first[0]) / 1e9;
        double framesPerSecond = (first.length - 1) / span;
        List<Long> gaps = new ArrayList<>();
        List<Long> jitter = new ArrayList<>();
        for (int u = 1; u <= UNIVERSES; u++) {
            long[] t = packets[u];
            for (int i = 1; i < t.length; i++) {
                gaps.add(t[i] - t[i - 1]);
                jitter.add(Math.abs(t[i] - t[i - 1] - PERIOD));
            }
        }
        List<Long> spread = new ArrayList<>();
        long[] last = packets[UNIVERSES];
        for (int i = 0, j = 0; i < first.length; i++) {
            while (j < last.length && last[j] < first[i]) {
                j++;
            }
            if (j < last.length && last[j] - first[i] < PERIOD) {
                spread.add(last[j] - first[i]);
            }
        }
        List<Long> stepGaps = new ArrayList<>();
        List<Long> stepJitter = new ArrayList<>();
        for (int i = 1; i < steps.length; i++) {
            stepGaps.add(steps[i] - steps[i - 1]);
            stepJitter.add(Math.abs(steps[i] - steps[i - 1] - PERIOD));
        }
        Stats g = stats(gaps);
        Stats j = stats(jitter);
        Stats sg = stats(stepGaps);
        Stats sj = stats(stepJitter);
        Stats sp = stats(spread);
        double stepsPerSecond = (steps.length - 1) / ((steps[steps.length - 1] - steps[0]) / 1e9);
        r.line("A `@Loop(rate = " + RATE + ")` show writes " + PIXELS + " pixels to every `PixelOutput` each step; one sACN output sends them"
                + " unicast to a socket on loopback, four universes a frame (170 + 170 + 170 + 170 pixels), " + SECONDS + " s.");
        r.line("");
        r.line("| | per second | median gap | p99 gap | largest gap | jitter median (\\|gap − 16.7 ms\\|) | jitter p99 | jitter worst |");
        r.line("|---|---|---|---|---|---|---|---|");
        r.line(String.format(Locale.ROOT, "| the loop's steps (anchor) | %.2f | %s | %s | %s | %s | %s | %s |", stepsPerSecond, Stats.ms(sg.median()),
                Stats.ms(sg.p99()), Stats.ms(sg.max()), Stats.us(sj.median()), Stats.us(sj.p99()), Stats.us(sj.max())));
        r.line(String.format(Locale.ROOT, "| sACN frames out (packets of one universe, all four pooled) | %.2f | %s | %s | %s | %s | %s | %s |",
                framesPerSecond, Stats.ms(g.median()), Stats.ms(g.p99()), Stats.ms(g.max()), Stats.us(j.median()), Stats.us(j.p99()),
                Stats.us(j.max())));
        r.line("");
        r.line("Packets received: " + Arrays.stream(packets).skip(1).mapToInt(a -> a.length).sum() + " (" + first.length + " frames); from a"
                + " frame's first universe to its fourth: " + sp.summaryUs() + ".");
        r.target("sACN frames out per second at 60 fps, four universes", String.format(Locale.ROOT, "%.2f", framesPerSecond),
                String.format(Locale.ROOT, "the loop: %.2f steps/s", stepsPerSecond), "every step's frame (≥ 99 % of the loop's steps/s)",
                framesPerSecond >= 0.99 * stepsPerSecond);
    }

    private static Stats stats(List<Long> values) {
        return new Stats(values.isEmpty() ? new long[] {0} : values.stream().mapToLong(Long::longValue).toArray());
    }

    /** The gaps between consecutive steps of some windows (never across two). */
    record Gaps(long steps, long median, long p99, long p999, long largest, long late) {
        static Gaps of(List<long[]> windows) {
            List<Long> all = new ArrayList<>();
            long steps = 0;
            for (long[] s : windows) {
                steps += s.length;
                for (int i = 1; i < s.length; i++) {
                    all.add(s[i] - s[i - 1]);
                }
            }
            Stats g = stats(all);
            long late = all.stream().filter(x -> x > 2 * PERIOD).count();
            return new Gaps(steps, g.median(), g.p99(), g.quantile(0.999), g.max(), late);
        }

        String row(String label) {
            return "| " + label + " | " + steps + " | " + Stats.ms(median) + " | " + Stats.ms(p99) + " | " + Stats.ms(p999) + " | "
                    + Stats.ms(largest) + " | " + late + " |";
        }
    }
}
