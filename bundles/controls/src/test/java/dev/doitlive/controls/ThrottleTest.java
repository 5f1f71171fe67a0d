package dev.doitlive.controls;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ThrottleTest {
    @Test
    void fiveLinesASecondThenASummary() {
        List<String> out = new ArrayList<>();
        Throttle t = new Throttle("bad OSC messages", out::add);
        for (int i = 0; i < 100; i++) {
            t.say("line " + i);
        }
        assertEquals(List.of("line 0", "line 1", "line 2", "line 3", "line 4"), out);
        t.tick();
        assertEquals(5, out.size(), "the second is not over: nothing yet");
        Await.windowOver();
        t.tick();
        assertEquals(6, out.size());
        assertTrue(out.get(5).matches("95 more bad OSC messages in \\d+\\.\\d s not shown; the last: line 99"), out.get(5));
        t.tick();
        assertEquals(6, out.size(), "said once");
    }

    /** Waits for a throttle's window of a second to pass. */
    static final class Await {
        static void windowOver() {
            long end = System.nanoTime() + 1_050_000_000L;
            while (System.nanoTime() < end) {
                java.util.concurrent.locks.LockSupport.parkNanos(end - System.nanoTime());
            }
        }
    }
}
