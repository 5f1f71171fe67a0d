package dev.doitlive.audio.render;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** A block's state cleaned of NaN and infinities, so that a block silenced for them can play again. */
class ScrubTest {
    static final class Voice {
        float[] phases = {0.5f, Float.POSITIVE_INFINITY};
        double level = 0.3;
    }

    static final class Filter {
        double cutoff = Double.NaN;
        double q = 0.7;
        final double[] memory = {Double.NaN, 0.25};
        Double boxed = Double.NEGATIVE_INFINITY;
        Voice voice = new Voice();
        Voice[] voices = {new Voice()};
        List<Double> jdk = new java.util.ArrayList<>(List.of(Double.NaN)); // a JDK object: left alone
        int count = 7;
    }

    /** Stands in for the runtime's proxy, whose base class hands out its target through doitlive$target(). */
    static class ProxyBase {
        private final Object target;

        ProxyBase(Object target) {
            this.target = target;
        }

        protected final Object doitlive$target() {
            return target;
        }
    }

    static final class Proxy extends ProxyBase {
        Proxy(Object target) {
            super(target);
        }
    }

    @Test
    void theNaNsAndInfinitiesOfTheInstanceBehindTheProxyAndOfItsOwnObjectsAreSetToZeroAndNamed() {
        Filter f = new Filter();
        Set<String> fixed = Scrub.nonFinite(new Proxy(f));
        assertEquals(List.of("cutoff", "memory", "boxed", "voice.phases", "voices.phases"), List.copyOf(fixed));
        assertEquals(0, f.cutoff);
        assertArrayEquals(new double[] {0, 0.25}, f.memory);
        assertEquals(0.0, f.boxed);
        assertArrayEquals(new float[] {0.5f, 0}, f.voice.phases);
        assertArrayEquals(new float[] {0.5f, 0}, f.voices[0].phases);
        assertEquals(0.7, f.q);
        assertEquals(7, f.count);
        assertTrue(Double.isNaN(f.jdk.get(0)), "a JDK collection is not the block's to scrub");
        assertTrue(Scrub.nonFinite(f).isEmpty(), "nothing left");
    }
}
