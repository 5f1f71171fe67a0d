package dev.doitlive.pixels.wire;

import static dev.doitlive.pixels.wire.E131Test.bytes;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Open Pixel Control: channel, command, length (big-endian), data; the whole strip in one message. */
class OpcTest {
    @Test
    void oneMessagePerFrame() {
        Opc o = new Opc(3, 600);
        byte[] ch = new byte[600];
        ch[0] = 10;
        ch[599] = 20;
        assertEquals(1, o.encode(ch, 600));
        byte[] p = bytes(o.packet(0));
        assertEquals(604, p.length);
        assertEquals(3, p[0], "channel");
        assertEquals(0, p[1], "command 0: set pixel colours");
        assertEquals(600, (p[2] & 0xff) << 8 | p[3] & 0xff);
        assertEquals(10, p[4]);
        assertEquals(20, p[603]);
    }

    @Test
    void theLongestStripFitsTheLengthField() {
        Opc o = new Opc(0, 3 * Opc.MAX_PIXELS);
        o.encode(new byte[0], 0);
        byte[] p = bytes(o.packet(0));
        assertEquals(65535, (p[2] & 0xff) << 8 | p[3] & 0xff);
    }
}
