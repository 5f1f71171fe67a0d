package dev.doitlive.audio.out;

import java.util.concurrent.locks.LockSupport;

/**
 * An output without a device that behaves like one: it takes a buffer every period, as a sound card's hardware would,
 * holding {@code depth} buffers ahead of what is "heard", and counts a buffer that comes after its turn as late (the
 * dropout a card would play), starting over from then as a card does after an underrun. What it takes goes to a
 * {@link WavWriter} (which writes it on its own thread) or nowhere. Audio thread only.
 */
public final class PacedSink implements Sink {
    /** The last stretch of a wait is spun: a park may oversleep by tens of microseconds. */
    private static final long SPIN_NANOS = 100_000;

    private final double period;
    private final int depth;
    private final WavWriter wav;
    private long start = Long.MIN_VALUE;
    private long written;

    /**
     * @param wav where the samples go, or null to discard them
     */
    public PacedSink(float sampleRate, int frames, int depth, WavWriter wav) {
        this.period = frames * 1e9 / sampleRate;
        this.depth = depth;
        this.wav = wav;
    }

    @Override
    public String describe() {
        String failing = wav == null ? null : wav.failing();
        return wav == null ? "discard" : "wav " + wav.path() + (failing == null ? "" : " (not recording: " + failing + "; tried again every second)");
    }

    /** When buffer {@code n} begins to play. */
    private long due(long n) {
        return start + Math.round(n * period);
    }

    @Override
    public long playsAt() {
        return start == Long.MIN_VALUE ? System.nanoTime() + Math.round(period) : due(written);
    }

    @Override
    public boolean write(float[][] mix, int frames) {
        long now = System.nanoTime();
        boolean inTime = true;
        if (start == Long.MIN_VALUE) {
            start = now + Math.round(period); // the first buffer plays a period from now
        } else if (now > due(written)) {
            inTime = false; // its turn went by: the card would have played silence
            start = now + Math.round(period) - Math.round(written * period);
        }
        if (wav != null) {
            wav.write(mix, frames);
        }
        written++;
        // Room for the next once fewer than depth buffers wait to be heard: the one depth before it has begun to play.
        long until = due(written - depth);
        long wait;
        while ((wait = until - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(wait - SPIN_NANOS);
        }
        while (until - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
        return inTime;
    }

    /** Nothing is recorded: nothing needs keeping time while nothing plays. */
    @Override
    public boolean mayRest() {
        return wav == null;
    }

    @Override
    public void rested() {
        start = Long.MIN_VALUE;
        written = 0;
    }

    @Override
    public void close() {
        if (wav != null) {
            wav.close();
        }
    }
}
