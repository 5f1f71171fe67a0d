package example.show.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import example.show.api.Controls;

class PulsePatternTest {
    private static int brightness(int rgb) {
        return Math.max(rgb >> 16 & 0xff, Math.max(rgb >> 8 & 0xff, rgb & 0xff));
    }

    @Test
    void lightsOnTheBeatAndFadesBeforeTheNext() {
        PulsePattern p = new PulsePattern();
        int[] rgb = new int[8];
        p.render(0, new Controls(0.6, 0.5, 0.25, 5.0, 4), rgb);
        int on = brightness(rgb[0]);
        p.render(0, new Controls(0.6, 0.5, 0.25, 5.3, 4), rgb);
        int fading = brightness(rgb[0]);
        p.render(0, new Controls(0.6, 0.5, 0.25, 5.9, 4), rgb);
        assertEquals(255, on);
        assertTrue(fading > 0 && fading < on, "fading: " + fading);
        assertEquals(0, brightness(rgb[0]), "dark before the next beat");
    }

    @Test
    void theBarStartsWhite() {
        PulsePattern p = new PulsePattern();
        int[] rgb = new int[1];
        p.render(0, new Controls(0.6, 0.5, 0.25, 8.0, 4), rgb);
        assertEquals(0xffffff, rgb[0]);
        p.render(0, new Controls(0.6, 0.5, 0.25, 9.0, 4), rgb);
        assertTrue(rgb[0] != 0xffffff, "the other beats take the hue");
    }
}
