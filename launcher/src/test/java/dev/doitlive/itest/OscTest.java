package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.doitlive.api.beat.BeatClock;
import test.api.Echo;
import test.api.Holder;

/**
 * The controls kit's OSC port on a real framework, driven by Debian's liblo tools: {@code oscsend} sets fields and calls
 * methods, {@code oscdump} reads the answers to queries; garbage comes from a plain DatagramSocket. The tests run with
 * the port the framework property {@code doitlive.osc.port = 0} gives (LiveFramework): live:osc says which.
 */
class OscTest extends LiveTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final String NO_LIBLO = "liblo-tools (oscsend, oscdump) is not installed: this OSC test is skipped";

    int port;

    @BeforeEach
    void dropKnobs() {
        fw.drop("knobs.jar", TestBundles.bundle("t.knobs", "1.0.0", ControlSources.knobs()));
        fw.awaitService(Echo.class, null, WAIT);
        port = listeningPort();
    }

    /** The port live:osc says it listens on, once it does (it binds when FileInstall has read config/). */
    private int listeningPort() {
        String[] seen = new String[1];
        Await.until(() -> LISTENING.matcher(seen[0] = osc()).find(), WAIT, () -> "live:osc to listen: " + seen[0]);
        Matcher m = LISTENING.matcher(seen[0]);
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    /** What live:osc says, or why it cannot yet (its command comes with the kit's bundle). */
    private String osc() {
        try {
            return fw.shell("live:osc");
        } catch (LiveFramework.CommandFailed e) {
            return e.getMessage();
        }
    }

    private String field(String name) {
        return runtime.state("x").get(name);
    }

    private void awaitField(String name, String value) {
        Await.until(() -> value.equals(field(name)), WAIT, () -> "x." + name + " = " + value + ", it is " + field(name));
    }

    private void send(DatagramSocket from, byte[] packet) throws Exception {
        from.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
    }

    /** Sends a query from {@code socket} and returns the answer's bytes. */
    private byte[] ask(DatagramSocket socket, byte[] query) throws Exception {
        send(socket, query);
        byte[] buffer = new byte[1500];
        DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.receive(answer);
        return Arrays.copyOf(buffer, answer.getLength());
    }

    @Test
    void oscsendSetsFieldsOfEveryKind() {
        assumeTrue(Liblo.installed(), NO_LIBLO);
        Liblo.send(port, "/live/x/level", "f", "0.6");
        awaitField("level", "0.6");
        Liblo.send(port, "/live/x/level", "d", "0.25");
        awaitField("level", "0.25");
        Liblo.send(port, "/live/x/count", "i", "7");
        awaitField("count", "7");
        Liblo.send(port, "/live/x/count", "f", "3.0");
        awaitField("count", "3"); // a fader's float to a whole number
        Liblo.send(port, "/live/x/on", "T");
        awaitField("on", "true");
        Liblo.send(port, "/live/x/on", "f", "0");
        awaitField("on", "false"); // a toggle button's 0
        Liblo.send(port, "/live/x/label", "s", "hello there");
        awaitField("label", "\"hello there\"");
        Liblo.send(port, "/live/x/mode", "s", "WILD");
        awaitField("mode", "WILD");
        Liblo.send(port, "/live/x/mode", "i", "1");
        awaitField("mode", "BUSY"); // a radio button's index
        assertTrue(fw.shell("live:osc").contains("fields set 9"), fw.shell("live:osc"));
    }

    @Test
    void aBundleSetsItsMessagesInOrder() throws Exception {
        assumeTrue(Liblo.installed(), NO_LIBLO);
        java.io.ByteArrayOutputStream bundle = new java.io.ByteArrayOutputStream();
        bundle.writeBytes("#bundle\0".getBytes(StandardCharsets.US_ASCII));
        bundle.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}); // the time tag "immediately"
        for (byte[] m : List.of(Liblo.encode("/live/x/count", "i", "1"), Liblo.encode("/live/x/count", "i", "2"),
                Liblo.encode("/live/x/label", "s", "last"))) {
            bundle.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(m.length).array());
            bundle.writeBytes(m);
        }
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            send(socket, bundle.toByteArray());
        }
        awaitField("label", "\"last\"");
        assertEquals("2", field("count"), "in order: the second count last");
    }

    @Test
    void methodsAreCalledAndAResultIsAnswered() throws Exception {
        assumeTrue(Liblo.installed(), NO_LIBLO);
        Liblo.send(port, "/live/x/poke");
        awaitField("pokes", "1");
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()); Liblo.Dump dump = new Liblo.Dump()) {
            byte[] answer = ask(socket, Liblo.encode("/live/x/add", "ii", "2", "3"));
            assertEquals("/live/x/add i 5", dump.print(socket, answer, WAIT), "oscdump reads the answer");
            // A result is tagged by its type, as a field of that type is answered: int, short, byte i; long h; double f.
            List<String> each = List.of("i 5", "h 5", "i 5", "i 5", "f 2.500000", "f 2.500000", "T #T", "s \"five\"", "s \"WILD\"");
            for (int i = 0; i < each.size(); i++) {
                byte[] picked = ask(socket, Liblo.encode("/live/x/pick", "i", Integer.toString(i)));
                assertEquals("/live/x/pick " + each.get(i), dump.print(socket, picked, WAIT), "pick(" + i + ")");
            }
        }
    }

    @Test
    void aQueryIsAnsweredToItsSender() throws Exception {
        assumeTrue(Liblo.installed(), NO_LIBLO);
        Liblo.send(port, "/live/x/level", "f", "0.6");
        awaitField("level", "0.6");
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()); Liblo.Dump dump = new Liblo.Dump()) {
            assertEquals("/live/x/level f 0.600000", dump.print(socket, ask(socket, Liblo.encode("/live/x/level")), WAIT));
            assertEquals("/live/x/count i 0", dump.print(socket, ask(socket, Liblo.encode("/live/x/count")), WAIT));
            assertEquals("/live/x/on F #F", dump.print(socket, ask(socket, Liblo.encode("/live/x/on")), WAIT));
            assertEquals("/live/x/label s \"a\"", dump.print(socket, ask(socket, Liblo.encode("/live/x/label")), WAIT));
            assertEquals("/live/x/tag N Nil", dump.print(socket, ask(socket, Liblo.encode("/live/x/tag")), WAIT), "null");
            assertEquals("/live/x/big h 1099511627776", dump.print(socket, ask(socket, Liblo.encode("/live/x/big")), WAIT));
            assertEquals("/live/x/ticks h 3", dump.print(socket, ask(socket, Liblo.encode("/live/x/ticks")), WAIT),
                    "a long is h whatever its size: a receiver gets the same tag each time");
        }
        assertEquals("0.6", field("level"), "a query changes nothing");
        assertTrue(fw.shell("live:osc").contains("queries answered 7"), fw.shell("live:osc"));
        Liblo.send(port, "/live/x/ticks", "h", "1099511627777"); // what the answer gave, sent back
        awaitField("ticks", "1099511627777");
    }

    @Test
    void packetsThatAreNoOscAreOneLineEachNamingTheSender() throws Exception {
        assumeTrue(Liblo.installed(), NO_LIBLO);
        byte[] good = Liblo.encode("/live/x/level", "f", "0.6");
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String from = "osc: from 127.0.0.1:" + socket.getLocalPort() + ": ";
            send(socket, "hello".getBytes(StandardCharsets.US_ASCII));
            stderr.await(WAIT, from + "bad packet (5 bytes): not an OSC message: it starts with 'h', not '/' or #bundle");
            send(socket, Arrays.copyOf(good, good.length - 2));
            stderr.await(WAIT, from + "bad packet (22 bytes): truncated: /live/x/level: its 'f' argument needs 4 bytes, 2 left");
            send(socket, Liblo.encode("/live/x/count", "c", "a"));
            stderr.await(WAIT, from, "/live/x/count: type tag 'c' is not taken here (i h f d s T F are)");
            send(socket, Arrays.copyOf(good, 10));
            stderr.await(WAIT, from, "truncated: the address at byte 0 has no terminating NUL");
        }
        assertEquals(4, stderr.runtimeLines().stream().filter(l -> l.startsWith("osc: from")).count(), "one line each");
        assertEquals("0.5", field("level"), "nothing was set");
        assertTrue(runtime.errors(null).stream().anyMatch(e -> e.message.contains("bad packet (5 bytes)")), "kept for live:errors");
        String errors = fw.shell("live:errors");
        assertTrue(errors.matches("(?s).*:\\d\\d osc: from 127\\.0\\.0\\.1:\\d+: bad packet \\(5 bytes\\).*"), errors);
        assertFalse(errors.contains("install"), "a kit's line is no version's install error: " + errors);
        assertTrue(fw.shell("live:errors osc").contains(" osc: from 127.0.0.1:"), "live:errors osc: the kit's lines");
    }

    @Test
    void messagesThatDoNothingAreOneLineEach() throws Exception {
        assumeTrue(Liblo.installed(), NO_LIBLO);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String from = "osc: from 127.0.0.1:" + socket.getLocalPort() + ": ";
            send(socket, Liblo.encode("/show/level", "f", "1"));
            stderr.await(WAIT, from + "/show/level f 1.0: no such address (the kit answers /live/NAME/FIELD");
            send(socket, Liblo.encode("/live/nope/level", "f", "1"));
            stderr.await(WAIT, from + "/live/nope/level f 1.0: no refreshable named 'nope'");
            send(socket, Liblo.encode("/live/x/nope", "f", "1"));
            stderr.await(WAIT, from + "/live/x/nope f 1.0: x has no field 'nope', and x has no method nope taking 1 argument");
            send(socket, Liblo.encode("/live/x/level", "s", "loud"));
            stderr.await(WAIT, from + "/live/x/level s \"loud\": x.level is a double: 'loud' is not one");
            send(socket, Liblo.encode("/live/x/level", "ff", "1", "2"));
            stderr.await(WAIT, from + "/live/x/level ff 1.0 2.0: x.level is a field: it takes one argument, got 2");
        }
        assertEquals(5, stderr.runtimeLines().stream().filter(l -> l.startsWith("osc: from")).count(), "one line each");
        assertEquals("0.5", field("level"));
    }

    @Test
    void aTextFieldTakesOnlyAString() throws Exception {
        assumeTrue(Liblo.installed(), NO_LIBLO);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String from = "osc: from 127.0.0.1:" + socket.getLocalPort() + ": ";
            send(socket, Liblo.encode("/live/x/label", "i", "3"));
            stderr.await(WAIT, from + "/live/x/label i 3: x.label is a String: it takes text only, not the number 3");
            send(socket, Liblo.encode("/live/x/label", "f", "0.5"));
            stderr.await(WAIT, from + "/live/x/label f 0.5: x.label is a String: it takes text only, not the number 0.5");
            send(socket, Liblo.encode("/live/x/label", "T"));
            stderr.await(WAIT, from + "/live/x/label T true: x.label is a String: it takes text only, not the boolean true");
        }
        assertEquals("\"a\"", field("label"), "nothing was set");
        Liblo.send(port, "/live/x/label", "s", "3");
        awaitField("label", "\"3\"");
    }

    @Test
    void numbersThatAreNotFiniteAreRefused() throws Exception {
        assumeTrue(Liblo.installed(), NO_LIBLO);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String from = "osc: from 127.0.0.1:" + socket.getLocalPort() + ": ";
            send(socket, Liblo.encode("/live/x/level", "f", "nan"));
            stderr.await(WAIT, from + "/live/x/level f NaN: x.level is a double: NaN is no finite number");
            send(socket, Liblo.encode("/live/x/level", "d", "-inf"));
            stderr.await(WAIT, from + "/live/x/level d -Infinity: x.level is a double: -Infinity is no finite number");
            send(socket, Liblo.encode("/live/x/level", "s", "NaN"));
            stderr.await(WAIT, from + "/live/x/level s \"NaN\": x.level is a double: 'NaN' is no finite number");
            send(socket, Liblo.encode("/live/x/on", "f", "nan"));
            stderr.await(WAIT, from + "/live/x/on f NaN: x.on is a boolean: NaN is no finite number");
            send(socket, Liblo.encode("/live/x/mode", "f", "nan"));
            stderr.await(WAIT, from + "/live/x/mode f NaN: x.mode is a Mode: NaN is no finite number");
            send(socket, Liblo.encode("/live/x/mix", "ff", "inf", "1"));
            stderr.await(WAIT, from + "/live/x/mix ff Infinity 1.0: x.mix: argument 1 is Infinity: a control's number must be finite");
        }
        assertEquals("0.5", field("level"));
        assertEquals("false", field("on"));
        assertEquals("CALM", field("mode"));
    }

    @Test
    void aFloodOfGarbageIsAFewLinesAndThePortGoesOn() throws Exception {
        assumeTrue(Liblo.installed(), NO_LIBLO);
        long t0 = System.nanoTime();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 200; i++) {
                send(socket, ("garbage " + i).getBytes(StandardCharsets.US_ASCII));
            }
        }
        String summary = stderr.await(WAIT, "more bad OSC messages in", "s not shown; the last: osc: from 127.0.0.1:");
        double seconds = (System.nanoTime() - t0) / 1e9;
        long lines = stderr.runtimeLines().stream().filter(l -> l.startsWith("osc:")).count();
        // At most 5 lines a second, and one summary a second: far fewer than the 200 packets.
        assertTrue(lines <= 6 * (Math.ceil(seconds) + 1), lines + " lines in " + seconds + " s; " + summary);
        Liblo.send(port, "/live/x/level", "f", "0.7");
        awaitField("level", "0.7");
    }

    @Test
    void bpmTapAndDownbeatGoToTheBeatClock() throws Exception {
        assumeTrue(Liblo.installed(), NO_LIBLO);
        BeatClock kit = fw.awaitService(BeatClock.class, null, WAIT); // the beat kit's, a core bundle
        Liblo.send(port, "/live/bpm", "f", "128");
        Await.until(() -> kit.bpm() == 128, WAIT, () -> "the beat kit's clock at 128 bpm: " + kit.bpm());

        fw.bundle("dev.doitlive.beat").stop();
        Await.until(() -> osc().contains("no beat clock: "), WAIT, "the kit to see the clock go");
        Liblo.send(port, "/live/bpm", "f", "128");
        stderr.await(WAIT, "osc: from 127.0.0.1:", "/live/bpm f 128.0: no beat clock is running (no BeatClock service)");

        // A clock that keeps what it is told, to see the tap and the downbeat as well (ControlSources.beatClock).

        fw.drop("beat.jar", TestBundles.bundle("t.beat", "1.0.0", ControlSources.beatClock()));
        Holder clock = fw.awaitService(Holder.class, "(test.kind=beat)", WAIT);
        Await.until(() -> !fw.shell("live:osc").contains("no beat clock: "), WAIT, "the kit to take the clock");
        Liblo.send(port, "/live/bpm", "f", "128");
        Liblo.send(port, "/live/tap");
        Liblo.send(port, "/live/tap", "f", "0"); // a button's release: nothing
        Liblo.send(port, "/live/downbeat", "i", "1");
        Await.until(() -> clock.describe().equals("bpm 128.000 osc; tap osc; downbeat osc"), WAIT, clock::describe);
        Liblo.send(port, "/live/bpm", "i", "1000");
        stderr.await(WAIT, "/live/bpm i 1000: tempo 1000.0 bpm: give 20.0 to 400.0");
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()); Liblo.Dump dump = new Liblo.Dump()) {
            assertEquals("/live/bpm f 128.000000", dump.print(socket, ask(socket, Liblo.encode("/live/bpm")), WAIT));
        }
        assertTrue(fw.shell("live:osc").contains("beat clock 4, button releases 1"), fw.shell("live:osc"));
    }

    @Test
    void aPortInUseIsOneLineAndTheRuntimeGoesOn() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            fw.restartWith("doitlive.osc.port", Integer.toString(taken.getLocalPort()));
            String line = stderr.await(WAIT, "osc: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use");
            assertTrue(line.endsWith("; OSC is off (port in config/dev.doitlive.osc.cfg, or -Ddoitlive.osc.port=PORT at the start,"
                    + " picks another)"), line);
            assertTrue(fw.shell("live:osc").startsWith("osc: off: cannot listen on 127.0.0.1:" + taken.getLocalPort()), fw.shell("live:osc"));
            assertTrue(fw.shell("live:list").contains("knobs.jar"), "the runtime goes on");
        }
    }

    @Test
    void theSettingsFileIsCheckedAndFollowed() throws Exception {
        assumeTrue(Liblo.installed(), NO_LIBLO);
        fw.save("dev.doitlive.osc.cfg", "enabled = maybe\nport = banana\ncolour = red\n");
        stderr.await(WAIT, "osc: load/dev.doitlive.osc.cfg: enabled = maybe: give true or false; it stays true");
        stderr.await(WAIT, "osc: load/dev.doitlive.osc.cfg: port = banana: not a port (1 to 65535, 0 picks a free one); it stays 9000");
        stderr.await(WAIT, "osc: load/dev.doitlive.osc.cfg: colour is no setting; it is ignored (the settings: enabled, host, port)");
        assertEquals(port, listeningPort(), "nothing changed: the same port");

        Liblo.send(port, "/live/x/level", "f", "0.8");
        awaitField("level", "0.8");
        fw.save("dev.doitlive.osc.cfg", "port = 9100\n");
        stderr.await(WAIT, "osc: port = 9100 in load/dev.doitlive.osc.cfg is not used: the framework property"
                + " doitlive.osc.port = 0 wins; listening on 127.0.0.1:" + port);
        assertEquals(port, listeningPort(), "not moved to another free port");

        fw.save("dev.doitlive.osc.cfg", "enabled = false\n");
        stderr.await(WAIT, "osc: off (enabled = false in load/dev.doitlive.osc.cfg)");
        assertEquals("osc: off (enabled = false in load/dev.doitlive.osc.cfg)", fw.shell("live:osc"));

        fw.save("dev.doitlive.osc.cfg", "enabled = true\n");
        String line = stderr.await(WAIT, "osc: listening on 127.0.0.1:");
        int moved = listeningPort();
        assertTrue(line.endsWith(":" + moved), line);
        assertTrue(fw.shell("live:osc").contains("messages 1: fields set 1,"), "counted on across the move: " + fw.shell("live:osc"));
        Liblo.send(moved, "/live/x/level", "f", "0.9");
        awaitField("level", "0.9");

        fw.remove("dev.doitlive.osc.cfg");
        String gone = stderr.await(WAIT, "/load/dev.doitlive.osc.cfg is gone (put it back to listen again)");
        assertTrue(gone.contains("osc: off: /"), "the file by its full path: " + gone);
        Await.until(() -> osc().contains("/load/dev.doitlive.osc.cfg is gone"), WAIT, this::osc);
        assertTrue(osc().contains("messages 2: fields set 2,"), "the counts count on while it is off: " + osc());
        stderr.clear(); // the line of its return, not the one before the deletion
        fw.save("dev.doitlive.osc.cfg", "enabled = true\n");
        String back = stderr.await(WAIT, "osc: listening on 127.0.0.1:");
        Await.until(() -> back.endsWith(":" + listeningPort()), WAIT, () -> back + " / " + osc());
        assertTrue(fw.shell("live:osc").contains("messages 2: fields set 2,"), "counted for the kit's life: " + fw.shell("live:osc"));
    }

    @Test
    void aPlainStartSaysNothingOfTheKit() {
        assertEquals(List.of(), stderr.runtimeLines().stream().filter(l -> l.startsWith("osc:") || l.startsWith("midi:")).toList());
        String midi = fw.shell("live:midi");
        assertTrue(midi.startsWith("midi: no input device (the JDK lists none"), midi);
    }
}
