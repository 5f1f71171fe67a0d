package dev.doitlive.audio.render;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Notes from the players' threads to the audio thread: in order, none lost until the ring is full, then counted. */
class NotesTest {
    @Test
    void notesArriveInOrderAndAFullRingDropsAndCounts() throws Exception {
        Notes notes = new Notes();
        Context ctx = new Context(48000, 64);
        Thread[] players = new Thread[4];
        for (int t = 0; t < players.length; t++) {
            int channel = t + 1;
            players[t] = new Thread(() -> {
                for (int k = 0; k < 50; k++) {
                    notes.note(channel, k, 100);
                }
            });
            players[t].start();
        }
        for (Thread t : players) {
            t.join();
        }
        notes.drainInto(ctx);
        assertEquals(200, ctx.notes());
        int[] next = new int[5];
        for (int i = 0; i < ctx.notes(); i++) {
            int ch = ctx.noteChannel(i);
            assertEquals(next[ch]++, ctx.noteKey(i), "each player's notes in the order played");
            assertEquals(100 / 127f, ctx.noteVelocity(i), 1e-6);
        }
        for (int k = 0; k < Notes.CAPACITY + 10; k++) {
            notes.note(16, k % 128, 0);
        }
        assertEquals(10, notes.dropped());
        notes.drainInto(ctx);
        assertEquals(Notes.CAPACITY, ctx.notes());
        assertEquals(0, ctx.noteVelocity(0), "a note off");
        assertEquals(16, ctx.noteChannel(0));
        notes.drainInto(ctx);
        assertEquals(0, ctx.notes(), "taken once");
        notes.bend(8191);
        assertEquals(2, notes.bendSemitones(), 1e-3);
    }
}
