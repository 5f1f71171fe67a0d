package dev.doitlive.api.audio;

/** One block of the audio graph, as {@link AudioDTO#blocks} shows it. */
public class AudioBlockDTO {
    public String name;
    public String[] inputs;
    public int channels;
    /** Whether it is summed into the speakers (it has {@link Block#play()} and no block takes it as input). */
    public boolean played;
    /** Buffers it rendered. */
    public long renders;
    /** Its longest render, and all of them together, in nanoseconds (wall time on the audio thread). */
    public long worstNanos;
    public long totalNanos;
    /** Renders that took longer than a buffer plays. */
    public long slow;
    /** Renders that failed: it threw, or wrote NaN, an infinity or a runaway sample. */
    public long failures;
    /** Swaps it was crossfaded through. */
    public long crossfades;
    /** {@code playing}, {@code fading} (a swap's crossfade), or {@code silent: why}. */
    public String status;
}
