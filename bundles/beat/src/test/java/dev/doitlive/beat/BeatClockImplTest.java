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

    /**
     * Found by a try-out: from the 8th tap on every tap said "tap 8" (the count was the window's). The tap's number is
     * the true count of the series; past the window the line says the tempo comes from the last 8.
     */
    @Test
    void theTapCountIsTheSeriesAndPastTheWindowTheLineSaysTheTempoUsesTheLast8() {
        long t0 = START + 10_000 * MS;
        for (int i = 0; i < 7; i++) {
            clock.tap("live:tap", t0 + i * 500 * MS);
        }
        assertEquals("tap 8: 120.0 bpm from 7 intervals, the beat on the tap", clock.tap("live:tap", t0 + 7 * 500 * MS));
        assertEquals("tap 9: 120.0 bpm from the last 8 taps (7 intervals), the beat on the tap", clock.tap("live:tap", t0 + 8 * 500 * MS));
        assertEquals("tap 10: 120.0 bpm from the last 8 taps (7 intervals), the beat on the tap",
                clock.tap("live:tap", t0 + 9 * 500 * MS));
        assertEquals("tap 11 ignored: 650 ms after the last, a beat is 500 ms; the tempo stays 120.0 bpm",
                clock.tap("live:tap", t0 + 9 * 500 * MS + 650 * MS));
        assertTrue(clock.tap("live:tap", t0 + 11 * 500 * MS).startsWith("tap 12 ignored: 350 ms after the last"));
        assertEquals("tap 13: 120.0 bpm from the last 8 taps (5 of their 7 intervals), the beat on the tap",
                clock.tap("live:tap", t0 + 12 * 500 * MS), "the stumble's two intervals left out");
        assertTrue(clock.tap("live:tap", t0 + 12 * 500 * MS + 30 * MS).startsWith("tap ignored: "), "a double tap is no tap");
        assertTrue(clock.tap("live:tap", t0 + 13 * 500 * MS).startsWith("tap 14: "));
        assertEquals("tap 1: the beat is on the tap; tap again for the tempo (120.0 bpm until then)",
                clock.tap("live:tap", t0 + 20_000 * MS), "a pause starts a new series, counted from 1");
    }

    /** Found by a try-out: "1 beats per bar". */
    @Test
    void oneBeatIsSingularInEveryBarLine() {
        assertTrue(clock.beatsPerBar(1, "live:bar").startsWith("1 beat per bar (was 4), set by live:bar; the bar starts on beat "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> clock.beatsPerBar(0, "live:bar"));
        assertEquals("0 beats per bar is out of range: give 1 to 32; the bar stays 1 beat", e.getMessage());
        assertTrue(new BeatCommands(clock).bar().startsWith("1 beat per bar; beat 1 of the bar now"), new BeatCommands(clock).bar());
        assertEquals("1 -> 4 beats per bar, as dev.doitlive.beat.cfg says", clock.defaultBeatsPerBar());
        clock.beatsPerBar(2, "live:bar");
        assertEquals("2 -> 4 beats per bar, as dev.doitlive.beat.cfg says", clock.defaultBeatsPerBar());
    }

    /**
     * Found by a try-out: {@code live:bpm 1e2} was refused where {@code live:rate NAME 1e3} is taken. live:bpm takes a
     * number as live:rate does (and as bpm in dev.doitlive.beat.cfg): a decimal with an optional exponent; a number too
     * large for a double is named as typed.
     */
    @Test
    void liveBpmTakesANumberAsLiveRateDoes() {
        BeatCommands commands = new BeatCommands(clock);
        assertEquals("100.0 bpm (was 120.0 bpm), set by live:bpm", commands.bpm("1e2"));
        assertEquals("125.0 bpm (was 100.0 bpm), set by live:bpm", commands.bpm("1.25E+2"));
        assertEquals("1e3 bpm is out of range: give 20 to 400; the tempo stays 125.0 bpm",
                assertThrows(IllegalArgumentException.class, () -> commands.bpm("1e3")).getMessage());
        assertEquals("1e999 bpm is out of range: give 20 to 400; the tempo stays 125.0 bpm",
                assertThrows(IllegalArgumentException.class, () -> commands.bpm("1e999")).getMessage());
        for (String notANumber : new String[] {"nan", "Infinity", "0x10", "12,5", "1e", "128f"}) {
            assertEquals("live:bpm expects beats per minute as a decimal number (20 to 400) or 'default', got '" + notANumber + "'",
                    assertThrows(IllegalArgumentException.class, () -> commands.bpm(notANumber)).getMessage());
        }
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
