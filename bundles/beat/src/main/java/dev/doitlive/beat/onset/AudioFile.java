package dev.doitlive.beat.onset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * A sound file's onset envelope, read through javax.sound.sampled (WAV, AIFF, AU: the JDK's own readers, no sound card
 * needed), converted to 16-bit frames and fed to a {@link SpectralFlux} block by block, so an hour of backing track
 * never sits in memory as samples.
 */
public final class AudioFile {
    /** The envelope of a whole file: values {@code 0..count-1}, times by {@link SpectralFlux#timeOf}. */
    public record Envelope(double[] flux, int count, SpectralFlux detector, double seconds) {
        public TempoEstimator.Estimate tempo() {
            return TempoEstimator.estimate(flux, count, detector.hopSeconds(), detector.timeOf(0));
        }
    }

    private AudioFile() {
    }

    /**
     * @throws IOException with a message for a line: the file cannot be read, or is no sound the JDK knows
     */
    public static Envelope read(Path file) throws IOException {
        AudioInputStream in;
        try {
            in = AudioSystem.getAudioInputStream(file.toFile());
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("is no sound file javax.sound.sampled reads (WAV, AIFF or AU)");
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new IOException("does not exist");
        }
        try (AudioInputStream source = in) {
            AudioFormat given = source.getFormat();
            AudioFormat wanted = Pcm.format(given.getSampleRate(), given.getChannels());
            AudioInputStream pcm;
            try {
                pcm = given.matches(wanted) ? source : AudioSystem.getAudioInputStream(wanted, source);
            } catch (IllegalArgumentException e) {
                throw new IOException("holds " + given + ", which javax.sound.sampled cannot convert to 16-bit PCM");
            }
            return envelope(pcm, given.getSampleRate(), given.getChannels());
        }
    }

    private static Envelope envelope(InputStream pcm, float rate, int channels) throws IOException {
        SpectralFlux detector = new SpectralFlux(rate);
        double[][] flux = {new double[4096]};
        int[] count = {0};
        byte[] bytes = new byte[4096 * 2 * channels];
        float[] mono = new float[4096];
        long frames = 0;
        int carry = 0; // bytes of a frame split across two reads
        for (int n; (n = pcm.read(bytes, carry, bytes.length - carry)) > 0;) {
            int have = carry + n;
            int got = Pcm.toMono(bytes, have, channels, mono);
            int used = got * 2 * channels;
            carry = have - used;
            System.arraycopy(bytes, used, bytes, 0, carry);
            frames += got;
            detector.push(mono, 0, got, value -> {
                if (count[0] == flux[0].length) {
                    flux[0] = java.util.Arrays.copyOf(flux[0], 2 * count[0]);
                }
                flux[0][count[0]++] = value;
            });
        }
        return new Envelope(flux[0], count[0], detector, frames / (double) rate);
    }
}
