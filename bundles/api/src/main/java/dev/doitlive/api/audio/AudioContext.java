package dev.doitlive.api.audio;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a block knows of the buffer it renders: its time and beat, the output of the blocks it takes as input, and the
 * notes played since the last buffer. The engine's own object, reused for every block and every buffer: read it
 * during {@link AudioBlock#render} only. Nothing here allocates or blocks.
 */
@ProviderType
public interface AudioContext {
    /** Frames a second, e.g. 48000. */
    float sampleRate();

    /** Frames in this buffer: every buffer has as many, e.g. 256. */
    int frames();

    /** Frames played before this buffer since the engine started: a sample clock that never jumps. */
    long frame();

    /** {@link #frame()} in seconds. */
    default double time() {
        return frame() / (double) sampleRate();
    }

    /**
     * The beat at this buffer's first frame: whole beats counted as the beat clock counts them (its whole part the
     * beat's index, its fraction the phase), continuous from one buffer to the next and following the clock's tempo,
     * tap and downbeat; 120 beats a minute from the engine's start when there is no clock.
     */
    double beat();

    /** How far the beat moves per frame in this buffer: beat of frame {@code i} is {@code beat() + i * beatsPerFrame()}. */
    double beatsPerFrame();

    /** Beats in a bar (4 without a clock). */
    int beatsPerBar();

    /** How many inputs this block has: the names in its {@link Block#inputs()}, in that order. */
    int inputs();

    /**
     * This buffer's output of input {@code i}, rendered before this block. A name no block has (yet), or a block that
     * failed this buffer, gives silence.
     */
    AudioBuffer input(int i);

    /** Note events since the last buffer, oldest first: note ons and note offs from MIDI input and {@code live:note}. */
    int notes();

    /** The key of note event {@code i}, 0 to 127 (60 is middle C). */
    int noteKey(int i);

    /** The velocity of note event {@code i}, above 0 up to 1 for a note on; 0 for a note off. */
    float noteVelocity(int i);

    /** The MIDI channel of note event {@code i}, 1 to 16. */
    int noteChannel(int i);

    /** The pitch bend now, in semitones (±2 at the wheel's ends). */
    float bend();

    /** The frequency of a key, in hertz, equal tempered with A4 (key 69) at 440 Hz; {@code key} may be fractional. */
    static double hertz(double key) {
        return 440.0 * Math.pow(2, (key - 69) / 12.0);
    }
}
