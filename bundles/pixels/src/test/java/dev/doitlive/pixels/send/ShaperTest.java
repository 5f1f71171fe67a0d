package dev.doitlive.pixels.send;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ShaperTest {
    private static byte[] shape(Shaper s, int... rgb) {
        byte[] out = new byte[3 * rgb.length];
        s.shape(rgb, rgb.length, out);
        return out;
    }

    @Test
    void colourOrders() {
        assertArrayEquals(new byte[] {0x11, 0x22, 0x33}, shape(new Shaper("RGB", 1, 1), 0x112233));
        assertArrayEquals(new byte[] {0x22, 0x11, 0x33}, shape(new Shaper("GRB", 1, 1), 0x112233));
        assertArrayEquals(new byte[] {0x33, 0x22, 0x11}, shape(new Shaper("bgr", 1, 1), 0x112233));
        assertArrayEquals(new byte[] {0x33, 0x11, 0x22}, shape(new Shaper("BRG", 1, 1), 0x112233));
    }

    @Test
    void brightnessAndGamma() {
        assertArrayEquals(new byte[] {(byte) 128, 64, 0}, shape(new Shaper("RGB", 0.5, 1), 0xff8000), "half: 127.5 rounds up, 64");
        byte[] g = shape(new Shaper("RGB", 1, 2.2), 0xff8000);
        assertEquals((byte) 255, g[0], "full stays full");
        assertEquals(Math.round(255 * Math.pow(128 / 255.0, 2.2)), g[1] & 0xff);
        assertEquals(0, g[2]);
        assertArrayEquals(new byte[] {0, 0, 0}, shape(new Shaper("RGB", 0, 1), 0xffffff), "brightness 0 is black");
    }
}
