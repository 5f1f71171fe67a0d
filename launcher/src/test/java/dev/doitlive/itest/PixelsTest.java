package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.osgi.framework.InvalidSyntaxException;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.pixels.PixelOutput;

/**
 * The pixels kit on a real framework: outputs configured by real {@code dev.doitlive.output-NAME.cfg} files in the
 * watched folder (FileInstall, ConfigAdmin), fed by a real refreshable loop step that writes a known frame to every
 * {@link PixelOutput}, received by a real olad (OPC, on the host's loopback) and by sockets of the test's own (DDP,
 * which no Debian package receives, and sACN's bytes); sACN and Art-Net into olad run in a network namespace:
 * {@link PixelsNetnsIT}.
 */
class PixelsTest extends LiveTest {
    /** The frame the painter writes: pixel i is (3i+1, 3i+2, 3i+3), each mod 256, so channel k carries (k+1) mod 256. */
    static final int PIXELS = 400;
    static final int RATE = 100;

    static Map<String, String> painter() {
        return Sources.of("t.painter.Painter", """
                package t.painter;
                import java.util.List;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import dev.doitlive.api.pixels.PixelOutput;

                @Component(service = Step.class)
                @Refreshable(name = "painter")
                @Loop(rate = %d)
                public class Painter implements Step {
                    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
                    private volatile List<PixelOutput> outputs;
                    private transient int[] frame;

                    public void step() {
                        int[] f = frame;
                        if (f == null) {
                            frame = f = new int[%d];
                        }
                        for (int i = 0; i < f.length; i++) {
                            f[i] = ((3 * i + 1) & 255) << 16 | ((3 * i + 2) & 255) << 8 | ((3 * i + 3) & 255);
                        }
                        List<PixelOutput> all = outputs;
                        for (int i = 0, n = all == null ? 0 : all.size(); i < n; i++) {
                            all.get(i).frame("painter", f, f.length);
                        }
                    }
                }
                """.formatted(RATE, PIXELS));
    }

    /** The channels an output sends of the painter's frame: {@code count} from pixel {@code first}, RGB. */
    static int[] channels(int first, int count) {
        int[] c = new int[3 * count];
        for (int k = 0; k < c.length; k++) {
            c[k] = (3 * first + k + 1) & 255;
        }
        return c;
    }

    private void startPainter() {
        fw.drop("painter.jar", TestBundles.bundle("t.painter", "1.0.0", painter()));
        Await.until(() -> steps() > 5, WAIT, "the painter to step");
    }

    private long steps() {
        return runtime.loops().stream().filter(l -> l.name.equals("painter")).mapToLong(l -> l.steps).findFirst().orElse(0);
    }

    /** Waits for the painter to step {@code n} more times: time passing, measured in the loop's own steps. */
    private void awaitSteps(long n) {
        long from = steps();
        Await.until(() -> steps() >= from + n, WAIT, () -> n + " more steps of the painter (" + (steps() - from) + " so far)");
    }

    private void configure(String name, String... lines) {
        fw.save("dev.doitlive.output-" + name + ".cfg", String.join("\n", lines) + "\n");
    }

    private boolean outputService(String name) {
        try {
            return fw.context().getServiceReferences(PixelOutput.class, "(doitlive.output=" + name + ")").size() == 1;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private long linesWith(String... fragments) {
        return stderr.runtimeLines().stream().filter(l -> Arrays.stream(fragments).allMatch(l::contains)).count();
    }

    static DatagramSocket udp() throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.setReceiveBufferSize(1 << 20);
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    /** The next datagram that matches, waiting at most the socket's timeout. */
    static byte[] receive(DatagramSocket s, Predicate<byte[]> matches) throws IOException {
        byte[] buf = new byte[2048];
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            byte[] got = Arrays.copyOf(p.getData(), p.getLength());
            if (matches.test(got)) {
                return got;
            }
        }
        throw new AssertionError("no matching datagram within " + WAIT.toMillis() + " ms");
    }

    /** How many datagrams are waiting (read without waiting). */
    static int drain(DatagramSocket s) throws IOException {
        return drainAll(s).size();
    }

    /** The datagrams waiting, oldest first (read without waiting). */
    static List<byte[]> drainAll(DatagramSocket s) throws IOException {
        List<byte[]> all = new ArrayList<>();
        int timeout = s.getSoTimeout();
        s.setSoTimeout(1);
        try {
            byte[] buf = new byte[2048];
            for (;;) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                all.add(Arrays.copyOf(p.getData(), p.getLength()));
            }
        } catch (SocketTimeoutException e) {
            return all;
        } finally {
            s.setSoTimeout(timeout);
        }
    }

    private static int u16(byte[] p, int at) {
        return (p[at] & 0xff) << 8 | p[at + 1] & 0xff;
    }

    @Test
    void withNoOutputConfiguredTheKitSaysNothingAndStartsNoThread() {
        startPainter();
        awaitSteps(20);
        assertTrue(fw.bundle("dev.doitlive.pixels") != null, "the kit is a core bundle");
        assertEquals(List.of(), stderr.runtimeLines().stream()
                .filter(l -> l.startsWith("output ") || l.contains("dev.doitlive.output")).toList());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("doitlive-output")),
                "no sender thread");
        assertEquals("no pixel outputs: drop a dev.doitlive.output-NAME.cfg (protocol, host, pixels...) into the watched folder",
                fw.shell("live:outputs").strip());
        assertEquals("live:outputs: wrong arguments; usage: live:outputs (it takes none)",
                assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:outputs extra")).getMessage());
    }

    /**
     * DDP has no receiver among Debian's packages: its bytes are checked here as the 3waylabs specification lays them
     * out (and WLED reads them). 600 pixels from pixel 5, GRB at half brightness: two packets a frame, 480 + 120
     * pixels, the second with the push flag. An output for another strip gets nothing.
     */
    @Test
    void ddpCarriesTheFrameInPacketsOf480PixelsAndAStripFilterLeavesOtherStripsOut() throws Exception {
        try (DatagramSocket s = udp(); DatagramSocket other = udp()) {
            configure("wled", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = 600", "first = 5",
                    "order = GRB", "brightness = 0.5", "strip = painter");
            configure("elsewhere", "protocol = ddp", "host = 127.0.0.1", "port = " + other.getLocalPort(), "pixels = 10",
                    "strip = someone-else");
            stderr.await(WAIT, "output wled: ddp to 127.0.0.1:" + s.getLocalPort() + ", offset 0, 600 pixels from pixel 5 of strip painter,"
                    + " GRB, brightness 0.5 (dev.doitlive.output-wled.cfg)");
            startPainter();
            byte[] first = receive(s, p -> ByteBuffer.wrap(p, 4, 4).getInt() == 0);
            byte[] second = receive(s, p -> true);
            assertEquals(10 + 1440, first.length);
            assertEquals(10 + 360, second.length, "120 pixels of 600 - 480");
            assertEquals(0x40, first[0], "version 1, no push");
            assertEquals(0x41, second[0], "version 1, push: the frame is whole");
            assertEquals((first[1] % 15) + 1, second[1], "the sequence runs on, 1 to 15");
            assertEquals(0x0B, first[2], "RGB, 8 bits a channel");
            assertEquals(1, first[3], "destination: the display");
            assertEquals(1440, ByteBuffer.wrap(second, 4, 4).getInt(), "offset in bytes");
            assertEquals(1440, u16(first, 8));
            assertEquals(360, u16(second, 8));
            // The painter's pixels 5 .. 604; past its 400 the frame is black.
            byte[] data = new byte[1800];
            System.arraycopy(first, 10, data, 0, 1440);
            System.arraycopy(second, 10, data, 1440, 360);
            for (int px = 0; px < 600; px++) {
                int[] rgb = px + 5 < PIXELS ? Arrays.copyOfRange(channels(px + 5, 1), 0, 3) : new int[3];
                int[] wire = {data[3 * px] & 0xff, data[3 * px + 1] & 0xff, data[3 * px + 2] & 0xff};
                int[] grbHalf = {Math.round(rgb[1] * 0.5f), Math.round(rgb[0] * 0.5f), Math.round(rgb[2] * 0.5f)};
                assertArrayEquals(grbHalf, wire, "pixel " + px);
            }
            awaitSteps(50);
            assertEquals(0, drain(other), "the output for another strip got nothing");
        }
    }

    /**
     * sACN unicast to a socket: two universes a frame (200 pixels), each with its own running sequence. Re-targeted to
     * another port while the show runs, the output keeps its CID and goes on counting (a receiver drops a known CID
     * whose sequence goes back); the old port gets nothing more. Deleted, it stops sending and its service is gone.
     */
    @Test
    void aReTargetedSacnOutputKeepsItsCidAndSequencesAndADeletedOneStopsSending() throws Exception {
        startPainter();
        try (DatagramSocket a = udp(); DatagramSocket b = udp()) {
            configure("strip", "protocol = sacn", "host = 127.0.0.1", "port = " + a.getLocalPort(), "universe = 7", "pixels = 200",
                    "priority = 150");
            byte[] u7 = receive(a, p -> u16(p, 113) == 7);
            byte[] u8 = receive(a, p -> u16(p, 113) == 8);
            assertEquals(126 + 510, u7.length);
            assertEquals(126 + 90, u8.length, "the 30 pixels past 170");
            assertEquals(150, u7[108] & 0xff, "priority");
            assertEquals("doitlive strip", new String(u7, 44, 14, java.nio.charset.StandardCharsets.UTF_8));
            assertArrayEquals(toBytes(channels(0, 170)), Arrays.copyOfRange(u7, 126, u7.length));
            assertArrayEquals(toBytes(channels(170, 30)), Arrays.copyOfRange(u8, 126, u8.length));
            byte[] cid = Arrays.copyOfRange(u7, 22, 38);
            byte[] next7 = receive(a, p -> u16(p, 113) == 7);
            int step = ((next7[111] & 0xff) - (u7[111] & 0xff)) & 0xff;
            assertTrue(step >= 1 && step < 20, "universe 7's sequence goes up: " + (u7[111] & 0xff) + " then " + (next7[111] & 0xff));
            assertTrue(fw.shell("live:outputs").lines().anyMatch(l -> l.matches("strip +sacn +127\\.0\\.0\\.1:" + a.getLocalPort()
                    + " +universes 7-8 +200 +[1-9]\\d* .*")), fw.shell("live:outputs"));

            configure("strip", "protocol = sacn", "host = 127.0.0.1", "port = " + b.getLocalPort(), "universe = 7", "pixels = 200",
                    "priority = 150");
            stderr.await(WAIT, "output strip now: sacn to 127.0.0.1:" + b.getLocalPort());
            byte[] moved = receive(b, p -> u16(p, 113) == 7);
            assertArrayEquals(cid, Arrays.copyOfRange(moved, 22, 38), "the same CID for the output's life");
            // The old port's packets all came before the new port's first: the old sender stops before the new starts.
            byte[] last7 = next7;
            for (byte[] p : drainAll(a)) {
                if (u16(p, 113) == 7) {
                    last7 = p;
                }
            }
            int k = ((moved[111] & 0xff) - (last7[111] & 0xff)) & 0xff;
            assertTrue(k >= 1 && k < 20, "the new port's first sequence number follows the old one's: " + (last7[111] & 0xff)
                    + " then " + (moved[111] & 0xff));
            awaitSteps(50);
            assertEquals(0, drain(a), "the old port gets nothing after the re-target");

            fw.remove("dev.doitlive.output-strip.cfg");
            stderr.await(WAIT, "output strip stopped: its configuration was deleted");
            assertFalse(outputService("strip"), "its PixelOutput service is gone");
            drain(b);
            awaitSteps(150); // 1.5 s at 100 Hz: past the one-second resend of the last frame
            assertEquals(0, drain(b), "nothing is sent after the deletion");
        }
    }

    private static byte[] toBytes(int[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /**
     * A bad value is one line naming the file and the key: a new output does not start; a running one keeps its last
     * good settings and goes on sending with them. The line is not said again while the file stays as it is.
     */
    @Test
    void aBadValueIsOneLineNamingTheFileAndKeyAndNothingStartsOrChanges() throws Exception {
        startPainter();
        configure("bad", "protocol = opc", "host = 127.0.0.1", "port = abc", "pixels = 10");
        String line = "dev.doitlive.output-bad.cfg: port = abc is not a port from 1 to 65535; output bad does not start";
        stderr.await(WAIT, line);
        assertFalse(outputService("bad"));
        String table = fw.shell("live:outputs");
        assertTrue(table.lines().anyMatch(l -> l.startsWith("bad ") && l.endsWith("not started: " + line)), table);
        try (DatagramSocket s = udp()) {
            configure("good", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = 3");
            receive(s, p -> true);
            configure("good", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = 3", "gamma = lots");
            String kept = "dev.doitlive.output-good.cfg: gamma = lots is not a gamma from 0.1 to 5 (1 is linear); output good keeps"
                    + " its last good settings";
            stderr.await(WAIT, kept);
            drain(s);
            byte[] still = receive(s, p -> true);
            assertArrayEquals(toBytes(channels(0, 3)), Arrays.copyOfRange(still, 10, still.length), "sent as before");
            awaitSteps(50);
            assertEquals(1, linesWith(line), stderr.runtimeLines().toString());
            assertEquals(1, linesWith(kept));
            // (said first, then kept: looked for until it is)
            Await.until(() -> runtime.errors(null).stream().anyMatch(e -> e.message.contains(kept)), WAIT, "kept for live:errors");
        }
    }

    /**
     * Receivers that cannot take frames: a refused OPC connection, a sACN port nobody listens on (ICMP port
     * unreachable), an OPC receiver that accepts and never reads (its socket fills). Each is one line, said once; the
     * loop steps on as before; when a receiver comes back, one line says so and frames flow again.
     */
    @Test
    void deadReceiversAreOneLineEachAndTheLoopStepsOn() throws Exception {
        startPainter();
        int refused = freeTcpPort();
        int deaf;
        try (DatagramSocket probe = udp()) {
            deaf = probe.getLocalPort();
        }
        try (ServerSocket stuck = new ServerSocket()) {
            stuck.setReceiveBufferSize(4096);
            stuck.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>(); // the acceptor adds while the test ends
            Thread acceptor = new Thread(() -> {
                try {
                    for (;;) {
                        accepted.add(stuck.accept()); // and never read
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            configure("refused", "protocol = opc", "host = 127.0.0.1", "port = " + refused, "pixels = 50");
            configure("deaf", "protocol = sacn", "host = 127.0.0.1", "port = " + deaf, "pixels = 50");
            configure("stuck", "protocol = opc", "host = 127.0.0.1", "port = " + stuck.getLocalPort(), "pixels = 20000");
            String refusedLine = "output refused (opc to 127.0.0.1:" + refused + "): cannot connect: Connection refused; frames are dropped"
                    + " and sending is retried in the background";
            String deafLine = "output deaf (sacn to 127.0.0.1:" + deaf + "): nothing listens there (ICMP port unreachable)";
            String stuckLine = "output stuck (opc to 127.0.0.1:" + stuck.getLocalPort() + "): the receiver has not read for 1000 ms";
            stderr.await(WAIT, refusedLine);
            stderr.await(WAIT, deafLine);
            stderr.await(WAIT, stuckLine);
            long before = steps();
            awaitSteps(300); // 3 s at 100 Hz with three outputs failing
            LoopDTO loop = runtime.loops().stream().filter(l -> l.name.equals("painter")).findFirst().orElseThrow();
            assertEquals(LoopDTO.State.RUNNING, loop.state);
            assertTrue(steps() - before >= 300);
            assertEquals(1, linesWith("output refused ("), stderr.runtimeLines().toString());
            assertEquals(1, linesWith("output deaf ("), stderr.runtimeLines().toString());
            assertEquals(1, linesWith("output stuck ("), stderr.runtimeLines().toString());
            String table = fw.shell("live:outputs");
            assertTrue(table.lines().anyMatch(l -> l.startsWith("refused ") && l.endsWith("cannot connect: Connection refused (now)")), table);
            assertTrue(table.lines().anyMatch(l -> l.startsWith("deaf ") && l.endsWith("nothing listens there (ICMP port unreachable) (now)")),
                    table);

            // The receivers come back.
            try (ServerSocket back = new ServerSocket(); DatagramSocket listening = new DatagramSocket(null)) {
                back.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), refused));
                listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), deaf));
                Thread reader = new Thread(() -> {
                    try (Socket c = back.accept(); InputStream in = c.getInputStream()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (IOException closed) {
                        // the test is over
                    }
                });
                reader.setDaemon(true);
                reader.start();
                stderr.await(WAIT, "output refused (opc to 127.0.0.1:" + refused + "): sending again (it was: cannot connect: Connection refused)");
                stderr.await(WAIT, "output deaf (sacn to 127.0.0.1:" + deaf + "): sending again");
                listening.setSoTimeout((int) WAIT.toMillis());
                receive(listening, p -> true);
            } finally {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** A second loop, {@code writer}, that writes a 3-pixel frame of strip {@code strip}. */
    static Map<String, String> writer(String strip) {
        return Sources.of("t.writer.Writer", """
                package t.writer;
                import java.util.List;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import dev.doitlive.api.pixels.PixelOutput;

                @Component(service = Step.class)
                @Refreshable(name = "writer")
                @Loop(rate = 50)
                public class Writer implements Step {
                    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
                    private volatile List<PixelOutput> outputs;
                    private final transient int[] frame = {0x010203, 0x040506, 0x070809};

                    public void step() {
                        List<PixelOutput> all = outputs;
                        for (int i = 0, n = all == null ? 0 : all.size(); i < n; i++) {
                            all.get(i).frame("%s", frame, frame.length);
                        }
                    }
                }
                """.formatted(strip));
    }

    /**
     * Found by a try-out: {@code strip = nosuch} was taken without a word and the output sent nothing. The strips are
     * whatever the loops write, so the output watches: no frame of its strip for 2 s while others come is one line
     * naming the file, the strip and the strips written (and live:outputs shows it); its frames coming is one more.
     */
    @Test
    void anOutputWaitingForAStripNoLoopWritesSaysSoOnceAndSaysWhenItsFramesCome() throws Exception {
        startPainter();
        try (DatagramSocket s = udp()) {
            configure("late", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = 3", "strip = late");
            String waits = "dev.doitlive.output-late.cfg: output late has had no frame of strip late for ";
            String line = stderr.await(WAIT, waits);
            assertTrue(line.endsWith(" s, while the strips written are painter (strip = late takes that strip's frames only; leave it"
                    + " out for every strip's)"), line);
            Await.until(() -> runtime.errors(null).stream().anyMatch(e -> e.message.equals(line)), WAIT, "the line kept for live:errors");
            String table = fw.shell("live:outputs");
            assertTrue(table.lines().anyMatch(l -> l.startsWith("late ") && l.contains(" no frame of strip late for ")
                    && l.endsWith(" s; written: painter")), table);
            assertEquals(0, drain(s), "nothing sent meanwhile");

            fw.drop("writer.jar", TestBundles.bundle("t.writer", "1.0.0", writer("late")));
            stderr.await(WAIT, "output late: frames of strip late come now (dev.doitlive.output-late.cfg)");
            byte[] got = receive(s, p -> true);
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, Arrays.copyOfRange(got, 10, got.length));
            awaitSteps(150);
            assertEquals(1, linesWith(waits), "said once: " + stderr.runtimeLines());
            assertFalse(fw.shell("live:outputs").contains("no frame of strip"));
        }
    }

    /**
     * Found by a try-out: with two bad values only the first was named, an edit that kept it was met by silence, and
     * {@code dev.doitlive.output-.cfg} made an output named {@code dev.doitlive.output~}. Every bad value is named in
     * one line, every edit says what is still wrong, a file without a NAME is refused, and lines said while the runtime
     * starts are kept for live:errors too.
     */
    @Test
    void everyBadValueIsNamedEachEditSaysWhatIsStillWrongAndAFileWithoutANameIsRefused() throws Exception {
        try (DatagramSocket s = udp()) {
            configure("two", "protocol = ddp", "host = 127.0.0.1", "port = y", "pixels = x");
            stderr.await(WAIT, "dev.doitlive.output-two.cfg: pixels = x is not a number of pixels from 1 to 100000; port = y is not a"
                    + " port from 1 to 65535; output two does not start");
            configure("two", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = x");
            stderr.await(WAIT, "dev.doitlive.output-two.cfg: pixels = x is not a number of pixels from 1 to 100000; output two does"
                    + " not start");
            configure("two", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = x", "order = GRB");
            Await.until(() -> linesWith("output-two.cfg: pixels = x is not", "; output two does not start") == 3, WAIT,
                    () -> "an edit that keeps the error says it again: " + stderr.runtimeLines());
            configure("two", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = 3", "gamma = 9", "order = GRB");
            stderr.await(WAIT, "dev.doitlive.output-two.cfg: gamma = 9 is not a gamma from 0.1 to 5 (1 is linear); output two does not start");
            configure("two", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = 3");
            stderr.await(WAIT, "output two: ddp to 127.0.0.1:" + s.getLocalPort() + ", offset 0, 3 pixels (dev.doitlive.output-two.cfg)");
            configure("two", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = 3", "brightness = 2");
            stderr.await(WAIT, "dev.doitlive.output-two.cfg: brightness = 2 is not a brightness from 0 to 1; output two keeps its last good"
                    + " settings");
            configure("two", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = 3");
            stderr.await(WAIT, "output two: dev.doitlive.output-two.cfg is good again, and the same as before: ddp to 127.0.0.1:"
                    + s.getLocalPort() + ", offset 0, 3 pixels");
        }

        configure("", "protocol = ddp", "host = 127.0.0.1", "pixels = 3");
        String nameless = "dev.doitlive.output-.cfg: an output's file is named dev.doitlive.output-NAME.cfg, NAME naming the output"
                + " (left, strip...); this one has no NAME, so no output starts";
        stderr.await(WAIT, nameless);
        fw.save("dev.doitlive.output.cfg", "protocol = ddp\nhost = 127.0.0.1\npixels = 3\n");
        stderr.await(WAIT, "dev.doitlive.output.cfg: an output's file is named dev.doitlive.output-NAME.cfg, NAME naming the output"
                + " (left, strip...); this one starts no output");
        assertEquals(List.of("two"), fw.context().getServiceReferences(PixelOutput.class, null).stream()
                .map(r -> String.valueOf(r.getProperty("doitlive.output"))).filter(n -> !n.equals("null")).toList());
        String table = fw.shell("live:outputs");
        assertTrue(table.lines().anyMatch(l -> l.startsWith("(no name) ") && l.endsWith("not started: " + nameless)), table);

        // Read while the runtime starts, before its service is there: kept for live:errors all the same.
        configure("two", "protocol = ddp", "host = 127.0.0.1", "pixels = 3", "port = 0");
        String bad = "dev.doitlive.output-two.cfg: port = 0 is not a port from 1 to 65535; output two does not start";
        stderr.await(WAIT, bad.replace("does not start", "keeps its last good settings"));
        stderr.clear();
        fw.restart();
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        stderr.await(WAIT, bad);
        Await.until(() -> runtime.errors(null).stream().anyMatch(e -> e.message.equals(bad)), WAIT,
                () -> "the line kept for live:errors: " + runtime.errors(null));
        Await.until(() -> runtime.errors(null).stream().anyMatch(e -> e.message.equals(nameless)), WAIT, "the nameless file's too");
    }

    /**
     * Found trying things off the documented path: a file deleted while the runtime was stopped left its output
     * sending after the restart (ConfigAdmin keeps configurations in the storage, and FileInstall does not forget one
     * whose file went while it was not running). The output does not start, one line says why, and the configuration
     * is forgotten; a file still there starts its output as before.
     */
    @Test
    void aFileDeletedWhileTheRuntimeWasStoppedStartsNoOutput() throws Exception {
        try (DatagramSocket s = udp()) {
            configure("gone", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = 3");
            configure("kept", "protocol = ddp", "host = 127.0.0.1", "port = " + s.getLocalPort(), "pixels = 3");
            Await.until(() -> outputService("gone") && outputService("kept"), WAIT, "both outputs");
            stderr.clear();
            fw.restart(() -> fw.remove("dev.doitlive.output-gone.cfg"));
            runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
            stderr.await(WAIT, "dev.doitlive.output-gone.cfg was deleted while the runtime was stopped: its output does not start");
            Await.until(() -> outputService("kept"), WAIT, "the output whose file is there");
            assertFalse(outputService("gone"));
            assertFalse(fw.shell("live:outputs").contains("gone"), fw.shell("live:outputs"));
            stderr.clear();
            fw.restart();
            runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
            Await.until(() -> outputService("kept"), WAIT, "the output whose file is there");
            assertEquals(0, linesWith("output-gone"), "forgotten: " + stderr.runtimeLines());
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Open Pixel Control into a real olad on the host's loopback (OPC needs no interface): the exact channel values of
     * the painter's frame. olad's HTTP answers only as many slots as the message carried: 510 for 170 pixels.
     */
    @Test
    void olaReceivesTheExactFrameOverOpc() throws Exception {
        Olad.assumeAvailable();
        int opcPort = freeTcpPort();
        try (Olad olad = Olad.start(null, Map.of("openpixelcontrol", "listen = 127.0.0.1:" + opcPort + "\nlisten_127.0.0.1:" + opcPort
                + "_channel = 1"), List.of("21-127.0.0.1:" + opcPort + "-I-1 = 3"), freeTcpPort(), freeTcpPort(), 3)) {
            startPainter();
            configure("ola", "protocol = opc", "host = 127.0.0.1", "port = " + opcPort, "channel = 1", "pixels = 170");
            olad.awaitDmx(3, channels(0, 170), WAIT);
            // Re-targeted to pixel 100 on: the new values replace the old, whole.
            configure("ola", "protocol = opc", "host = 127.0.0.1", "port = " + opcPort, "channel = 1", "pixels = 100", "first = 100");
            olad.awaitDmx(3, channels(100, 100), WAIT);
            assertEquals(0, linesWith("output ola ("), "no trouble: " + stderr.runtimeLines());
        }
    }
}
