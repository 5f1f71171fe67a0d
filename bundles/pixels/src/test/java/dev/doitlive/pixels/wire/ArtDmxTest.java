package dev.doitlive.pixels.wire;

import static dev.doitlive.pixels.wire.E131Test.bytes;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Art-Net 4 ArtDmx, as the specification's packet definition lays it out. */
class ArtDmxTest {
    @Test
    void header() {
        ArtDmx a = new ArtDmx(0x1234 & 0x7fff, 6, new Sequences());
        assertEquals(1, a.encode(new byte[] {1, 2, 3, 4, 5, 6}, 6));
        byte[] p = bytes(a.packet(0));
        assertEquals(18 + 6, p.length);
        assertArrayEquals("Art-Net\0".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(p, 0, 8));
        assertEquals(0x00, p[8], "OpOutput low byte first");
        assertEquals(0x50, p[9], "OpOutput 0x5000");
        assertEquals(0, p[10], "ProtVerHi");
        assertEquals(14, p[11], "ProtVerLo");
        assertEquals(1, p[12], "sequence starts at 1 (0 turns sequencing off)");
        assertEquals(0, p[13], "physical");
        assertEquals(0x34, p[14] & 0xff, "SubUni: sub-net and universe");
        assertEquals(0x12, p[15], "Net");
        assertEquals(0, p[16], "LengthHi");
        assertEquals(6, p[17], "Length");
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, Arrays.copyOfRange(p, 18, 24));
    }

    @Test
    void anOddNumberOfChannelsIsPaddedToAnEvenLength() {
        ArtDmx a = new ArtDmx(1, 3 * 171, new Sequences()); // 513 channels: 510 + 3
        assertEquals(2, a.encode(new byte[513], 513));
        byte[] second = bytes(a.packet(1));
        assertEquals(2, second[14], "the next universe");
        assertEquals(4, second[17], "3 slots sent as 4");
        assertEquals(18 + 4, second.length);
        assertEquals(510, (bytes(a.packet(0))[16] & 0xff) << 8 | bytes(a.packet(0))[17] & 0xff);
    }

    @Test
    void theSequenceRunsFrom1To255AndNeverSends0() {
        ArtDmx a = new ArtDmx(1, 3, new Sequences());
        for (int i = 1; i <= 600; i++) {
            a.encode(new byte[3], 3);
            int s = bytes(a.packet(0))[12] & 0xff;
            assertEquals((i - 1) % 255 + 1, s);
        }
    }
}
