package dev.doitlive.audio.render;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Note events on their way from the players' threads (MIDI devices, the shell) to the audio thread: a bounded
 * multi-producer, single-consumer ring (Vyukov's), each event packed into a long, so that neither side allocates or
 * locks. A full ring drops the event and counts it. The pitch bend is a value, not an event: the latest wins.
 */
public final class Notes {
    /** Events one buffer can take: more than a keyboard plays in a few milliseconds. */
    static final int CAPACITY = 256;

    private final AtomicLongArray events = new AtomicLongArray(CAPACITY);
    /** Per slot, the ticket it waits for: {@code t} when free for ticket {@code t}, {@code t + 1} once written. */
    private final AtomicLongArray sequences = new AtomicLongArray(CAPACITY);
    private final AtomicLong tail = new AtomicLong();
    /** The consumer's position (audio thread only). */
    private long head;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger bend = new AtomicInteger();

    public Notes() {
        for (int i = 0; i < CAPACITY; i++) {
            sequences.set(i, i);
        }
    }

    /** A key down (velocity 1 to 127) or up (velocity 0) on a channel 1 to 16; any thread. */
    public void note(int channel, int key, int velocity) {
        long packed = ((long) ((channel - 1) & 0xF) << 16) | ((key & 0x7F) << 8) | (velocity & 0x7F);
        for (;;) {
            long t = tail.get();
            int slot = (int) (t % CAPACITY);
            long seq = sequences.get(slot);
            if (seq == t) {
                if (tail.compareAndSet(t, t + 1)) {
                    events.set(slot, packed);
                    sequences.set(slot, t + 1); // publishes the event
                    return;
                }
            } else if (seq < t) {
                dropped.incrementAndGet(); // full: the audio thread has not taken the oldest yet
                return;
            }
            // another producer took t: try the next ticket
        }
    }

    /** The pitch wheel, -8192 to 8191; any thread. */
    public void bend(int value) {
        bend.set(Math.max(-8192, Math.min(8191, value)));
    }

    /** The pitch bend in semitones, ±2 at the wheel's ends. */
    float bendSemitones() {
        return bend.get() * 2f / 8192f;
    }

    public long dropped() {
        return dropped.get();
    }

    /** Moves the events waiting into {@code ctx}, at most {@code CAPACITY}; audio thread only. */
    void drainInto(Context ctx) {
        ctx.clearNotes();
        for (int n = 0; n < CAPACITY; n++) {
            int slot = (int) (head % CAPACITY);
            if (sequences.get(slot) != head + 1) {
                return; // nothing more written
            }
            long e = events.get(slot);
            sequences.set(slot, head + CAPACITY); // free for the ticket one lap later
            head++;
            ctx.addNote(((int) (e >>> 16) & 0xF) + 1, (int) (e >>> 8) & 0x7F, (int) e & 0x7F);
        }
    }
}
