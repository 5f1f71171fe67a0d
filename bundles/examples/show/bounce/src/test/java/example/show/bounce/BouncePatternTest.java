package example.show.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import example.show.api.Colors;
import example.show.api.Controls;

class BouncePatternTest {
    private final Controls controls = new Controls(0, 0.5, 0.25);

    @Test
    void aBlockOfSizeOfTheStrip() {
        int[] rgb = new int[40];
        Arrays.fill(rgb, -1);
        new BouncePattern().render(0, controls, rgb);
        assertTrue(Arrays.stream(rgb).allMatch(px -> px >>> 24 == 0), "every pixel drawn");
        assertEquals(10.0, light(rgb), 0.05, "a quarter of 40 pixels");
        assertTrue(Colors.red(rgb[0]) < 10 && Colors.blue(rgb[0]) > 200, "opposite red: cyan");
    }

    @Test
    void goesToTheOtherEndAndBack() {
        BouncePattern b = new BouncePattern();
        int[] rgb = new int[40];
        b.render(0, controls, rgb);
        assertTrue(rgb[0] != 0 && rgb[39] == 0, "starts at the left");
        for (int i = 1; i <= 40; i++) {
            b.render(i / 40.0, controls, rgb); // 1 s at 0.5 trips per second: half a round trip
        }
        assertTrue(rgb[0] == 0 && rgb[39] != 0, "at the right");
        assertEquals(10.0, light(rgb), 0.05);
    }

    private static double light(int[] rgb) {
        return Arrays.stream(rgb).mapToDouble(px -> Math.max(Colors.green(px), Colors.blue(px)) / 255.0).sum();
    }
}
