package example.synth.osc;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Default;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.audio.AudioBlock;
import dev.doitlive.api.audio.AudioBuffer;
import dev.doitlive.api.audio.AudioContext;
import dev.doitlive.api.audio.Block;

/**
 * v2 of the oscillator: two saws a few cents apart (a fatter sound) instead of one wave. Its new field
 * {@link #phase2} starts at its initializer; {@link #phase} comes across from v1, so the first saw goes on where v1's
 * wave was, and the engine crossfades v1 into v2 over a buffer.
 */
@Component(service = AudioBlock.class)
@Refreshable(name = "osc")
@Block(inputs = "seq")
public class Oscillator implements AudioBlock {
    public enum Wave { SINE, TRIANGLE, SAW, SQUARE }

    @Default
    private Wave wave = Wave.SAW;
    @Default
    private double detune = 0;
    @Default
    private double level = 0.5;
    /** How far apart the two saws are, in cents. */
    @Default
    private double spread = 12;

    private double phase;
    private double phase2 = 0.25;

    // Working memory: the last pitch and its step.
    private transient float lastPitch = Float.NaN;
    private transient double lastStep;

    @Override
    public void render(AudioBuffer out, AudioContext ctx) {
        float[] s = out.channel(0);
        float[] pitch = ctx.input(0).channel(0); // octaves from A4, as the sequencer writes it
        double ratio = Math.pow(2, detune / 12);
        double apart = Math.pow(2, spread / 1200);
        for (int i = 0; i < ctx.frames(); i++) {
            if (pitch[i] != lastPitch) { // a pitch's step is worked out once, not every frame
                lastPitch = pitch[i];
                lastStep = 440 * Math.pow(2, pitch[i]) / ctx.sampleRate();
            }
            double step = lastStep * ratio;
            if (step <= 0 || step * apart >= 0.5) {
                s[i] = 0;
                continue;
            }
            double step2 = step * apart;
            s[i] = (float) (level * 0.5 * (saw(phase, step) + saw(phase2, step2)));
            phase = (phase + step) % 1;
            phase2 = (phase2 + step2) % 1;
        }
    }

    private static double saw(double p, double step) {
        double v = 2 * p - 1;
        if (p < step) {
            double t = p / step;
            v -= 2 * t - t * t - 1;
        } else if (p > 1 - step) {
            double t = (p - 1) / step;
            v -= t * t + 2 * t + 1;
        }
        return v;
    }
}
