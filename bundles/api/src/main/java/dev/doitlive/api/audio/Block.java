package dev.doitlive.api.audio;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * How an {@link AudioBlock} joins the graph: the blocks whose output it reads, the channels it writes, and whether it
 * is played. A component property type: bnd turns it into the service properties {@code doitlive.audio.inputs},
 * {@code doitlive.audio.channels} and {@code doitlive.audio.play}, which a new version may change (the engine rewires
 * at the next buffer).
 *
 * <pre>
 * &#64;Component(service = AudioBlock.class)
 * &#64;Refreshable(name = "filter")
 * &#64;Block(inputs = "osc")
 * public class Filter implements AudioBlock { ... }
 * </pre>
 *
 * <p>Without it a block has no inputs and one channel. The engine plays (sums into the speakers) every block with
 * {@link #play()} that no other block takes as input; a mono block plays on both speakers.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Block {
    String PREFIX_ = "doitlive.audio.";

    /** Service property of the inputs: refreshable names. */
    String INPUTS_PROPERTY = "doitlive.audio.inputs";
    /** Service property of the channels. */
    String CHANNELS_PROPERTY = "doitlive.audio.channels";
    /** Service property of play. */
    String PLAY_PROPERTY = "doitlive.audio.play";

    /** The most channels a block may write. */
    int MAX_CHANNELS = 8;

    /** The refreshable names of the blocks it reads, in the order {@link AudioContext#input(int)} numbers them. */
    String[] inputs() default {};

    /** The channels of its {@code out}, 1 to {@link #MAX_CHANNELS}: 1 for mono, 2 for stereo, more for control signals. */
    int channels() default 1;

    /** False: never played, even when no block reads it (a control signal: pitch and gate, an LFO). */
    boolean play() default true;
}
