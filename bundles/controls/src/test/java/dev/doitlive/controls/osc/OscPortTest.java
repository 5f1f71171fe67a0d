package dev.doitlive.controls.osc;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.doitlive.controls.Throttle;

/** What live:osc and the kit's lines say about the port: real sockets on this machine. */
class OscPortTest {
    private final OscCounts counts = new OscCounts();
    private final Throttle bad = new Throttle("bad OSC messages", l -> { });

    private OscPort open(String host, int port) throws IOException {
        return OscPort.open(host, port, null, bad, counts);
    }

    @Test
    void everyAddressIsShownAsWritten() throws Exception {
        try (OscPort p = open("0.0.0.0", 0)) {
            assertEquals("0.0.0.0:" + p.address().getPort(), OscPort.sender(p.address()));
        }
    }

    @Test
    void theWayOutNamesTheSettingThatIsWrong() throws Exception {
        String why = assertThrows(IOException.class, () -> open("10.9.9.9", 0)).getMessage();
        assertEquals("10.9.9.9 is no address of this machine", why);
        assertTrue(OscListener.wayOut(why, "config/dev.doitlive.osc.cfg").startsWith("host in config/dev.doitlive.osc.cfg"),
                OscListener.wayOut(why, "config/dev.doitlive.osc.cfg"));
        try (OscPort p = open("127.0.0.1", 0)) {
            String inUse = assertThrows(IOException.class, () -> open("127.0.0.1", p.address().getPort())).getMessage();
            assertEquals("port in config/dev.doitlive.osc.cfg, or -Ddoitlive.osc.port=PORT at the start, picks another",
                    OscListener.wayOut(inUse, "config/dev.doitlive.osc.cfg"));
        }
    }

    @Test
    void offTheFileIsNamedByItsPathAndTheCountsGoOn() {
        assertEquals("osc: off: no configuration dev.doitlive.osc (/show/conf/dev.doitlive.osc.cfg is missing)",
                OscListener.offStatus(counts, "/show/conf"));
        counts.sets.set(3);
        counts.gone = "/show/conf/dev.doitlive.osc.cfg";
        String off = OscListener.offStatus(counts, "/show/conf");
        assertTrue(off.startsWith("osc: off: /show/conf/dev.doitlive.osc.cfg is gone (put it back to listen again)\n"
                + "  messages 3: fields set 3,"), off);
    }

    /** Loopback hands a datagram over at once: a socket nobody reads, with the smallest buffer, drops the rest. */
    @Test
    void theOsDropsAreCounted() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/net/udp")),
                "needs Linux's /proc/net/udp");
        try (java.net.DatagramSocket full = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
                java.net.DatagramSocket sender = new java.net.DatagramSocket()) {
            full.setReceiveBufferSize(1);
            assertEquals(0, UdpDrops.of(full.getLocalAddress(), full.getLocalPort()));
            byte[] b = new byte[100];
            for (int i = 0; i < 200; i++) {
                sender.send(new java.net.DatagramPacket(b, b.length, full.getLocalSocketAddress()));
            }
            assertTrue(UdpDrops.of(full.getLocalAddress(), full.getLocalPort()) > 100, "most of 200 dropped");
        }
    }

    /** 5,000 bad packets, then a good one: the good one waits in the buffer and is taken (where the OS gives 4 MiB). */
    @Test
    void aBurstOfBadPacketsLosesNoGoodOne() throws Exception {
        java.util.concurrent.atomic.AtomicInteger taps = new java.util.concurrent.atomic.AtomicInteger();
        dev.doitlive.api.beat.BeatClock clock = new dev.doitlive.api.beat.BeatClock() {
            public double bpm() { return 120; }
            public int beatsPerBar() { return 4; }
            public double beatAt(long nanoTime) { return 0; }
            public long nanosAt(double beat) { return 0; }
            public String bpm(double bpm, String source) { return ""; }
            public String tap(String source) { taps.incrementAndGet(); return ""; }
            public String downbeat(String source) { return ""; }
            public String beatsPerBar(int beats, String source) { return ""; }
        };
        try (OscPort p = OscPort.open("127.0.0.1", 0, new OscRoutes(null, () -> clock), bad, counts);
                java.net.DatagramSocket sender = new java.net.DatagramSocket()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(p.given() >= OscPort.RECEIVE_BUFFER,
                    "needs net.core.rmem_max of 4 MiB or more (sysctl): " + p.buffer());
            byte[] garbage = "garbage!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < 5000; i++) {
                sender.send(new java.net.DatagramPacket(garbage, garbage.length, p.address()));
            }
            byte[] tap = OscCodec.encode(new OscMessage("/live/tap", java.util.List.of()));
            sender.send(new java.net.DatagramPacket(tap, tap.length, p.address()));
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (counts.errors.get() + counts.beats.get() + UdpDrops.of(p.address().getAddress(), p.address().getPort()) < 5001
                    && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            assertEquals(1, taps.get(), "the good one after the burst; " + p.buffer() + ", refused " + counts.errors.get());
        }
    }
}
