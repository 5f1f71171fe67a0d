package dev.doitlive.controls.osc;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.beat.BeatClock;

/**
 * /live/bpm, /live/tap and /live/downbeat as docs/controls.md gives them: a number sent as a string is read as live:set
 * reads it, and a second argument is refused in words, not dropped. The clock here only keeps what it is told (the beat
 * kit's own is tested in bundles/beat; the launcher's OscTest runs OSC against it).
 */
class OscBeatRoutesTest {
    private final List<String> told = new ArrayList<>();
    private final BeatClock clock = new BeatClock() {
        public double bpm() { return 120; }
        public int beatsPerBar() { return 4; }
        public double beatAt(long nanoTime) { return 0; }
        public long nanosAt(double beat) { return 0; }
        public String bpm(double bpm, String source) { told.add("bpm " + bpm); return ""; }
        public String tap(String source) { told.add("tap"); return ""; }
        public String downbeat(String source) { told.add("downbeat"); return ""; }
        public String beatsPerBar(int beats, String source) { return ""; }
    };
    private final OscRoutes routes = new OscRoutes(null, () -> clock);

    private OscRoutes.Kind route(String address, Object... args) throws Exception {
        return routes.route(new OscMessage(address, List.of(args))).kind();
    }

    private String refused(String address, Object... args) {
        return assertThrows(IllegalArgumentException.class, () -> route(address, args)).getMessage();
    }

    @Test
    void aTempoSentAsAStringIsReadAsANumber() throws Exception {
        assertEquals(OscRoutes.Kind.BEAT, route("/live/bpm", "130"));
        assertEquals(OscRoutes.Kind.BEAT, route("/live/bpm", 128.5f));
        assertEquals(List.of("bpm 130.0", "bpm 128.5"), told);
        assertEquals("give one number (beats per minute)", refused("/live/bpm", "fast"));
        assertEquals("give one number (beats per minute): it takes one argument, got 2", refused("/live/bpm", 120f, 130f));
    }

    @Test
    void aButtonsArgumentToTapAndDownbeatMayBeAString() throws Exception {
        assertEquals(OscRoutes.Kind.IGNORED, route("/live/tap", "0"), "a release sent as a string is a release");
        assertEquals(OscRoutes.Kind.IGNORED, route("/live/downbeat", 0));
        assertEquals(OscRoutes.Kind.BEAT, route("/live/tap", "1"));
        assertEquals(OscRoutes.Kind.BEAT, route("/live/downbeat"));
        assertEquals(List.of("tap", "downbeat"), told);
        assertEquals("takes no argument, or a button's one (1 press, 0 release), got 2", refused("/live/tap", 1, 1));
    }
}
