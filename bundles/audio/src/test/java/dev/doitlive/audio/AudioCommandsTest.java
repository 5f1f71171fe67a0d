package dev.doitlive.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** live:note's keys: numbers and names within MIDI's range, and one line naming what is wrong with one beyond it. */
class AudioCommandsTest {
    @Test
    void namesAndNumbersWithinMidisRange() {
        assertEquals(69, AudioCommands.key("A4"));
        assertEquals(0, AudioCommands.key("C-1"));
        assertEquals(127, AudioCommands.key("G9"));
        assertEquals(58, AudioCommands.key("Bb3"));
        assertEquals(127, AudioCommands.key("127"));
    }

    @Test
    void aKeyBeyondTheRangeIsSaidAsSuchNotAsNoKey() {
        assertEquals("live:note: 'G#9' is key 128, beyond MIDI's 0 (C-1) to 127 (G9)",
                assertThrows(IllegalArgumentException.class, () -> AudioCommands.key("G#9")).getMessage());
        assertEquals("live:note: key 200 is beyond MIDI's 0 to 127",
                assertThrows(IllegalArgumentException.class, () -> AudioCommands.key("200")).getMessage());
        assertEquals("live:note: 'H4' is no key: give 0 to 127 or a name with its octave (C4, F#3, Bb2)",
                assertThrows(IllegalArgumentException.class, () -> AudioCommands.key("H4")).getMessage());
    }

    @Test
    void withTheAudioOffAWrongKeyIsStillSaidFirst() {
        AudioCommands c = new AudioCommands();
        assertEquals("live:note: key 200 is beyond MIDI's 0 to 127",
                assertThrows(IllegalArgumentException.class, () -> c.note("200")).getMessage());
    }
}
