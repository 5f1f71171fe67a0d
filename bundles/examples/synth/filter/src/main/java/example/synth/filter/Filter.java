package example.synth.filter;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Default;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.audio.AudioBlock;
import dev.doitlive.api.audio.AudioBuffer;
import dev.doitlive.api.audio.AudioContext;
import dev.doitlive.api.audio.Block;

/**
 * The synth's filter and its last block, the one the engine plays (no block takes it as input): a resonant low-pass,
 * a state-variable filter in its topology-preserving form (stable at any cutoff). Its state is the two integrators'
 * memories, kept in an array: the state transfer carries it across a refresh, and the engine gives the replaced
 * version a copy of it for the crossfade. {@code live:set filter cutoff 400} darkens the sound at the next buffer.
 */
@Component(service = AudioBlock.class)
@Refreshable(name = "filter")
@Block(inputs = "env")
public class Filter implements AudioBlock {
    /** Hertz. */
    @Default
    private double cutoff = 1800;
    /** 0.5 (none) to 10 (ringing). */
    @Default
    private double resonance = 1.2;

    /** The integrators' memories. */
    private double[] memory = new double[2];

    @Override
    public void render(AudioBuffer out, AudioContext ctx) {
        float[] in = ctx.input(0).channel(0);
        float[] s = out.channel(0);
        double fc = Math.max(20, Math.min(cutoff, ctx.sampleRate() * 0.45));
        double g = Math.tan(Math.PI * fc / ctx.sampleRate());
        double k = 1 / Math.max(0.5, Math.min(resonance, 10));
        double a1 = 1 / (1 + g * (g + k));
        double a2 = g * a1;
        double a3 = g * a2;
        double ic1 = memory[0];
        double ic2 = memory[1];
        for (int i = 0; i < ctx.frames(); i++) {
            double v3 = in[i] - ic2;
            double v1 = a1 * ic1 + a2 * v3;
            double v2 = ic2 + a2 * ic1 + a3 * v3;
            ic1 = 2 * v1 - ic1;
            ic2 = 2 * v2 - ic2;
            s[i] = (float) v2;
        }
        memory[0] = ic1;
        memory[1] = ic2;
    }
}
