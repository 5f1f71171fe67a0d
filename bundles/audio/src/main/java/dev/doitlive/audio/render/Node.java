package dev.doitlive.audio.render;

import dev.doitlive.api.audio.AudioBlock;
import dev.doitlive.api.audio.AudioBuffer;

/**
 * One block in one {@link Graph}: its proxy, the buffer it renders into, a second one for its replaced version during a
 * crossfade, and the buffers of its inputs. {@link #render} is the audio thread's work for one block and one buffer:
 * one call through the proxy; when a swap came, the replaced version rendered once more on its own state and faded
 * out; the samples checked; a failure silenced with a ramp, and flagged for the watch.
 */
public final class Node {
    final String name;
    final AudioBlock block;
    final AudioBuffer out;
    private final AudioBuffer faded;
    final AudioBuffer[] inputs;
    final String[] inputNames;
    final BlockState state;
    final boolean played;

    Node(String name, AudioBlock block, AudioBuffer out, AudioBuffer faded, AudioBuffer[] inputs, String[] inputNames, BlockState state,
            boolean played) {
        this.name = name;
        this.block = block;
        this.out = out;
        this.faded = faded;
        this.inputs = inputs;
        this.inputNames = inputNames;
        this.state = state;
        this.played = played;
    }

    public String name() {
        return name;
    }

    /** The names of its inputs, as it declares them. */
    public String[] inputs() {
        return inputNames.clone();
    }

    public int channels() {
        return out.channels();
    }

    public boolean played() {
        return played;
    }

    public BlockState state() {
        return state;
    }

    /**
     * Walks its live version's state as its replacement's swap will, so that the reflection it needs is found and made
     * off the gate (the watch's thread, once per version): under the gate, the swap only copies arrays.
     */
    public void warm() {
        long swaps = state.swaps;
        if (state.warmed != swaps) {
            state.warmed = swaps;
            OwnState.warm(Scrub.target(block));
        }
    }

    /** Its proxy, as the engine calls it. */
    public AudioBlock block() {
        return block;
    }

    /**
     * Renders this block's buffer.
     *
     * @param crossfade frames a swap's crossfade takes; 0: none
     * @param period    how long a buffer plays, in nanoseconds: a slower render is counted
     */
    void render(Context ctx, int crossfade, long period) {
        BlockState s = state;
        AudioBuffer o = out;
        o.clear();
        if (s.muted != null) {
            silence(o, s);
            return;
        }
        ctx.inputs(inputs);
        // A swap seen before the call: the call is the new version's. Seen only after it: the runtime's count says.
        Handover before = s.pending();
        long t0 = System.nanoTime();
        s.renderingSince = t0 | 1; // never 0 while it runs: the watch tells a render that never returns
        boolean threw = false;
        try {
            block.render(o, ctx);
        } catch (RuntimeException | Error e) { // what the proxy passes on: nothing reverted it
            s.thrown = e;
            threw = true;
        } finally {
            s.renderingSince = 0;
        }
        long took = System.nanoTime() - t0;
        count(s, took, period);
        Handover h = before != null ? before : s.pending();
        if (h != null && (before != null || h.servedByNext())) {
            h = s.take();
            if (h != null) {
                // A failed swap that came during this call (not the one seen before it) and served it: the call threw.
                if ((before == null || h.event() != before.event()) && h.event().failed() && h.servedByNext()) {
                    s.failures++; // it threw during this call and the proxy reverted it: the reverted version rendered the buffer
                }
                s.sinceSwap = 0;
                startFade(s, h, crossfade);
            }
        }
        if (s.fadeIn) { // the watch let it play again after silencing it: in from silence, not with a jump
            s.fadeIn = false;
            if (crossfade > 0 && s.fadeFrom == null) {
                s.fadeFromSilence = true;
                s.fadePos = 0;
                s.fading = true;
            }
        }
        if (threw) {
            // Silent from the next buffer on, not only once the watch has looked: a render that ran away and was
            // interrupted would otherwise run away again at once.
            if (s.pending() == null) {
                s.muted = BlockState.THREW;
            }
            fail(o, s, null);
            return;
        }
        if (s.fadeFrom != null || s.fadeFromSilence) {
            fade(ctx, o, s, crossfade);
        }
        String bad = check(o);
        if (bad != null) {
            fail(o, s, bad);
            return;
        }
        s.silenced = false;
        for (int c = 0; c < o.channels(); c++) {
            s.last[c] = o.channel(c)[o.frames() - 1];
        }
    }

    private static void count(BlockState s, long took, long period) {
        s.renders++;
        s.totalNanos += took;
        s.lastNanos = took;
        if (took > s.worstNanos) {
            s.worstNanos = took;
        }
        if (took > period) {
            s.slow++;
            if (s.sinceSwap * period > BlockState.WARMING_NANOS) {
                s.slowWarm++;
                if (took > s.slowWorst.get()) {
                    s.slowWorst.set(took); // one writer: a watch taking it meanwhile only misses this one
                }
            }
        }
        s.sinceSwap++;
    }

    private static void startFade(BlockState s, Handover h, int crossfade) {
        s.fadeFrom = null;
        s.fadeFromSilence = false;
        s.fadePos = 0;
        if (crossfade <= 0) {
            return;
        }
        if (h.from() != null && !s.silenced) {
            s.fadeFrom = h.from();
        } else if (s.silenced) {
            s.fadeFromSilence = true; // back from a failure: fade in, do not jump in
        } else {
            return; // it failed and the reverted version rendered the buffer: nothing heard to fade from
        }
        s.crossfades++;
        s.fading = true;
    }

    /** Mixes the replaced version (rendered now, on its own state) into {@code o}, fading from it to the new one. */
    private void fade(Context ctx, AudioBuffer o, BlockState s, int crossfade) {
        AudioBuffer f = faded;
        f.clear();
        if (s.fadeFrom != null) {
            try {
                s.fadeFrom.render(f, ctx); // directly: it is no longer behind the proxy
            } catch (RuntimeException | Error e) {
                f.clear(); // the replaced version cannot go on: fade from silence
            }
            if (check(f) != null) {
                f.clear();
            }
        }
        int frames = o.frames();
        int pos = s.fadePos;
        for (int c = 0; c < o.channels(); c++) {
            float[] n = o.channel(c);
            float[] old = f.channel(c);
            for (int i = 0; i < frames; i++) {
                float g = Math.min(1f, (pos + i + 1) / (float) crossfade);
                n[i] = old[i] + (n[i] - old[i]) * g;
            }
        }
        s.fadePos = pos + frames;
        if (s.fadePos >= crossfade) {
            s.fadeFrom = null; // its replaced version is heard no more (and may go)
            s.fadeFromSilence = false;
            s.fading = false;
        }
    }

    /** Why the samples cannot be played, or null: NaN, an infinity, beyond {@link AudioBlock#LIMIT}. */
    static String check(AudioBuffer b) {
        for (int c = 0; c < b.channels(); c++) {
            float[] s = b.channel(c);
            for (int i = 0, n = b.frames(); i < n; i++) {
                float v = s[i];
                if (v != v) {
                    return BlockState.NAN;
                }
                if (v > AudioBlock.LIMIT || v < -AudioBlock.LIMIT) {
                    return v == Float.POSITIVE_INFINITY || v == Float.NEGATIVE_INFINITY ? BlockState.INFINITY : BlockState.RUNAWAY;
                }
            }
        }
        return null;
    }

    /** A failed buffer: silence, ramped down from the last sample heard; flagged for the watch (which asks for a revert). */
    private static void fail(AudioBuffer o, BlockState s, String bad) {
        s.failures++;
        s.badSwap = s.swaps;
        if (bad != null) {
            s.bad = bad;
        }
        silence(o, s);
    }

    private static void silence(AudioBuffer o, BlockState s) {
        int frames = o.frames();
        for (int c = 0; c < o.channels(); c++) {
            float[] x = o.channel(c);
            float from = s.silenced ? 0 : s.last[c];
            for (int i = 0; i < frames; i++) {
                x[i] = from * (1 - (i + 1) / (float) frames);
            }
            s.last[c] = 0;
        }
        s.silenced = true;
        s.fadeFrom = null;
        s.fadeFromSilence = false;
        s.fading = false;
    }
}
