package example.synth.env;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Default;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.audio.AudioBlock;
import dev.doitlive.api.audio.AudioBuffer;
import dev.doitlive.api.audio.AudioContext;
import dev.doitlive.api.audio.Block;

/**
 * The synth's envelope: shapes the oscillator (its first input) by the sequencer's gate (the second input's channel 1):
 * attack to the gate's level, decay to {@link #sustain} of it while the gate stays open, release to silence when it
 * closes. Times in seconds; {@code live:set env release 0.8} lengthens every note's tail.
 */
@Component(service = AudioBlock.class)
@Refreshable(name = "env")
@Block(inputs = {"osc", "seq"})
public class Envelope implements AudioBlock {
    @Default
    private double attack = 0.005;
    @Default
    private double decay = 0.12;
    @Default
    private double sustain = 0.5;
    @Default
    private double release = 0.25;

    /** How loud now, 0 to the gate's level; and whether the note is past its attack. */
    private double level;
    private boolean decaying;
    private float lastGate;

    @Override
    public void render(AudioBuffer out, AudioContext ctx) {
        float[] in = ctx.input(0).channel(0);
        float[] gate = ctx.input(1).channelOrLast(1);
        float[] s = out.channel(0);
        double dt = 1.0 / ctx.sampleRate();
        for (int i = 0; i < ctx.frames(); i++) {
            float g = gate[i];
            if (g > 0 && lastGate == 0) {
                decaying = false; // a new note: attack again, from where the last one's release is
            }
            lastGate = g;
            if (g <= 0) {
                level -= level * Math.min(1, dt / Math.max(release, dt) * 5);
            } else if (!decaying) {
                level += dt / Math.max(attack, dt) * g;
                if (level >= g) {
                    level = g;
                    decaying = true;
                }
            } else {
                level += (g * sustain - level) * Math.min(1, dt / Math.max(decay, dt) * 5);
            }
            s[i] = (float) (in[i] * level);
        }
    }
}
