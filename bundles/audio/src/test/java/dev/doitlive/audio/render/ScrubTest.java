package dev.doitlive.audio.render;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

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
        Scrub.Found found = Scrub.nonFinite(new Proxy(f));
        assertEquals(List.of("cutoff", "memory", "boxed", "voice.phases", "voices.phases"), List.copyOf(found.fields()));
        assertEquals(List.of(Scrub.NAN, Scrub.INFINITY), List.copyOf(found.kinds()));
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

    static final class Runaway {
        double memory = 1e151; // a filter blowing up, on its way to infinity
        final float[] delay = {-3e25f, 0.5f};
        double frequency = 19_000;
        double nanos = 1.8e18; // a wall-clock time in nanoseconds: large, no runaway
        long samples = Long.MAX_VALUE;
    }

    @Test
    void aRunawayNumberIsSetToZeroAndSaidAsOneButLargeHonestNumbersStay() {
        Runaway r = new Runaway();
        Scrub.Found found = Scrub.nonFinite(r);
        assertEquals(List.of("memory", "delay"), List.copyOf(found.fields()));
        assertEquals(List.of(Scrub.RUNAWAY), List.copyOf(found.kinds()));
        assertEquals(0, r.memory);
        assertArrayEquals(new float[] {0, 0.5f}, r.delay);
        assertEquals(19_000, r.frequency);
        assertEquals(1.8e18, r.nanos);
        assertTrue(Scrub.nonFinite(r).isEmpty());
    }
}
