package dev.doitlive.beat;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The clock's state as pure arithmetic on given times. */
class TempoTest {
    private static final long S = 1_000_000_000L;

    @Test
    void beatsCountFromTheStartAtTheTempo() {
        Tempo t = Tempo.start(7 * S, 120, 4, "cfg");
        assertEquals(0, t.beatAt(7 * S));
        assertEquals(2.5, t.beatAt(8 * S + S / 4), 1e-12);
        assertEquals(-2, t.beatAt(6 * S), 1e-12, "before the start: negative beats");
        assertEquals(8 * S + S / 4, t.nanosAt(2.5));
        assertEquals(120, t.bpm(), 1e-12);
    }

    @Test
    void aTempoChangeKeepsTheBeatAndChangesOnlyWhatFollows() {
        Tempo t = Tempo.start(0, 120, 4, "cfg");
        long change = 10 * S + 123_456_789L;
        double before = t.beatAt(change);
        Tempo u = t.withBpm(change, 90, "live:bpm");
        assertEquals(before, u.beatAt(change), 1e-9, "no jump at the change");
        assertEquals(before + 3 * 1.5, u.beatAt(change + 3 * S), 1e-9, "90 bpm after it");
        assertEquals("live:bpm", u.source());
        assertEquals(u.nanosAt(before + 1.5), change + S);
    }

    @Test
    void aBeatHeardMovesTheCountToTheNearestWholeBeatThere() {
        Tempo t = Tempo.start(0, 120, 4, "cfg");
        long tap = 10 * S + 150_000_000L; // beat 20.3
        Tempo u = t.onBeat(tap, 120, "live:tap");
        assertEquals(20, u.beatAt(tap), 1e-12);
        long tap2 = 20 * S + 550_000_000L; // beat 40.8 at 120 from beat 20 at 10.15 s
        assertEquals(41, u.onBeat(tap2, 100, "live:tap").beatAt(tap2), 1e-12, "forward when nearer");
    }

    @Test
    void theBarFollowsTheDownbeatAndTheBeatsPerBar() {
        Tempo t = Tempo.start(0, 120, 4, "cfg");
        assertEquals(0.25, t.barPhaseOf(t.beatAt(S / 2)), 1e-12, "beat 1 of 4");
        Tempo d = t.downbeat(S * 3 + S / 10); // beat 6.2: the beat goes to 6, which starts a bar
        assertEquals(6, d.beatAt(S * 3 + S / 10), 1e-12);
        assertEquals(0, d.barPhaseOf(6), 1e-12);
        assertEquals(0.25, d.barPhaseOf(7), 1e-12);
        assertEquals(0, d.barPhaseOf(10), 1e-12);
        Tempo three = d.withBeatsPerBar(S * 4 + S / 4, 3); // beat 8.5: the bar starts on beat 8
        assertEquals(3, three.beatsPerBar());
        assertEquals(0, three.barPhaseOf(8), 1e-12);
        assertEquals(0, three.barPhaseOf(11), 1e-12);
        assertEquals(1 / 3.0, three.barPhaseOf(9), 1e-12);
    }
}
