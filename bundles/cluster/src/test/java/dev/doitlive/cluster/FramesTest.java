package dev.doitlive.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FramesTest {
    private static final long PERIOD = 16_666_667;

    @Test
    void aFrameLandsInItsMiddleOnEveryClock() {
        Frames mine = new Frames(PERIOD, 0);
        Frames ahead = new Frames(PERIOD, 3_000_000); // its clock 3 ms ahead of the machine's
        long frame = 100_000;
        long landingMine = mine.toSystem(mine.landingOf(frame));
        long landingAhead = ahead.toSystem(ahead.landingOf(frame));
        assertEquals(3_000_000, landingMine - landingAhead, "each lands by its own clock");
        assertEquals(frame, mine.frameAt(landingAhead), "clocks less than half a frame apart land in the same frame");
        assertEquals(frame, ahead.frameAt(ahead.fromSystem(landingAhead)));
    }

    @Test
    void framesCountFromTheEpoch() {
        Frames f = new Frames(PERIOD, 0);
        assertEquals(0, f.frameAt(PERIOD - 1));
        assertEquals(1, f.frameAt(PERIOD));
        assertEquals(-1, f.frameAt(-1));
    }
}
