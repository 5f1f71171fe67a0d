package dev.doitlive.pixels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.doitlive.pixels.send.Voice;

/**
 * Found by a try-out: {@code strip = nosuch} was taken without a word, and the output then sent nothing. With the
 * times given: said once after 2 s without a frame of its strip while other strips are written, said again only after
 * its frames came.
 */
class StripWatchTest {
    private static final long S = 1_000_000_000L;
    private final List<String> lines = new ArrayList<>();
    private final Voice voice = new Voice() {
        @Override
        public void problem(String line) {
            lines.add("problem: " + line);
        }

        @Override
        public void info(String line) {
            lines.add("info: " + line);
        }
    };

    /** The show writes {@code strips} every 20 ms from {@code from} to {@code to}; the sender checks once a second. */
    private void run(StripWatch w, long from, long to, String... strips) {
        for (long t = from; t < to; t += 20_000_000L) {
            for (String s : strips) {
                w.takes(s, t);
            }
            if ((t - from) % S == 0) {
                w.check("a", "dev.doitlive.output-a.cfg", t, voice);
            }
        }
    }

    @Test
    void aStripNoLoopWritesIsSaidOnceNamingTheStripsWrittenAndAgainOnlyAfterItCame() {
        StripWatch w = new StripWatch("nosuch", StripWatch.strips(), 0);
        assertFalse(w.takes("painter", 0));
        run(w, 0, 10 * S, "painter", "left");
        assertEquals(List.of("problem: dev.doitlive.output-a.cfg: output a has had no frame of strip nosuch for 3 s, while the strips"
                + " written are left, painter (strip = nosuch takes that strip's frames only; leave it out for every strip's)"), lines);
        assertEquals("no frame of strip nosuch for 9 s; written: left, painter", w.waiting(10 * S - 1));

        assertTrue(w.takes("nosuch", 10 * S));
        w.check("a", "dev.doitlive.output-a.cfg", 10 * S, voice);
        assertNull(w.waiting(10 * S));
        assertEquals("info: output a: frames of strip nosuch come now (dev.doitlive.output-a.cfg)", lines.get(1));
        run(w, 10 * S, 20 * S, "painter");
        assertEquals(3, lines.size(), "lost again: said again, " + lines);
        assertTrue(lines.get(2).contains("no frame of strip nosuch for 3 s, while the strips written are painter ("), lines.get(2));
    }

    @Test
    void withNothingWrittenOrItsOwnFramesComingNothingIsSaid() {
        StripWatch w = new StripWatch("show", StripWatch.strips(), 0);
        for (long t = 0; t < 10 * S; t += S) {
            w.check("a", "f", t, voice); // the show stopped: nothing to compare with
        }
        run(w, 10 * S, 20 * S, "show", "other");
        assertEquals(List.of(), lines);
        assertNull(w.waiting(20 * S));
    }

    @Test
    void aShowThatMakesUpNamesFillsNoMemory() {
        var strips = StripWatch.strips();
        StripWatch w = new StripWatch("show", strips, 0);
        for (int i = 0; i < 10_000; i++) {
            w.takes("strip" + i, i);
        }
        w.takes(null, 10_000);
        assertEquals(StripWatch.MAX_STRIPS, strips.size());
        run(w, 0, 4 * S, "strip1");
        assertTrue(lines.get(0).contains("the strips written are strip1 ("), lines.toString());
    }
}
