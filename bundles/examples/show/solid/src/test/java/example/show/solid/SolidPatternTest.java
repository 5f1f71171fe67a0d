package example.show.solid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import example.show.api.Colors;
import example.show.api.Controls;

class SolidPatternTest {
    @Test
    void oneColourEverywhereThatDrifts() {
        SolidPattern s = new SolidPattern();
        Controls c = new Controls(0, 1, 0.25);
        int[] rgb = new int[30];
        s.render(0, c, rgb);
        assertEquals(1, Arrays.stream(rgb).distinct().count());
        assertEquals(Colors.hsv(1.0 / 3, 1, 1), rgb[0], "a third of the wheel from the hue");
        for (int i = 1; i <= 60; i++) {
            s.render(i / 20.0, c, rgb); // 3 s at 1 cycle per second: 0.3 turns
        }
        assertEquals(1, Arrays.stream(rgb).distinct().count());
        assertNotEquals(Colors.hsv(1.0 / 3, 1, 1), rgb[0]);
        assertEquals(Colors.hsv(1.0 / 3 + 0.3, 1, 1), rgb[0]);
    }
}
