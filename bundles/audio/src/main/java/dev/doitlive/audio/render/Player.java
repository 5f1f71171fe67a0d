package dev.doitlive.audio.render;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.audio.out.Sink;

/**
 * The audio thread: renders one buffer after another through the graph live now, mixes the played blocks, limits the
 * mix and hands it to the sink, whose pace it keeps. A block's swap, its failure, a new graph: all of it was prepared
 * elsewhere and is only read here. Counts late buffers and the worst render; never dies of what a buffer throws.
 */
public final class Player implements Runnable {
    /** Delivery intervals kept for {@link #deliveryIntervals()}: about 20 s of 256-frame buffers at 48 kHz. */
    private static final int INTERVALS = 4096;

    private final Sink sink;
    private final int frames;
    private final long period;
    private final Context ctx;
    private final BeatFollower follower;
    private final Limiter limiter;
    private final Notes notes;
    private final Supplier<BeatClock> clock;
    private final float[][] mix;
    private final Thread thread;
    private final Runnable wake;

    private volatile Graph graph;
    private volatile int crossfade;
    private volatile boolean running = true;
    /** Asked from any thread; the audio thread starts its counters over at its next buffer (it alone writes them). */
    private volatile boolean resetAsked;
    private volatile boolean resting;
    /** The first buffer whose delivery interval counts (since the start or the last reset). */
    private long intervalsFrom = 1;

    private long frame;
    private volatile long played;
    private volatile long late;
    private volatile long worstRender;
    private final long[] intervals = new long[INTERVALS];
    private long lastDelivery;
    /**
     * When the last buffer was handed to the sink, before the sink's own wait: a late buffer's wait is measured from
     * there, so that a wait that overslept (the thread not scheduled in time) counts in it. Measured from the end of the
     * sink's wait, late buffers were said to wait 0.06 ms and blamed on the blocks.
     */
    private long lastHandedOver;
    /**
     * Of the late buffers since the watch last said them, the longest wait from the delivery before to the late one's
     * write, and how much of that wait rendering took: what made the output run dry (the audio thread raises it, the
     * watch takes it).
     */
    private final java.util.concurrent.atomic.AtomicLong lateGap = new java.util.concurrent.atomic.AtomicLong();
    private volatile long lateGapRender;
    /** What a buffer threw (the engine's own bug, never a block's): said by the watch. */
    volatile Throwable broke;

    /**
     * @param wake tells the watch that something is flagged for it (a failure, a late buffer); never blocks
     */
    public Player(Sink sink, float sampleRate, int frames, int channels, float ceiling, int crossfade, Notes notes, Supplier<BeatClock> clock,
            Graph graph, Runnable wake) {
        this.sink = sink;
        this.frames = frames;
        this.period = Math.round(frames * 1e9 / sampleRate);
        this.ctx = new Context(sampleRate, frames);
        this.follower = new BeatFollower(sampleRate);
        this.limiter = new Limiter(ceiling, sampleRate);
        this.notes = notes;
        this.clock = clock;
        this.mix = new float[channels][frames];
        this.graph = graph;
        this.crossfade = crossfade;
        this.wake = wake;
        this.thread = new Thread(this, "doitlive-audio");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
    }

    public void start() {
        thread.start();
    }

    /** Takes this graph from the next buffer on (and wakes a resting thread for it). */
    public void graph(Graph g) {
        graph = g;
        LockSupport.unpark(thread);
    }

    public void crossfade(int frames) {
        crossfade = frames;
    }

    public void limiter(float ceiling) {
        limiter.ceiling(ceiling);
    }

    @Override
    public void run() {
        while (running) {
            if (graph.nodes.length == 0 && sink.mayRest()) {
                rest();
                continue;
            }
            try {
                buffer();
            } catch (RuntimeException | Error e) {
                broke = e; // the engine's own failure: the watch says it; the sound goes on
                wake.run();
            }
        }
        sink.close();
    }

    /**
     * No block and nobody listening: sleeps until a graph with blocks comes or the player stops, instead of rendering
     * silence 190 times a second (most of an idle runtime's CPU). The sample clock goes on by the time rested, so the
     * blocks' time (and the beat without a clock) stays the wall clock's; the sink starts its pace over, and the rest is
     * neither a late buffer nor a delivery interval.
     */
    private void rest() {
        resting = true;
        long from = System.nanoTime();
        while (running && graph.nodes.length == 0) {
            LockSupport.park(this);
        }
        resting = false;
        frame += (System.nanoTime() - from) / period * frames;
        sink.rested();
        lastHandedOver = 0;
        lastDelivery = 0;
    }

    private void buffer() {
        Graph g = graph;
        if (resetAsked) {
            resetAsked = false;
            startOver(g);
        }
        long t0 = System.nanoTime();
        BeatClock c = clock.get();
        double clockBeat = Double.NaN;
        double bpm = 0;
        int bar = 4;
        if (c != null) {
            long heard = sink.playsAt();
            clockBeat = c.beatAt(heard);
            bpm = c.bpm();
            bar = c.beatsPerBar();
        }
        double beat = follower.next(clockBeat, bpm, frame, frames);
        ctx.buffer(frame, beat, follower.perFrame(), bar, notes.bendSemitones());
        notes.drainInto(ctx);
        g.silence.clear();
        int fade = crossfade;
        boolean flagged = false;
        for (Node n : g.nodes) {
            long failures = n.state.failures;
            n.render(ctx, fade, period);
            flagged |= n.state.failures != failures;
        }
        for (float[] m : mix) {
            Arrays.fill(m, 0f);
        }
        for (Node n : g.played) {
            for (int ch = 0; ch < mix.length; ch++) {
                float[] from = n.out.channelOrLast(ch);
                float[] to = mix[ch];
                for (int i = 0; i < frames; i++) {
                    to[i] += from[i];
                }
            }
        }
        limiter.apply(mix, frames);
        long took = System.nanoTime() - t0;
        if (took > worstRender) {
            worstRender = took;
        }
        long gap = lastHandedOver == 0 ? 0 : t0 + took - lastHandedOver;
        lastHandedOver = t0 + took;
        boolean inTime = sink.write(mix, frames);
        long now = System.nanoTime();
        intervals[(int) (played % INTERVALS)] = lastDelivery != 0 ? now - lastDelivery : period; // the first after a rest: no gap
        lastDelivery = now;
        played++;
        if (!inTime) {
            late++;
            flagged = true;
            if (gap > lateGap.get()) {
                lateGapRender = took;
                lateGap.set(gap);
            }
        }
        frame += frames;
        if (flagged) {
            wake.run();
        }
    }

    public void reset() {
        resetAsked = true;
    }

    private void startOver(Graph g) {
        late = 0;
        worstRender = 0;
        limiter.startOver();
        intervalsFrom = played + 1;
        for (Node n : g.nodes) {
            n.state.startOver();
        }
    }

    /** Stops after the buffer under way and waits for the thread (the sink is closed by it). */
    public void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the thread sleeps for want of blocks (see {@link #rest()}). */
    public boolean resting() {
        return resting;
    }

    public boolean alive() {
        return thread.isAlive();
    }

    public Graph graph() {
        return graph;
    }

    public String output() {
        return sink.describe();
    }

    public long periodNanos() {
        return period;
    }

    public int frames() {
        return frames;
    }

    public long played() {
        return played;
    }

    public long late() {
        return late;
    }

    public long worstRenderNanos() {
        return worstRender;
    }

    /**
     * Of the late buffers since the last take, the longest wait between two deliveries and the render time within it
     * (the watch's thread only).
     *
     * @return {wait, render} in nanoseconds; {0, 0} when none came late
     */
    public long[] takeLateGap() {
        long g = lateGap.getAndSet(0);
        return new long[] {g, g == 0 ? 0 : lateGapRender};
    }

    public long limited() {
        return limiter.limited();
    }

    public Throwable takeBroke() {
        Throwable t = broke;
        broke = null;
        return t;
    }

    /** The intervals between the last deliveries, oldest first (read racily: a statistic). */
    public long[] deliveryIntervals() {
        long n = played;
        int count = (int) Math.min(Math.max(0, n - intervalsFrom), INTERVALS);
        long[] out = new long[count];
        for (int k = 0; k < count; k++) {
            out[k] = intervals[(int) ((n - count + k) % INTERVALS)];
        }
        return out;
    }
}
