package dev.doitlive.api.audio;

/**
 * One block of a sound: an oscillator, an envelope, a filter, a mixer. A refreshable service; the audio engine calls
 * {@link #render} once a buffer (never once a sample) on its real-time thread, through the block's proxy, so a new
 * version takes over between two buffers with the state carried across:
 *
 * <pre>
 * &#64;Component(service = AudioBlock.class)
 * &#64;Refreshable(name = "osc")
 * public class Osc implements AudioBlock {
 *     private double phase;
 *     public void render(AudioBuffer out, AudioContext ctx) {
 *         float[] s = out.channel(0);
 *         for (int i = 0; i &lt; ctx.frames(); i++) {
 *             s[i] = (float) Math.sin(2 * Math.PI * phase);
 *             phase = (phase + 440 / ctx.sampleRate()) % 1;
 *         }
 *     }
 * }
 * </pre>
 *
 * <p>{@link Block} on the class says which blocks' output it reads and how many channels it writes. Keep everything
 * a block needs in its fields and its context: the engine renders a replaced version once more, beside the new one,
 * to crossfade them, on its own copy of the fields (arrays included), so a swap does not click.
 */
@FunctionalInterface
public interface AudioBlock {
    /**
     * Renders one buffer.
     *
     * <p>Set every sample of {@code out} you mean: when the call starts it holds silence, but a call that failed (it
     * threw) is retried on the version reverted to with {@code out} as the failed attempt left it. Never block, never
     * allocate in steady state, never keep {@code out}, {@code ctx} or its inputs past the call. A block that throws,
     * or writes NaN, an infinity or more than {@link #LIMIT}, fails: on probation it is reverted.
     *
     * @param out {@link AudioContext#frames()} frames of {@link Block#channels()} channels
     * @param ctx the buffer's time, beat, inputs and notes
     */
    void render(AudioBuffer out, AudioContext ctx);

    /** The largest magnitude a block may write: 64, about 36 dB above full scale; beyond it is a runaway (a filter blowing up). */
    float LIMIT = 64f;
}
