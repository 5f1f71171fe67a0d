package dev.doitlive.bench.harness;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.bench.api.Probe;
import dev.doitlive.itest.LiveFramework;

/**
 * OSC message → field changed (issue 13): a datagram {@code /live/probe/count i N} sent to the controls kit's port on
 * 127.0.0.1 from a DatagramSocket, until a call through the refreshable's proxy reads N from the field; the ways taking
 * turns, {@value #WARMUP_DEFAULT} rounds of warm-up first. Beside it: {@link LiveRuntime#set} in process (the same set
 * the kit makes, without UDP and decoding: the anchor), and a query {@code /live/probe/count} until its answer is back
 * (UDP both ways, decoding, reading the fields, encoding; no set). The watcher calls {@code count()} again and again,
 * yielding the core in between.
 */
public final class OscLatency {
    private static final int WARMUP_DEFAULT = 200;
    private static final int WARMUP = Integer.getInteger("bench.osc.warmup", WARMUP_DEFAULT);
    private static final int SAMPLES = Integer.getInteger("bench.osc.samples", 2000);
    private static final long TARGET_MEDIAN = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private OscLatency() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("osc");
        Path dir = Harness.tempDir("osc");
        try (LiveFramework fw = Harness.start(dir); DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            LiveRuntime runtime = fw.awaitService(LiveRuntime.class, null, Harness.WAIT);
            fw.drop("probe.jar", dev.doitlive.itest.TestBundles.bundle("bench.probe", "1.0.0", BenchBundles.probe("v1", true, "osc")));
            Probe probe = fw.awaitService(Probe.class, "(bench.kind=osc)", Harness.WAIT);
            String[] status = new String[1];
            Harness.await(() -> LISTENING.matcher(status[0] = osc(fw)).find(), "the OSC port to listen");
            Matcher m = LISTENING.matcher(status[0]);
            m.find();
            int port = Integer.parseInt(m.group(1));
            socket.setSoTimeout((int) Harness.WAIT.toMillis());
            byte[] query = message("/live/probe/count", null);
            byte[] answer = new byte[256];

            long[] osc = new long[SAMPLES];
            long[] set = new long[SAMPLES];
            long[] ask = new long[SAMPLES];
            long value = 0;
            Harness.quiesce();
            for (int i = -WARMUP; i < SAMPLES; i++) {
                long v1 = ++value;
                byte[] packet = message("/live/probe/count", (int) v1);
                Harness.settle(1, 2);
                long t0 = System.nanoTime();
                socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
                long t1 = spin(() -> probe.count() == v1, "count = " + v1);

                long v2 = ++value;
                Harness.settle(1, 2);
                long t2 = System.nanoTime();
                runtime.set("probe", "count", Long.toString(v2));
                long t3 = spin(() -> probe.count() == v2, "count = " + v2);

                Harness.settle(1, 2);
                long t4 = System.nanoTime();
                socket.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), port));
                DatagramPacket back = new DatagramPacket(answer, answer.length);
                try {
                    socket.receive(back);
                } catch (SocketTimeoutException e) {
                    throw new IllegalStateException("no answer to the query within " + Harness.WAIT.toSeconds() + " s");
                }
                long t5 = System.nanoTime();
                if (i >= 0) {
                    osc[i] = t1 - t0;
                    set[i] = t3 - t2;
                    ask[i] = t5 - t4;
                }
            }
            Stats o = new Stats(osc);
            Stats s = new Stats(set);
            Stats q = new Stats(ask);
            r.line("The controls kit's OSC port on 127.0.0.1 (a real framework, the kit as shipped). A refreshable's `long count`"
                    + " set " + SAMPLES + " times each way, the ways taking turns, " + WARMUP + " rounds of warm-up first, 1-3 ms"
                    + " apart; *seen*: a call through its proxy, asked again and again (yielding the core in between), reads the new value. The sender is a"
                    + " `DatagramSocket` in the harness's JVM, the same machine: no network in between.");
            r.line("");
            r.line("| way | until seen |");
            r.line("|---|---|");
            r.line("| `/live/probe/count i N`, one datagram | " + o.summaryUs() + " |");
            r.line("| `LiveRuntime.set(\"probe\", \"count\", N)` in process (anchor: the set alone) | " + s.summaryUs() + " |");
            r.line("| `/live/probe/count` query until its answer is back (UDP both ways, no set) | " + q.summaryUs() + " |");
            r.line("");
            r.target("OSC message → field changed, median (p99 " + Stats.us(o.p99()) + ")", Stats.us(o.median()) + " (n=" + o.n() + ")",
                    "`LiveRuntime.set`: median " + Stats.us(s.median()) + ", p99 " + Stats.us(s.p99()) + "; a query's round trip: median "
                            + Stats.us(q.median()), "≤ 1 ms median", o.median() <= TARGET_MEDIAN);
        } finally {
            r.write(out);
            Harness.delete(dir);
        }
    }

    /** What live:osc says, or why it cannot yet (its command comes with the kit's bundle). */
    private static String osc(LiveFramework fw) {
        try {
            return fw.shell("live:osc");
        } catch (LiveFramework.CommandFailed e) {
            return e.getMessage();
        }
    }

    /**
     * Asks until the condition holds, giving the core to any thread that wants it between two asks (on 2 cores a pure
     * spin would keep the kit's receive thread waiting for one); returns when it was seen.
     */
    private static long spin(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Harness.WAIT.toNanos();
        for (;;) {
            long now = System.nanoTime();
            if (condition.getAsBoolean()) {
                return now;
            }
            if (now - deadline > 0) {
                throw new IllegalStateException("timed out after " + Harness.WAIT.toSeconds() + " s waiting for " + what);
            }
            Thread.yield();
        }
    }

    /** An OSC 1.0 message with one int argument, or none (a query): address and type tags NUL-padded to 4 bytes. */
    static byte[] message(String address, Integer value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        padded(b, address);
        padded(b, value == null ? "," : ",i");
        if (value != null) {
            b.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
        }
        return b.toByteArray();
    }

    private static void padded(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        b.writeBytes(bytes);
        b.writeBytes(new byte[4 - bytes.length % 4]);
    }
}
