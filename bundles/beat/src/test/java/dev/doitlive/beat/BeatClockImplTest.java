package dev.doitlive.beat;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The clock's lines and rules, outside a framework, with the times given. */
class BeatClockImplTest {
    private static final long MS = 1_000_000;
    private static final long START = 1_000_000 * MS;
    private final BeatClockImpl clock = new BeatClockImpl(START, Settings.DEFAULTS);

    @Test
    void tapsSetTheTempoAndPutTheBeatOnTheTap() {
        long t0 = START + 10_250 * MS; // beat 20.5 at 120
        assertEquals("tap 1: the beat is on the tap; tap again for the tempo (120.0 bpm until then)", clock.tap("live:tap", t0));
        assertEquals(0, clock.beatAt(t0) % 1, 1e-9, "the beat is on the first tap");
        assertEquals("tap 2: 150.0 bpm from 1 interval, the beat on the tap", clock.tap("live:tap", t0 + 400 * MS));
        assertEquals("tap 3: 150.0 bpm from 2 intervals, the beat on the tap", clock.tap("live:tap", t0 + 800 * MS));
        assertEquals(150, clock.bpm(), 1e-9);
        assertEquals(0, clock.beatAt(t0 + 800 * MS) % 1, 1e-9);
        assertEquals("live:tap", clock.tempo().source());
        assertEquals("tap 4 ignored: 600 ms after the last, a beat is 400 ms; the tempo stays 150.0 bpm",
                clock.tap("live:tap", t0 + 1400 * MS));
        assertEquals("tap ignored: 30.0 ms after the last is a double tap (a beat is 400 ms); the tempo stays 150.0 bpm",
                clock.tap("live:tap", t0 + 1430 * MS));
    }

    @Test
    void aTempoOutOfRangeIsRefusedInOneLineAndChangesNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> clock.bpm(401, "osc"));
        assertEquals("401 bpm is out of range: give 20 to 400; the tempo stays 120.0 bpm", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> clock.bpm(Double.NaN, "osc"));
        assertEquals("NaN bpm is out of range: give 20 to 400; the tempo stays 120.0 bpm", e.getMessage());
        assertEquals(120, clock.bpm());
        assertEquals("128.0 bpm (was 120.0 bpm), set by osc", clock.bpm(128, "osc"));
        assertEquals("128.0 bpm, set by osc", clock.bpm(128, "osc"));
    }

    @Test
    void theDownbeatStartsTheBarAndBeatsPerBarMoveIt() {
        long now = START + 3_100 * MS; // beat 6.2
        assertEquals("the bar starts now: beat 6 is beat 1 of 4", clock.downbeat("live:downbeat", now));
        assertEquals(0, clock.tempo().barPhaseOf(clock.beatAt(now)), 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> clock.beatsPerBar(33, "live:bar"));
        assertEquals("33 beats per bar is out of range: give 1 to 32; the bar stays 4 beats", e.getMessage());
        assertTrue(clock.beatsPerBar(3, "live:bar").startsWith("3 beats per bar (was 4), set by live:bar; the bar starts on beat "));
        assertEquals(3, clock.beatsPerBar());
    }

    @Test
    void theDetectorMovesTheClockOnlyForAChangeWorthIt() {
        long beat = START + 20 * 500 * MS; // beat 20 at 120: on the beat already
        clock.follow(120.05, beat, "onset from line-in");
        assertEquals("onset from line-in", clock.tempo().source(), "a new source takes the clock");
        Tempo t = clock.tempo();
        clock.follow(120.08, beat + 5 * MS, "onset from line-in");
        assertSame(t, clock.tempo(), "0.03 bpm and 5 ms off: not worth shaking the phase");
        clock.follow(124, beat + 500 * MS, "onset from line-in");
        assertEquals(124, clock.bpm(), 1e-9);
        assertEquals(21, clock.beatAt(beat + 500 * MS), 1e-9, "the beat put where it was heard");
        clock.follow(124, beat + 520 * MS, "onset from line-in");
        assertEquals(21, clock.beatAt(beat + 520 * MS), 1e-9, "20 ms off: moved onto it");
        clock.follow(1000, beat, "onset from line-in");
        assertEquals(124, clock.bpm(), 1e-9, "out of range: ignored");
    }
}
