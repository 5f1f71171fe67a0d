package dev.doitlive.audio.render;

import java.util.concurrent.atomic.AtomicReference;

import dev.doitlive.api.audio.Block;

/**
 * One block's life in the engine, kept by name across graphs: the swap waiting for the audio thread, the crossfade in
 * progress, what went wrong, and its counters. The fade fields belong to the audio thread; the counters are written
 * there with plain volatile stores (one writer) and read anywhere; failures are flagged there and said by the
 * {@code Watch}.
 */
public final class BlockState {
    /** Why a block's samples failed: constants, so that flagging one allocates nothing. */
    /** Silenced by the audio thread the moment its render threw (the watch says it, with what it threw). */
    public static final String THREW = "render() threw";
    public static final String NAN = "render() wrote NaN";
    public static final String INFINITY = "render() wrote an infinity";
    public static final String RUNAWAY = "render() wrote a runaway sample (beyond " + (int) dev.doitlive.api.audio.AudioBlock.LIMIT + " either way; full scale is 1)";

    final String name;
    /** The swap not yet taken by the audio thread; merged when two come before it takes the first. */
    private final AtomicReference<Handover> pending = new AtomicReference<>();

    // --- the audio thread's own
    /** The replaced version being faded out, on its own state, or null. */
    dev.doitlive.api.audio.AudioBlock fadeFrom;
    /** Fading in from silence (after a failure silenced it), rather than from a replaced version. */
    boolean fadeFromSilence;
    int fadePos;
    /** Its last buffer was silenced (it failed): the next version fades in. */
    boolean silenced;
    /** The last sample it played, per channel: a failure ramps from there to silence instead of clicking. */
    final float[] last = new float[Block.MAX_CHANNELS];

    // --- counters: one writer (the audio thread), any reader
    volatile long renders;
    volatile long totalNanos;
    volatile long worstNanos;
    volatile long lastNanos;
    volatile long slow;
    /** Of {@link #slow}, those of a version past its first {@link #WARMING_NANOS} of sound (compiled by then): worth a line. */
    volatile long slowWarm;
    /** Renders of the version live now (audio thread). */
    long sinceSwap;
    /** Of {@link #slowWarm}, the slowest since the watch last said them (the audio thread raises it, the watch takes it). */
    final java.util.concurrent.atomic.AtomicLong slowWorst = new java.util.concurrent.atomic.AtomicLong();
    /** The {@link System#nanoTime()} its render was called at while it runs, 0 between renders: a render that never returns shows. */
    volatile long renderingSince;
    /** Set by the watch when it lets a silenced block play again: the audio thread fades it in from silence. */
    volatile boolean fadeIn;
    volatile long failures;
    volatile long crossfades;
    volatile boolean fading;

    // --- flagged by the audio thread, said by the watch
    /** What its proxy passed on: it threw and nothing reverted it. */
    volatile Throwable thrown;
    /** Why its samples failed ({@link #NAN}...), and at which of its swaps. */
    volatile String bad;
    volatile long badSwap;
    /**
     * How long, in buffers' worth of sound, a version's slowness is counted but not said: its code runs interpreted and
     * loads what it needs until the JIT has compiled it, and at a start the framework is still starting beside it (100
     * renders, half a second, was seen too short: a version's first slow line came right after it went live).
     */
    public static final long WARMING_NANOS = 3_000_000_000L;

    /** Of {@link #slowWarm}, how many the watch has said (the watch's own). */
    long slowSaid;

    // --- set by the swap and watch threads
    /** Silent until its next version: it fails and nothing reverts it. Cleared by its next swap. */
    volatile String muted;
    /** Swaps offered so far: a failure said for an older version never mutes a newer one. */
    volatile long swaps;
    /** The {@link #swaps} count whose live version the watch has warmed ({@link Node#warm}); -1: none yet. */
    long warmed = -1;

    public BlockState(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * A swap of this block (swap thread, gate closed): its replaced version gets its own copy of the state it shares
     * with the new one, to be rendered once more and faded out; a version going because it failed is not heard again.
     */
    public void swapped(dev.doitlive.api.SwapEvent e) {
        dev.doitlive.api.audio.AudioBlock from = null;
        if (!e.failed() && e.replaced() instanceof dev.doitlive.api.audio.AudioBlock b) {
            OwnState.detach(b);
            from = b;
        }
        offer(new Handover(from, e));
    }

    /** A swap of this block (swap thread, gate closed): taken by the audio thread at its next buffer. */
    void offer(Handover h) {
        swaps++;
        muted = null;
        pending.accumulateAndGet(h, (waiting, later) -> waiting == null ? later : waiting.then(later));
    }

    /** The swap waiting, or null (audio thread). */
    Handover pending() {
        return pending.get();
    }

    /** Takes the swap waiting (audio thread): from now on the audio thread fades from its replaced version. */
    Handover take() {
        return pending.getAndSet(null);
    }

    /** The counters from zero again (audio thread: it alone writes them). */
    void startOver() {
        renders = 0;
        totalNanos = 0;
        worstNanos = 0;
        slow = 0;
        slowWarm = 0;
        slowSaid = 0;
        slowWorst.set(0);
        failures = 0;
        crossfades = 0;
    }

    // --- for the watch and the views

    public long renders() {
        return renders;
    }

    public long totalNanos() {
        return totalNanos;
    }

    public long worstNanos() {
        return worstNanos;
    }

    public long lastNanos() {
        return lastNanos;
    }

    public long slow() {
        return slow;
    }

    public long failures() {
        return failures;
    }

    public long crossfades() {
        return crossfades;
    }

    public boolean fading() {
        return fading;
    }

    public String muted() {
        return muted;
    }

    /** Lets a block silenced by the watch play again (faded in from silence) at the next buffer. */
    public void unmute() {
        fadeIn = true;
        muted = null;
    }

    /** When its render running now was called ({@link System#nanoTime()}), or 0 when none runs. */
    public long renderingSince() {
        return renderingSince;
    }

    public void mute(String why, long atSwap) {
        if (swaps == atSwap) { // not if a new version came meanwhile
            muted = why;
        }
    }

    public Throwable takeThrown() {
        Throwable t = thrown;
        thrown = null;
        return t;
    }

    public String takeBad() {
        String b = bad;
        bad = null;
        return b;
    }

    public long badSwap() {
        return badSwap;
    }

    public long swaps() {
        return swaps;
    }

    /** Slow renders since the watch last asked (the watch's thread only). */
    public long takeSlow() {
        long s = slowWarm;
        long unsaid = s - slowSaid;
        slowSaid = s;
        return unsaid;
    }

    /** Slow renders not said yet, without taking them (the watch's thread only). */
    public long unsaidSlow() {
        return slowWarm - slowSaid;
    }

    /** The slowest of the slow renders since the last take (the watch's thread only). */
    public long takeSlowWorst() {
        return slowWorst.getAndSet(0);
    }
}
