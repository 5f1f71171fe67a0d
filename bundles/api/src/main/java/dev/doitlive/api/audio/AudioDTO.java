package dev.doitlive.api.audio;

/** What the audio engine plays and how it keeps up: a snapshot, counted since it (re)started. */
public class AudioDTO {
    /** What plays: {@code device NAME}, {@code wav /path/audio.wav}, {@code discard}, or {@code off}. */
    public String output;
    /** Why it is not what the configuration asks for (no sound device), or null. */
    public String problem;
    public float sampleRate;
    public int frames;
    /** Buffers the output holds ahead of what is heard: its latency is {@code buffers * frames / sampleRate}. */
    public int buffers;
    /** The crossfade of a swap, in frames; 0: none. */
    public int crossfade;
    /** How long one buffer plays, in nanoseconds: every buffer must be rendered within it, on average. */
    public long periodNanos;
    /** Buffers handed to the output. */
    public long played;
    /** How long they play, in nanoseconds: each at the length it had (the frames setting may have changed since). */
    public long playedNanos;
    /** Buffers that came too late: the output ran dry before them (an audible dropout). */
    public long late;
    /** The longest time one buffer took to render (every block, the mix, the limiter), in nanoseconds. */
    public long worstRenderNanos;
    /** Note events dropped because they came faster than the buffers took them. */
    public long droppedNotes;
    /** Samples the limiter turned down since the start. */
    public long limited;
    /** The blocks of the graph, in the order they render. */
    public AudioBlockDTO[] blocks;
}
