package dev.doitlive.pixels.wire;

import java.util.HashMap;
import java.util.Map;

/**
 * The sequence numbers of one output, per universe, for the output's life: a new encoder (the output re-targeted, or
 * given more pixels) goes on from the numbers its universes had. Counters are looked up when an encoder is built,
 * never per packet; each is advanced by the output's one sender thread.
 */
public final class Sequences {
    private final Map<Integer, Counter> byUniverse = new HashMap<>();

    /** One universe's running number, 0 to 255 and round again (Art-Net's skips 0, which means "not used"). */
    public static final class Counter {
        private int value;

        /** The next number, 0..255. */
        public int next() {
            value = (value + 1) & 0xff;
            return value;
        }

        /** The next number, 1..255: Art-Net's and DDP's 0 turns sequencing off. */
        public int nextNonZero(int modulo) {
            value = value % modulo + 1;
            return value;
        }
    }

    public synchronized Counter counter(int universe) {
        return byUniverse.computeIfAbsent(universe, u -> new Counter());
    }
}
