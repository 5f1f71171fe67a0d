package dev.doitlive.beat;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.doitlive.beat.TapTempo.Kind;
import dev.doitlive.beat.TapTempo.Tap;

/** Tap tempo with the times given: the average of the last taps, outliers and double taps ignored, a pause restarts. */
class TapTempoTest {
    private static final long MS = 1_000_000;
    private final TapTempo taps = new TapTempo();

    private static double bpm(Tap t) {
        return 60e9 / t.nanosPerBeat();
    }

    @Test
    void theSecondTapGivesATempoAndMoreTapsAverage() {
        assertEquals(Kind.FIRST, taps.tap(0).kind());
        Tap t = taps.tap(500 * MS);
        assertEquals(Kind.TEMPO, t.kind());
        assertEquals(120, bpm(t), 1e-9);
        taps.tap(990 * MS);
        t = taps.tap(1500 * MS);
        assertEquals(Kind.TEMPO, t.kind());
        assertEquals(3, t.counted());
        assertEquals(60e3 / 499, bpm(t), 1e-9, "least squares through the 4 taps (0, 500, 990, 1500 ms): 499 ms a beat");
    }

    @Test
    void humanJitterOfTenMillisecondsAveragesOutWithinABpm() {
        Random r = new Random(42);
        Tap t = null;
        for (int i = 0; i < 16; i++) {
            long jitter = (long) ((r.nextDouble() * 2 - 1) * 10 * MS);
            t = taps.tap(1_000 * MS + Math.round(i * 60e9 / 128) + jitter);
        }
        assertEquals(Kind.TEMPO, t.kind());
        assertEquals(TapTempo.WINDOW - 1, t.counted(), "the window: the last " + TapTempo.WINDOW + " taps");
        assertEquals(128, bpm(t), 1.0);
    }

    @Test
    void aStumbleIsIgnoredAndMovesNothing() {
        for (int i = 0; i < 4; i++) {
            taps.tap(i * 500 * MS);
        }
        Tap late = taps.tap(2150 * MS); // 150 ms late
        assertEquals(Kind.OFF_BEAT, late.kind());
        assertEquals(650 * MS, late.sinceLast());
        assertEquals(500 * MS, late.nanosPerBeat(), 1e-6, "the series' beat, for the line");
        Tap back = taps.tap(2500 * MS); // on the beat again: 350 ms after the stumble, also ignored
        assertEquals(Kind.OFF_BEAT, back.kind());
        Tap t = taps.tap(3000 * MS);
        assertEquals(Kind.TEMPO, t.kind());
        assertEquals(120, bpm(t), 1e-9, "only the on-beat intervals count");
    }

    @Test
    void aDoubleTapIsDropped() {
        for (int i = 0; i < 3; i++) {
            taps.tap(i * 500 * MS);
        }
        Tap d = taps.tap(1040 * MS);
        assertEquals(Kind.DOUBLE, d.kind());
        assertEquals(40 * MS, d.sinceLast());
        Tap t = taps.tap(1500 * MS);
        assertEquals(Kind.TEMPO, t.kind());
        assertEquals(120, bpm(t), 1e-9);
        assertEquals(4, t.taps());
    }

    @Test
    void tapsFasterThanTheClockTakesAreOneTap() {
        taps.tap(0);
        assertEquals(Kind.DOUBLE, taps.tap(100 * MS).kind(), "100 ms: 600 bpm, over 400");
    }

    @Test
    void aLongPauseStartsANewSeries() {
        taps.tap(0);
        taps.tap(500 * MS);
        taps.tap(1000 * MS);
        assertEquals(Kind.FIRST, taps.tap(1000 * MS + 1300 * MS).kind(), "over 2.5 beats (1250 ms) after the last");
        Tap t = taps.tap(2300 * MS + 400 * MS);
        assertEquals(150, bpm(t), 1e-9, "the new series alone");
        TapTempo fresh = new TapTempo();
        fresh.tap(0);
        assertEquals(Kind.FIRST, fresh.tap(3001 * MS).kind(), "before a beat is known, 3 s (20 bpm) ends the series");
    }

    @Test
    void aNewTempoTakesOverOnceMostOfTheWindowFollowsIt() {
        for (int i = 0; i < 8; i++) {
            taps.tap(i * 500 * MS); // the last at 3500 ms
        }
        assertEquals(Kind.OFF_BEAT, taps.tap(3800 * MS).kind(), "the first tap at the new tempo is an outlier");
        Tap last = null;
        for (int i = 2; i <= 5; i++) {
            last = taps.tap(3500 * MS + i * 300 * MS);
        }
        assertEquals(Kind.TEMPO, last.kind());
        assertEquals(200, bpm(last), 1e-9, "the 120 bpm taps are now the outliers");
    }
}
