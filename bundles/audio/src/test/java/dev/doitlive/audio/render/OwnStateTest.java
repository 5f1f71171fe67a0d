package dev.doitlive.audio.render;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** A replaced block gets its own copy of the arrays the state transfer shared with the new version. */
class OwnStateTest {
    static final class Voice {
        float[] buffer = {1, 2, 3};
    }

    static final class Block {
        double[] memory = {0.5, 0.25};
        double[] same = memory; // two fields, one array: still one array after
        Voice[] voices = {new Voice()};
        final float[] fixed = {9};
        java.util.List<Double> list = new java.util.ArrayList<>(java.util.List.of(1.0));
        double phase = 0.3;
    }

    @Test
    void everyArrayItReachesThroughItsOwnObjectsIsCopied() {
        Block old = new Block();
        // What the state transfer does: the new instance shares the arrays (and the JDK objects) as they are.
        double[] memory = old.memory;
        float[] buffer = old.voices[0].buffer;
        Voice voice = old.voices[0];
        java.util.List<Double> list = old.list;
        OwnState.detach(old);
        assertNotSame(memory, old.memory, "its own memory");
        assertArrayEquals(memory, old.memory, "with the same values");
        assertSame(old.memory, old.same, "the sharing within it is kept");
        assertSame(voice, old.voices[0], "its own objects stay (the transfer made new ones for the new version)");
        assertNotSame(buffer, old.voices[0].buffer, "their arrays are copied");
        assertArrayEquals(new float[] {1, 2, 3}, old.voices[0].buffer);
        assertEquals(9, old.fixed[0]);
        assertSame(list, old.list, "a JDK collection stays shared");
        old.memory[0] = 7;
        assertEquals(0.5, memory[0], "the new version's array is no longer touched");
    }

    @Test
    void warmingALiveVersionChangesNothingAndItsDetachLaterStillCopies() {
        Block live = new Block();
        double[] memory = live.memory;
        float[] buffer = live.voices[0].buffer;
        Voice[] voices = live.voices;
        OwnState.warm(live);
        assertSame(memory, live.memory, "a live version's arrays stay its own: warming only reads");
        assertSame(voices, live.voices);
        assertSame(buffer, live.voices[0].buffer);
        OwnState.detach(live);
        assertNotSame(memory, live.memory, "replaced later: copied as ever");
        assertNotSame(buffer, live.voices[0].buffer);
    }
}
