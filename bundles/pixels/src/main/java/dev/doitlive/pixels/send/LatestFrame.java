package dev.doitlive.pixels.send;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest frame of an output, handed from the show's loop to the output's sender without either waiting: a triple
 * buffer. The writer fills its back buffer and swaps it with the middle one; the sender swaps the middle one with its
 * front buffer when it holds a frame it has not taken. A frame the sender did not take before the next one came is
 * stale: it is dropped (and counted), never queued.
 *
 * <p>Writers may be several loops (one output taking every strip): one writes at a time, and a frame that comes while
 * another is being written is dropped rather than waited for.
 */
public final class LatestFrame {
    private static final int FRESH = 4;

    private final int[][] buffers;
    /** The middle buffer's index, with {@link #FRESH} while it holds a frame the sender has not taken. */
    private final AtomicInteger middle = new AtomicInteger(1);
    /** Held by the one writer filling {@link #back}: the back buffer is the writer's alone while held. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicLong dropped;
    private int back = 0;
    private int front = 2;

    /**
     * @param pixels  the frame's size: what the output sends
     * @param dropped counts the frames dropped here (the output's, across its re-targets)
     */
    public LatestFrame(int pixels, AtomicLong dropped) {
        this.dropped = dropped;
        buffers = new int[][] {new int[pixels], new int[pixels], new int[pixels]};
    }

    /**
     * Copies pixels {@code first ..} of a frame in (black where the frame is shorter) and publishes it.
     *
     * @return false when the frame was dropped because another writer was at it
     */
    public boolean offer(int[] rgb, int length, int first) {
        if (!writing.compareAndSet(false, true)) {
            dropped.incrementAndGet();
            return false;
        }
        try {
            int[] b = buffers[back];
            int n = Math.max(0, Math.min(b.length, Math.min(length, rgb.length) - first));
            if (n > 0) {
                System.arraycopy(rgb, first, b, 0, n);
            }
            Arrays.fill(b, n, b.length, 0);
            // Release: the sender that takes this index sees the pixels written above.
            int old = middle.getAndSet(back | FRESH);
            back = old & 3;
            if ((old & FRESH) != 0) {
                dropped.incrementAndGet(); // the sender never took it: stale now
            }
            return true;
        } finally {
            writing.set(false);
        }
    }

    /** The newest frame not taken yet, or null; the sender's until its next take. Sender thread only. */
    public int[] take() {
        if ((middle.get() & FRESH) == 0) {
            return null;
        }
        int old = middle.getAndSet(front);
        front = old & 3;
        return buffers[front];
    }

    /** Whether a frame waits to be taken. */
    public boolean fresh() {
        return (middle.get() & FRESH) != 0;
    }

    public int pixels() {
        return buffers[0].length;
    }
}
