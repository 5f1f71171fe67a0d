package example.show.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import example.show.api.Pattern;

class ShowTest {
    @TempDir
    Path dir;

    /** The README's knobs, every one reset by live:initdefaults show (output was left out once). */
    @Test
    void everyKnobIsADefault() throws Exception {
        for (String knob : List.of("solid", "wave", "strobe", "bounce", "pulse", "others", "hue", "speed", "size", "brightness",
                "pixels", "output", "fileRate")) {
            assertTrue(Show.class.getDeclaredField(knob).isAnnotationPresent(dev.doitlive.api.Default.class), knob + " is @Default");
        }
    }

    @Test
    void blendsThePatternsAtTheirLevelsIntoOneLinePerFrame() throws Exception {
        Path out = dir.resolve("show.txt");
        Show show = show(out);
        set(show, "pixels", 4);
        set(show, "wave", 0.5);
        set(show, "bounce", 1.0);
        patterns(show, named("wave", (t, c, rgb) -> Arrays.fill(rgb, 0x0000ff)), named("bounce", (t, c, rgb) -> rgb[0] = 0xff0000),
                named("strobe", (t, c, rgb) -> { throw new AssertionError("level 0: not rendered"); }));
        show.step();
        show.step();
        show.deactivate();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        assertEquals("\033[48;2;255;0;128m \033[48;2;0;0;128m   \033[0m", lines.get(0));
        assertNull(get(show, "problem"));
        assertEquals(2L, get(show, "frames"));
    }

    @Test
    void aPatternThatThrowsSitsTheFrameOutAndTheShowGoesOn() throws Exception {
        Path out = dir.resolve("show.txt");
        Show show = show(out);
        set(show, "pixels", 2);
        AtomicInteger calls = new AtomicInteger();
        patterns(show, named("wave", (t, c, rgb) -> { throw new ArrayIndexOutOfBoundsException("Index 2 out of bounds for length 2"); }),
                named("mine", (t, c, rgb) -> { calls.incrementAndGet(); Arrays.fill(rgb, 0x00ff00); }));
        show.step();
        assertEquals(1, calls.get(), "a pattern by another name plays at 'others'");
        assertTrue(String.valueOf(get(show, "problem")).contains("wave threw java.lang.ArrayIndexOutOfBoundsException"));
        show.deactivate();
        assertEquals("\033[48;2;0;255;0m  \033[0m", Files.readAllLines(out).get(0));
    }

    @Test
    void noPatternsAndABadOutputAreNotErrors() throws Exception {
        Show show = show(dir); // a directory
        set(show, "patterns", null);
        show.step();
        assertTrue(String.valueOf(get(show, "problem")).contains("is a directory"));
        set(show, "output", "");
        set(show, "patterns", List.of());
        show.step();
        show.deactivate();
    }

    @Test
    void aDeviceGetsEveryFrameInPlace() throws Exception {
        Show show = show(Path.of("/dev/null"));
        set(show, "fileRate", 1.0); // for files only
        show.step();
        show.step();
        assertEquals("/dev/null (terminal, 2 frames written)", String.valueOf(get(show, "strip")));
        set(show, "output", "/dev/no-such-terminal");
        show.step();
        assertTrue(String.valueOf(get(show, "problem")).contains("no device /dev/no-such-terminal"));
        assertTrue(Files.notExists(Path.of("/dev/no-such-terminal")));
        show.deactivate();
    }

    @Test
    void aFileIsEmptiedWhenItGrowsTooBig() throws Exception {
        Path out = dir.resolve("show.txt");
        Show show = show(out);
        set(show, "pixels", Show.MAX_PIXELS);
        patterns(show, named("wave", (t, c, rgb) -> { for (int i = 0; i < rgb.length; i++) rgb[i] = i * 0x010203; }));
        for (int i = 0; i < 400; i++) {
            show.step();
            assertTrue(Files.size(out) <= Strip.MAX_FILE_BYTES + 20_000);
        }
        show.deactivate();
        assertTrue(Files.size(out) < Strip.MAX_FILE_BYTES);
    }

    private static Show show(Path out) throws Exception {
        Show show = new Show();
        set(show, "output", out.toString());
        set(show, "fileRate", 0.0); // a line per frame
        patterns(show);
        return show;
    }

    /** What DS injects: each pattern's proxy with its service properties. */
    @SafeVarargs
    private static void patterns(Show show, Map.Entry<Map<String, Object>, Pattern>... patterns) throws Exception {
        set(show, "patterns", new ArrayList<>(List.of(patterns)));
    }

    private static Map.Entry<Map<String, Object>, Pattern> named(String name, Pattern p) {
        return new SimpleEntry<>(Map.of("doitlive.name", name), p);
    }

    private static void set(Show show, String field, Object value) throws Exception {
        Field f = Show.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(show, value);
    }

    private static Object get(Show show, String field) throws Exception {
        Field f = Show.class.getDeclaredField(field);
        f.setAccessible(true);
        return f.get(show);
    }
}
