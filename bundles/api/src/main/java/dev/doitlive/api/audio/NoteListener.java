package dev.doitlive.api.audio;

/**
 * Whiteboard SPI: told of every note played, by MIDI input (any device, the controls kit's receiver) and by
 * {@code live:note}. Register an implementation as an OSGi service; the audio engine is one, and hands the notes to
 * its blocks at the next buffer.
 *
 * <p>Called on the player's thread (a MIDI device's, the shell's): return at once, never block, never throw.
 */
public interface NoteListener {
    /**
     * A key went down.
     *
     * @param channel  the MIDI channel, 1 to 16
     * @param key      0 to 127 (60 is middle C)
     * @param velocity 1 to 127 (a MIDI note on of velocity 0 is a {@link #noteOff})
     */
    void noteOn(int channel, int key, int velocity);

    /** A key came up. */
    void noteOff(int channel, int key);

    /** The pitch wheel moved: {@code value} -8192 (down) to 8191 (up), 0 in the middle. */
    void pitchBend(int channel, int value);
}
