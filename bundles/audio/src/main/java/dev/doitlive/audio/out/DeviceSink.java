package dev.doitlive.audio.out;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * A sound device through {@code javax.sound.sampled}: a {@link SourceDataLine} of 16-bit samples opened with room for
 * {@code depth} buffers, whose blocking {@code write} sets the engine's pace. A buffer written while the line holds
 * nothing more to play came too late. Audio thread only (but for the constructor).
 */
public final class DeviceSink implements Sink {
    private final SourceDataLine line;
    private final String name;
    private final byte[] bytes;
    private final int channels;
    private final float sampleRate;
    private boolean started;

    private DeviceSink(SourceDataLine line, String name, int channels, float sampleRate, int frames) {
        this.line = line;
        this.name = name;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.bytes = new byte[frames * channels * 2];
    }

    /**
     * Opens the device whose mixer's name holds {@code want} (any device when null).
     *
     * @throws IllegalStateException with the reason, in a few words, when there is none to open
     */
    public static DeviceSink open(String want, float sampleRate, int channels, int frames, int depth) {
        AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
        DataLine.Info info = new DataLine.Info(SourceDataLine.class, format);
        try {
            for (Mixer.Info m : AudioSystem.getMixerInfo()) {
                if (want != null && !m.getName().toLowerCase(java.util.Locale.ROOT).contains(want.toLowerCase(java.util.Locale.ROOT))) {
                    continue;
                }
                Mixer mixer = AudioSystem.getMixer(m);
                if (!mixer.isLineSupported(info)) {
                    continue;
                }
                SourceDataLine line = (SourceDataLine) mixer.getLine(info);
                line.open(format, frames * channels * 2 * depth);
                return new DeviceSink(line, m.getName(), channels, sampleRate, frames);
            }
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new IllegalStateException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
        throw new IllegalStateException(want == null ? "none takes " + (int) sampleRate + " Hz, 16-bit, " + channels + " channels"
                : "none is named like '" + want + "'");
    }

    @Override
    public String describe() {
        return "device " + name;
    }

    @Override
    public long playsAt() {
        long queued = (line.getBufferSize() - line.available()) / (2L * channels);
        return System.nanoTime() + Math.round(queued * 1e9 / sampleRate);
    }

    @Override
    public boolean write(float[][] mix, int frames) {
        boolean inTime = !started || line.available() < line.getBufferSize();
        int b = 0;
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                float v = mix[Math.min(c, mix.length - 1)][f];
                int s = Math.round(Math.max(-1f, Math.min(1f, v)) * 32767f);
                bytes[b++] = (byte) s;
                bytes[b++] = (byte) (s >> 8);
            }
        }
        line.write(bytes, 0, b);
        if (!started) {
            line.start();
            started = true;
        }
        return inTime;
    }

    @Override
    public void close() {
        line.stop();
        line.close();
    }
}
