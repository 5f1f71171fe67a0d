package dev.doitlive.beat.onset;

import javax.sound.sampled.AudioFormat;

/**
 * 16-bit signed little-endian frames as mono samples from -1 to 1, channels averaged: the one format the detector asks
 * of a line and converts files to.
 */
final class Pcm {
    static final int BITS = 16;

    private Pcm() {
    }

    /** The detector's format at {@code rate} with {@code channels}. */
    static AudioFormat format(float rate, int channels) {
        return new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, BITS, channels, 2 * channels, rate, false);
    }

    /** Decodes {@code bytes} whole frames of {@code channels} into {@code mono}; returns the frames decoded. */
    static int toMono(byte[] data, int bytes, int channels, float[] mono) {
        int frames = bytes / (2 * channels);
        int at = 0;
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += (short) ((data[at] & 0xff) | (data[at + 1] << 8));
                at += 2;
            }
            mono[f] = sum / (32768f * channels);
        }
        return frames;
    }
}
