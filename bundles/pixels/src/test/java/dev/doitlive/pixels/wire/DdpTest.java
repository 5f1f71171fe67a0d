package dev.doitlive.pixels.wire;

import static dev.doitlive.pixels.wire.E131Test.bytes;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * DDP as 3waylabs specifies it and WLED reads it: flags (version 1 in bits 7-6, push in bit 0), sequence in the low
 * nibble, data type 0x0B (RGB, 8 bits a channel), destination 1, a 32-bit byte offset and a 16-bit length.
 */
class DdpTest {
    @Test
    void aShortStripIsOnePacketWithThePushFlag() {
        Ddp d = new Ddp(6, new Sequences());
        assertEquals(1, d.encode(new byte[] {1, 2, 3, 4, 5, 6}, 6));
        byte[] p = bytes(d.packet(0));
        assertArrayEquals(new byte[] {0x41, 1, 0x0B, 1, 0, 0, 0, 0, 0, 6, 1, 2, 3, 4, 5, 6}, p);
    }

    @Test
    void aLongStripIsSplitAt480PixelsAndOnlyTheLastPacketPushes() {
        int channels = 3 * 1000; // 1440 + 1440 + 120
        byte[] ch = new byte[channels];
        for (int i = 0; i < channels; i++) {
            ch[i] = (byte) i;
        }
        Ddp d = new Ddp(channels, new Sequences());
        assertEquals(3, d.encode(ch, channels));
        int[] lengths = {1440, 1440, 120};
        for (int i = 0; i < 3; i++) {
            byte[] p = bytes(d.packet(i));
            assertEquals(i == 2 ? 0x41 : 0x40, p[0], "push on the last packet only");
            assertEquals(i + 1, p[1], "sequence per packet");
            assertEquals(1440 * i, ByteBuffer.wrap(p, 4, 4).getInt(), "offset in bytes");
            assertEquals(lengths[i], (p[8] & 0xff) << 8 | p[9] & 0xff);
            assertArrayEquals(Arrays.copyOfRange(ch, 1440 * i, 1440 * i + lengths[i]), Arrays.copyOfRange(p, 10, p.length));
        }
    }

    @Test
    void theSequenceRunsFrom1To15() {
        Ddp d = new Ddp(3, new Sequences());
        for (int i = 1; i <= 40; i++) {
            d.encode(new byte[3], 3);
            assertEquals((i - 1) % 15 + 1, bytes(d.packet(0))[1]);
        }
    }
}
