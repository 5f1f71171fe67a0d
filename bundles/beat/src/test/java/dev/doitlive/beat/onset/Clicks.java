package dev.doitlive.beat.onset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Click tracks written in Java (no sox): a 1 kHz click of 50 ms every beat, over a faint noise floor as a recorded
 * metronome has, at 44.1 kHz; the clicks fall on whole samples, so the true tempo is the one of the samples per beat.
 */
public final class Clicks {
    static final float RATE = 44100;

    private Clicks() {
    }

    /** Samples per beat at {@code bpm}, as the track is written. */
    static int samplesPerBeat(double bpm) {
        return (int) Math.round(RATE * 60 / bpm);
    }

    /** The tempo the track really has. */
    static double trueBpm(double bpm) {
        return RATE * 60 / samplesPerBeat(bpm);
    }

    /** {@code beats} clicks from sample {@code lead}; {@code silentFrom..silentTo} (beats) left out. */
    static float[] track(double bpm, int beats, int lead, int silentFrom, int silentTo, long seed) {
        int period = samplesPerBeat(bpm);
        float[] s = new float[lead + beats * period];
        Random noise = new Random(seed);
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (noise.nextGaussian() * 0.001);
        }
        int click = (int) (0.05 * RATE);
        for (int b = 0; b < beats; b++) {
            if (b >= silentFrom && b < silentTo) {
                continue;
            }
            int at = lead + b * period;
            for (int i = 0; i < click; i++) {
                double envelope = Math.min(1, i / (0.002 * RATE)) * Math.exp(-i / (0.012 * RATE));
                s[at + i] += (float) (0.6 * envelope * Math.sin(2 * Math.PI * 1000 * i / RATE));
            }
        }
        return s;
    }

    public static float[] track(double bpm, int beats, long seed) {
        return track(bpm, beats, 0, 0, 0, seed);
    }

    /** Writes mono samples as a 16-bit WAV through javax.sound.sampled. */
    public static Path write(float[] samples, int channels, Path file) throws IOException {
        byte[] bytes = new byte[samples.length * 2 * channels];
        int at = 0;
        for (float v : samples) {
            short x = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
            for (int c = 0; c < channels; c++) {
                bytes[at++] = (byte) x;
                bytes[at++] = (byte) (x >> 8);
            }
        }
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), Pcm.format(RATE, channels), samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }
}
