package dev.doitlive.controls.midi;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** 24 clocks a beat to a tempo: smoothed over a beat, told once a beat at most and only when it moved. */
class ClockFollowerTest {
    private static final long MS = 1_000_000;

    /** Feeds {@code n} clocks at {@code bpm} from {@code start} (nanoseconds), with {@code jitter} on every other one. */
    private static long feed(ClockFollower f, long start, int n, double bpm, long jitter, List<Double> told) {
        double interval = 60e9 / bpm / 24;
        long t = start;
        for (int i = 0; i < n; i++) {
            t = start + Math.round(i * interval) + (i % 2 == 0 ? jitter : -jitter);
            double b = f.clock(t);
            if (!Double.isNaN(b)) {
                told.add(b);
            }
        }
        return start + Math.round(n * interval);
    }

    @Test
    void aSteadyClockIsToldOnceAfterABeat() {
        ClockFollower f = new ClockFollower();
        List<Double> told = new ArrayList<>();
        feed(f, 1_000 * MS, 24, 120, 0, told);
        assertEquals(List.of(), told, "24 clocks are 23 intervals: not yet a beat");
        feed(f, 1_000 * MS + 500 * MS, 24 * 7, 120, 0, told);
        assertEquals(1, told.size(), told.toString());
        assertEquals(120, told.get(0), 1e-6);
        assertEquals(120, f.bpm(), 1e-6);
    }

    @Test
    void jitterIsSmoothedAndNotTold() {
        ClockFollower f = new ClockFollower();
        List<Double> told = new ArrayList<>();
        feed(f, 0, 24 * 8, 128, MS, told); // every clock 1 ms early or late: 5% of a 19.5 ms interval
        assertEquals(1, told.size(), "a jittery but steady clock is one tempo: " + told);
        assertEquals(128, told.get(0), 0.5);
    }

    @Test
    void aNewTempoIsFollowedWithinABeat() {
        ClockFollower f = new ClockFollower();
        List<Double> told = new ArrayList<>();
        long t = feed(f, 0, 24 * 4, 120, 0, told);
        feed(f, t, 24 * 4, 90, 0, told);
        assertEquals(90, told.get(told.size() - 1), 1e-6);
        assertTrue(told.size() <= 4, "once a beat at most: " + told);
    }

    @Test
    void aPauseOrTimeGoingBackStartsAfresh() {
        ClockFollower f = new ClockFollower();
        List<Double> told = new ArrayList<>();
        long t = feed(f, 0, 24 * 2, 120, 0, told);
        assertEquals(1, told.size());
        f.clock(t + 2_000 * MS); // two seconds later
        assertTrue(Double.isNaN(f.bpm()), "a pause: no tempo until a beat of clocks");
        feed(f, 0, 24 * 2, 100, 0, told); // a device's time from zero again
        assertEquals(100, told.get(told.size() - 1), 1e-6);
    }
}
