package example.synth.osc;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Default;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.audio.AudioBlock;
import dev.doitlive.api.audio.AudioBuffer;
import dev.doitlive.api.audio.AudioContext;
import dev.doitlive.api.audio.Block;

/**
 * The synth's oscillator: a wave at the pitch the sequencer writes. Its state is {@link #phase}: a refresh carries it
 * across, and the engine crossfades the old wave into the new one, so changing the wave while it plays does not
 * click. {@code live:set osc wave SQUARE} changes it between two buffers; v2/ beside this project draws it anew.
 */
@Component(service = AudioBlock.class)
@Refreshable(name = "osc")
@Block(inputs = "seq")
public class Oscillator implements AudioBlock {
    public enum Wave { SINE, TRIANGLE, SAW, SQUARE }

    @Default
    private Wave wave = Wave.SAW;
    /** Semitones above the sequencer's pitch. */
    @Default
    private double detune = 0;
    @Default
    private double level = 0.5;

    /** Where in its cycle the wave is, 0 to 1. */
    private double phase;

    // Working memory: the last pitch and its step.
    private transient float lastPitch = Float.NaN;
    private transient double lastStep;

    @Override
    public void render(AudioBuffer out, AudioContext ctx) {
        float[] s = out.channel(0);
        float[] pitch = ctx.input(0).channel(0); // octaves from A4, as the sequencer writes it
        double ratio = Math.pow(2, detune / 12);
        for (int i = 0; i < ctx.frames(); i++) {
            if (pitch[i] != lastPitch) { // a pitch's step is worked out once, not every frame
                lastPitch = pitch[i];
                lastStep = 440 * Math.pow(2, pitch[i]) / ctx.sampleRate();
            }
            double step = lastStep * ratio; // of a cycle, per frame
            if (step <= 0 || step >= 0.5) {
                s[i] = 0;
                continue;
            }
            s[i] = (float) (level * sample(phase, step));
            phase = (phase + step) % 1;
        }
    }

    /** The wave at {@code p}; saw and square with their steps smoothed (PolyBLEP), so that high notes do not alias. */
    private double sample(double p, double step) {
        switch (wave) {
            case SINE:
                return Math.sin(2 * Math.PI * p);
            case TRIANGLE:
                return 1 - 4 * Math.abs(p - 0.5);
            case SQUARE:
                return (p < 0.5 ? 1 : -1) + blep(p, step) - blep((p + 0.5) % 1, step);
            default:
                return 2 * p - 1 - blep(p, step);
        }
    }

    /** The correction that rounds a step of 2 at phase 0 over one frame either side. */
    private static double blep(double p, double step) {
        if (p < step) {
            double t = p / step;
            return 2 * t - t * t - 1;
        }
        if (p > 1 - step) {
            double t = (p - 1) / step;
            return t * t + 2 * t + 1;
        }
        return 0;
    }
}
