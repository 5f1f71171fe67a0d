package dev.doitlive.pixels.send;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LatestFrameTest {
    @Test
    void theSenderGetsTheNewestFrameAndStaleOnesAreCounted() {
        AtomicLong dropped = new AtomicLong();
        LatestFrame f = new LatestFrame(3, dropped);
        assertNull(f.take(), "nothing offered yet");
        f.offer(new int[] {1, 2, 3}, 3, 0);
        f.offer(new int[] {4, 5, 6}, 3, 0);
        f.offer(new int[] {7, 8, 9}, 3, 0);
        assertArrayEquals(new int[] {7, 8, 9}, f.take());
        assertEquals(2, dropped.get(), "two frames were replaced before the sender took them");
        assertNull(f.take(), "taken once");
        f.offer(new int[] {10, 11, 12}, 3, 0);
        assertArrayEquals(new int[] {10, 11, 12}, f.take());
        assertEquals(2, dropped.get());
    }

    @Test
    void itCopiesFromTheFirstPixelAndBlanksWhatTheFrameDoesNotHave() {
        LatestFrame f = new LatestFrame(4, new AtomicLong());
        int[] show = {1, 2, 3, 4, 5, 6};
        f.offer(show, 5, 2); // pixels 2, 3, 4 of a frame of 5 (the array is longer: the show reuses it)
        show[2] = 99; // the show's array is its own: what was offered stays as it was
        assertArrayEquals(new int[] {3, 4, 5, 0}, f.take());
        f.offer(show, 2, 3);
        assertArrayEquals(new int[] {0, 0, 0, 0}, f.take(), "a frame shorter than first: black");
        f.offer(show, 100, 50);
        assertArrayEquals(new int[] {0, 0, 0, 0}, f.take(), "a first pixel past the array's end: black");
        f.offer(show, -1, 0);
        assertArrayEquals(new int[] {0, 0, 0, 0}, f.take(), "a negative length: black");
        f.offer(show, 100, 0);
        assertArrayEquals(new int[] {1, 2, 99, 4}, f.take(), "a length past the array's end is cut to it");
    }

    /** The buffer the sender holds is never written while it holds it, whatever the writer does meanwhile. */
    @Test
    void aTakenFrameStaysWholeWhileTheWriterGoesOn() throws Exception {
        LatestFrame f = new LatestFrame(64, new AtomicLong());
        Thread writer = new Thread(() -> {
            int[] px = new int[64];
            for (int n = 1; n <= 200_000; n++) {
                java.util.Arrays.fill(px, n);
                f.offer(px, 64, 0);
            }
        });
        writer.start();
        long seen = 0;
        while (writer.isAlive() || f.fresh()) {
            int[] t = f.take();
            if (t != null) {
                for (int v : t) {
                    assertEquals(t[0], v, "a torn frame");
                }
                assertTrue(t[0] >= seen, "frames come newest last");
                seen = t[0];
            }
        }
        writer.join();
        assertEquals(200_000, seen);
    }
}
