package dev.doitlive.audio.render;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.SwapEvent;
import dev.doitlive.api.audio.AudioBlock;
import dev.doitlive.api.audio.AudioBuffer;
import dev.doitlive.api.audio.AudioContext;

/** One block's render: the crossfade of a swap, which version served a call made across it, failures silenced. */
class NodeTest {
    private static final int FRAMES = 64;

    /** Writes a constant level; counts its renders. */
    static final class Level implements AudioBlock {
        float level;
        int renders;

        Level(float level) {
            this.level = level;
        }

        @Override
        public void render(AudioBuffer out, AudioContext ctx) {
            renders++;
            java.util.Arrays.fill(out.channel(0), level);
        }
    }

    /** Stands in for the proxy: calls whichever version is its target, as the runtime's does. */
    static final class Proxy implements AudioBlock {
        AudioBlock target;
        long served;
        Runnable during = () -> { };

        @Override
        public void render(AudioBuffer out, AudioContext ctx) {
            target.render(out, ctx);
            served++; // counted as it returns, before a swap can drain the gate
            during.run(); // a swap landing right after, before the caller looks

        }
    }

    static SwapEvent swap(Proxy p, Object replaced, Object next, boolean failed) {
        long before = p.served;
        return new SwapEvent() {
            public String name() { return "x"; }
            public Object replaced() { return replaced; }
            public Object next() { return next; }
            public boolean failed() { return failed; }
            public long servedBefore() { return before; }
            public long served() { return p.served; }
        };
    }

    private final Context ctx = new Context(48000, FRAMES);
    private final BlockState state = new BlockState("x");
    private final Proxy proxy = new Proxy();
    private final Node node = Graph.of(List.of(new Graph.Member("x", proxy, new String[0], 1, true)), FRAMES, n -> state, null, l -> { })
            .nodes().get(0);

    private float[] render() {
        node.render(ctx, FRAMES, Long.MAX_VALUE);
        return node.out.channel(0).clone();
    }

    @Test
    void aSwapSeenBeforeTheCallIsCrossfadedFromTheReplacedVersionRenderedOnceMore() {
        Level v1 = new Level(0.2f);
        Level v2 = new Level(0.6f);
        proxy.target = v1;
        render();
        state.swapped(swap(proxy, v1, v2, false));
        proxy.target = v2;
        float[] s = render();
        assertEquals(2, v1.renders, "the replaced version rendered once more, beside the new one");
        assertEquals(0.2f + 0.4f / FRAMES, s[0], 1e-6, "the first frame is nearly all the old one");
        assertEquals(0.6f, s[FRAMES - 1], 1e-6, "the last is the new one");
        for (int i = 1; i < FRAMES; i++) {
            assertEquals(0.4f / FRAMES, s[i] - s[i - 1], 1e-5, "no step: a straight line from one to the other");
        }
        assertEquals(0.6f, render()[0], 1e-6, "then the new one alone");
        assertEquals(2, v1.renders);
        assertEquals(1, state.crossfades());
    }

    @Test
    void aSwapThatLandsAfterACallOfTheOldVersionWaitsForTheNextBuffer() {
        Level v1 = new Level(0.2f);
        Level v2 = new Level(0.6f);
        proxy.target = v1;
        // The swap lands while the call is under way, after the old version served it: the runtime's count says so.
        proxy.during = () -> {
            proxy.during = () -> { };
            state.swapped(swap(proxy, v1, v2, false));
            proxy.target = v2;
        };
        float[] first = render();
        assertEquals(0.2f, first[FRAMES - 1], 1e-6, "served by v1: heard whole, no fade yet");
        assertEquals(1, v1.renders);
        float[] next = render();
        assertEquals(2, v1.renders, "the fade renders v1 once more in the next buffer");
        assertEquals(0.2f + 0.4f / FRAMES, next[0], 1e-6);
        assertEquals(0.6f, next[FRAMES - 1], 1e-6);
    }

    @Test
    void samplesThatAreNotNumbersAreAFailureSilencedWithARampThenTheRevertedVersionFadesIn() {
        Level v1 = new Level(0.5f);
        AudioBlock nan = (out, c) -> out.channel(0)[3] = Float.NaN;
        proxy.target = v1;
        render();
        proxy.target = nan;
        state.swapped(swap(proxy, v1, nan, false));
        float[] s = render();
        assertEquals(BlockState.NAN, state.takeBad(), "flagged for the watch, which asks for a revert");
        for (float v : s) {
            assertFalse(Float.isNaN(v));
        }
        assertTrue(s[0] < 0.5f && s[FRAMES - 1] == 0, "a ramp from the last sample heard down to silence");
        Level back = new Level(0.5f);
        state.swapped(swap(proxy, nan, back, true));
        proxy.target = back;
        float[] in = render();
        assertEquals(0.5f / FRAMES, in[0], 1e-6, "the version reverted to fades in from the silence");
        assertEquals(0.5f, in[FRAMES - 1], 1e-6);
    }

    @Test
    void aRunawayIsAFailureAndAThrowReachingTheEngineIsFlagged() {
        proxy.target = (out, c) -> out.channel(0)[0] = 1e6f;
        render();
        assertEquals(BlockState.RUNAWAY, state.takeBad());
        proxy.target = (out, c) -> {
            throw new IllegalStateException("nothing reverted it");
        };
        float[] s = render();
        assertEquals("nothing reverted it", state.takeThrown().getMessage());
        assertEquals(0, s[FRAMES - 1]);
        state.mute("it throws", state.swaps());
        proxy.target = new Level(0.3f);
        assertEquals(0, render()[FRAMES - 1], "muted: not called until its next version");
    }

    @Test
    void aCallThatThrewAndWasRevertedByTheProxyDuringItCountsAsAFailure() {
        Level v1 = new Level(0.2f);
        Level v2 = new Level(0.6f);
        proxy.target = v2;
        render();
        // v2 throws inside the proxy, which reverts it to v1 and renders the buffer there: the engine sees a whole buffer.
        proxy.during = () -> {
            proxy.during = () -> { };
            proxy.served--; // the failed call is served by the version reverted to: counted after the swap
            state.swapped(swap(proxy, v2, v1, true));
            proxy.served++;
        };
        render();
        assertEquals(1, state.failures(), "the throw on probation is a failure of the block, though the buffer was whole");
    }

    @Test
    void aVersionsSlownessInItsFirstSecondsIsCountedButNotSaid() {
        proxy.target = new Level(0.2f);
        // A "buffer" of 1 ns: every render is slower than it, and a thousand renders are far from seconds of sound (before,
        // a version's 100th render was past its warming).
        for (int i = 0; i < 1000; i++) {
            node.render(ctx, FRAMES, 1);
        }
        assertEquals(1000, state.slow(), "counted");
        assertEquals(0, state.takeSlow(), "not said: its first " + BlockState.WARMING_NANOS / 1e9 + " s of sound have not played");
    }
}
