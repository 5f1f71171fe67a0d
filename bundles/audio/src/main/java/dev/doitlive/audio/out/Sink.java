package dev.doitlive.audio.out;

/**
 * Where the mix goes, one buffer at a time, from the audio thread: a sound device, or a sink that keeps real-time pace
 * without one. {@link #write} returns once the output has room for the next buffer, so it sets the engine's pace.
 */
public interface Sink extends AutoCloseable {
    /** What plays, for the banner and live:audio: {@code device NAME}, {@code wav /path}, {@code discard}. */
    String describe();

    /** The {@link System#nanoTime()} at which the next buffer written will begin to be heard. */
    long playsAt();

    /**
     * Hands over one buffer (channels of at least {@code frames} samples, full scale ±1) and waits until there is room
     * for the next.
     *
     * @return false when this buffer came too late: the output had run dry (an audible dropout)
     */
    boolean write(float[][] mix, int frames);

    /**
     * Whether the audio thread may stop writing while no block plays: true for an output nobody hears or records (the
     * device-less fallback, discard), so that an idle runtime costs no core; a device or a recording keeps its time.
     */
    default boolean mayRest() {
        return false;
    }

    /** Called before the first write after a rest: the output starts its pace over, as after its first buffer. */
    default void rested() {
    }

    @Override
    void close();
}
