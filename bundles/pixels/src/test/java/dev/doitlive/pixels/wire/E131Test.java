package dev.doitlive.pixels.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** E1.31-2018 data packets, octet by octet as the standard's table 4-1 lays them out. */
class E131Test {
    private static final UUID CID = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static int u16(byte[] p, int at) {
        return (p[at] & 0xff) << 8 | p[at + 1] & 0xff;
    }

    @Test
    void oneUniverseOfThreePixels() {
        E131 e = new E131(CID, "doitlive left", 150, 7, 9, new Sequences());
        byte[] ch = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertEquals(1, e.encode(ch, 9));
        byte[] p = bytes(e.packet(0));
        assertEquals(126 + 9, p.length);
        // Root layer
        assertEquals(0x0010, u16(p, 0), "preamble size");
        assertEquals(0x0000, u16(p, 2), "post-amble size");
        assertArrayEquals("ASC-E1.17\0\0\0".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(p, 4, 16));
        assertEquals(0x7000 | (p.length - 16), u16(p, 16), "root flags and length");
        assertEquals(4, ByteBuffer.wrap(p, 18, 4).getInt(), "VECTOR_ROOT_E131_DATA");
        ByteBuffer cid = ByteBuffer.wrap(p, 22, 16);
        assertEquals(CID, new UUID(cid.getLong(), cid.getLong()));
        // Framing layer
        assertEquals(0x7000 | (p.length - 38), u16(p, 38), "framing flags and length");
        assertEquals(2, ByteBuffer.wrap(p, 40, 4).getInt(), "VECTOR_E131_DATA_PACKET");
        assertEquals("doitlive left", new String(p, 44, 13, StandardCharsets.UTF_8));
        for (int i = 44 + 13; i < 108; i++) {
            assertEquals(0, p[i], "source name NUL-padded at " + i);
        }
        assertEquals(150, p[108] & 0xff, "priority");
        assertEquals(0, u16(p, 109), "synchronization address");
        assertEquals(1, p[111] & 0xff, "first sequence number");
        assertEquals(0, p[112], "options");
        assertEquals(7, u16(p, 113), "universe");
        // DMP layer
        assertEquals(0x7000 | (p.length - 115), u16(p, 115), "DMP flags and length");
        assertEquals(0x02, p[117], "VECTOR_DMP_SET_PROPERTY");
        assertEquals((byte) 0xa1, p[118], "address type and data type");
        assertEquals(0, u16(p, 119), "first property address");
        assertEquals(1, u16(p, 121), "address increment");
        assertEquals(1 + 9, u16(p, 123), "property value count: start code and slots");
        assertEquals(0, p[125], "DMX start code");
        assertArrayEquals(ch, Arrays.copyOfRange(p, 126, p.length));
    }

    @Test
    void aLongStripTakesConsecutiveUniversesOf170PixelsEachWithItsOwnSequence() {
        int pixels = 400; // 170 + 170 + 60
        byte[] ch = new byte[3 * pixels];
        for (int i = 0; i < ch.length; i++) {
            ch[i] = (byte) (i * 7);
        }
        Sequences seq = new Sequences();
        seq.counter(2).next(); // universe 2 had a packet before (an earlier encoder of the same output)
        E131 e = new E131(CID, "x", 100, 1, ch.length, seq);
        assertEquals(3, e.encode(ch, ch.length));
        int[] slots = {510, 510, 180};
        for (int u = 0; u < 3; u++) {
            byte[] p = bytes(e.packet(u));
            assertEquals(126 + slots[u], p.length);
            assertEquals(1 + u, u16(p, 113), "universe");
            assertEquals(1 + slots[u], u16(p, 123));
            assertArrayEquals(Arrays.copyOfRange(ch, 510 * u, 510 * u + slots[u]), Arrays.copyOfRange(p, 126, p.length));
        }
        assertEquals(1, bytes(e.packet(0))[111]);
        assertEquals(2, bytes(e.packet(1))[111], "universe 2 goes on from its own number");
        e.encode(ch, ch.length);
        assertEquals(2, bytes(e.packet(0))[111]);
        assertEquals(3, bytes(e.packet(1))[111]);
    }

    @Test
    void theSequenceWrapsAt255AndAShortFrameIsPaddedWithBlack() {
        E131 e = new E131(CID, "x", 100, 1, 6, new Sequences());
        for (int i = 1; i <= 256; i++) {
            e.encode(new byte[] {9, 9, 9, 9, 9, 9}, 6);
            assertEquals(i & 0xff, bytes(e.packet(0))[111] & 0xff);
        }
        e.encode(new byte[] {5, 5, 5}, 3);
        assertArrayEquals(new byte[] {5, 5, 5, 0, 0, 0}, Arrays.copyOfRange(bytes(e.packet(0)), 126, 132));
    }

    @Test
    void aLongSourceNameIsCutTo63BytesAndNulTerminated() {
        E131 e = new E131(CID, "n".repeat(100), 100, 1, 3, new Sequences());
        e.encode(new byte[3], 3);
        byte[] p = bytes(e.packet(0));
        assertEquals("n".repeat(63), new String(p, 44, 63, StandardCharsets.UTF_8));
        assertEquals(0, p[107]);
    }

    @Test
    void multicastGroups() {
        assertArrayEquals(new byte[] {(byte) 239, (byte) 255, 0, 1}, E131.group(1));
        assertArrayEquals(new byte[] {(byte) 239, (byte) 255, (byte) 0xf9, (byte) 0xff}, E131.group(63999));
    }
}
