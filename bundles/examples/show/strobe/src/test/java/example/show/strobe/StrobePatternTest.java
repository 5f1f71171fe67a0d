package example.show.strobe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import example.show.api.Colors;
import example.show.api.Controls;

class StrobePatternTest {
    @Test
    void flashesThenFades() {
        StrobePattern s = new StrobePattern();
        Controls c = new Controls(0, 0.5, 0.25); // 2 flashes per second, each fading over 1/8 s
        int[] rgb = new int[16];
        s.render(0, c, rgb); // beats = 0: the flash
        assertEquals(1, Arrays.stream(rgb).distinct().count());
        int flash = Colors.green(rgb[0]);
        assertTrue(flash > 200, "bright: " + flash);
        s.render(0.05, c, rgb);
        int fading = Colors.green(rgb[0]);
        assertTrue(fading > 0 && fading < flash, "fading: " + fading);
        s.render(0.2, c, rgb);
        assertEquals(Colors.BLACK, rgb[0], "dark between flashes");
        s.render(0.45, c, rgb);
        s.render(0.5, c, rgb); // the next flash
        assertTrue(Colors.green(rgb[0]) > 200);
    }
}
