package dev.doitlive.cluster;

import java.time.Instant;

/**
 * The stage's frame timeline: frame {@code n} starts {@code n} periods after the epoch (1970, on each machine's own
 * system clock, which a show keeps in step with NTP or PTP). A commit names a frame; each member lands it in the middle
 * of that frame on its own clock, so that clocks up to half a frame apart still swap in the same frame.
 */
final class Frames {
    private final long period;
    /** Added to the system clock: for trying the timeline with clocks apart (clockOffsetMillis); 0 in a show. */
    private final long offset;

    Frames(long periodNanos, long offsetNanos) {
        this.period = periodNanos;
        this.offset = offsetNanos;
    }

    long periodNanos() {
        return period;
    }

    /** This node's clock: nanoseconds since the epoch. */
    long now() {
        return system() + offset;
    }

    static long system() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** The frame that {@code clock} (this node's clock) falls in. */
    long frameAt(long clock) {
        return Math.floorDiv(clock, period);
    }

    /** Where frame {@code n} lands on this node's clock: its middle. */
    long landingOf(long frame) {
        return frame * period + period / 2;
    }

    /** This node's clock reading as the system clock reads it (what the runtime lands on). */
    long toSystem(long clock) {
        return clock - offset;
    }

    long fromSystem(long system) {
        return system + offset;
    }
}
