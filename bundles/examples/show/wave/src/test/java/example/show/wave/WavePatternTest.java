package example.show.wave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import example.show.api.Controls;

class WavePatternTest {
    private final Controls controls = new Controls(0.6, 0.5, 0.25);

    @Test
    void fillsEveryPixel() {
        int[] rgb = new int[64];
        Arrays.fill(rgb, -1); // not a colour: 0xRRGGBB has no top byte
        new WavePattern().render(0, controls, rgb);
        assertTrue(Arrays.stream(rgb).allMatch(px -> px >>> 24 == 0), "every pixel drawn");
        assertTrue(Arrays.stream(rgb).anyMatch(px -> px != 0), "some light");
        assertTrue(Arrays.stream(rgb).anyMatch(px -> px == 0 || (px & 0xff) < 10), "some dark");
    }

    @Test
    void phaseAdvancesBySpeedTimesTime() throws Exception {
        WavePattern w = new WavePattern();
        int[] rgb = new int[64];
        w.render(10.0, controls, rgb); // first frame: starts here
        assertEquals(0, phase(w), 1e-12);
        for (int i = 1; i <= 60; i++) {
            w.render(10.0 + i / 60.0, controls, rgb);
        }
        assertEquals(0.5, phase(w), 1e-9, "one second at 0.5 cycles per second");
    }

    @Test
    void aPauseDoesNotJump() throws Exception {
        WavePattern w = new WavePattern();
        int[] rgb = new int[8];
        w.render(1.0, controls, rgb);
        w.render(1.1, controls, rgb);
        double before = phase(w);
        w.render(100, controls, rgb); // the loop was stopped for a while
        assertEquals(before, phase(w), 1e-12);
        w.render(99, controls, rgb); // the show started over
        assertEquals(before, phase(w), 1e-12);
    }

    @Test
    void theWaveMoves() {
        WavePattern w = new WavePattern();
        int[] a = new int[64];
        int[] b = new int[64];
        w.render(0, controls, a);
        w.render(0.1, controls, b);
        assertTrue(!Arrays.equals(a, b));
    }

    private static double phase(WavePattern w) throws Exception {
        Field f = WavePattern.class.getDeclaredField("phase");
        f.setAccessible(true);
        return f.getDouble(w);
    }
}
