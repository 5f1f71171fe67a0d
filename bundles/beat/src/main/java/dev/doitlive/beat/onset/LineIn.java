package dev.doitlive.beat.onset;

import java.util.Locale;

import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/**
 * The sound card's input, read on a thread of its own and followed for its beat ({@link Follower}). No input device,
 * a busy one or one that fails while read is one line, and the clock keeps its tempo.
 *
 * <p>When a sample was heard: each read returns what the card captured up to about then, so the read's end time less
 * the stream's length so far is when sample 0 was heard, late by however long the read waited to be scheduled. The
 * least such value over the last reads is the best estimate, and the window lets it follow a card's clock drifting
 * from {@link System#nanoTime()}.
 */
final class LineIn implements AutoCloseable {
    static final float RATE = 44100;
    /** About 23 ms a read: fine enough for the time of a beat, coarse enough not to spin. */
    private static final int FRAMES = 1024;
    private static final int ANCHORS = 64;

    private final OnsetSource source;
    private final Beats beats;
    private final String label;
    private volatile TargetDataLine line;
    private volatile boolean closed;
    private Thread thread;

    LineIn(OnsetSource source, Beats beats) {
        this.source = source;
        this.beats = beats;
        this.label = "onset from " + source.label();
    }

    /** Opens the input and starts following it; a line and nothing else when there is none. */
    void start() {
        TargetDataLine l;
        int channels;
        try {
            l = open(1);
            channels = 1;
        } catch (IllegalArgumentException e) {
            try {
                l = open(2); // inputs that only do stereo
                channels = 2;
            } catch (IllegalArgumentException | LineUnavailableException e2) {
                beats.problem("beat: " + label + ": " + (source.device() == null ? "no audio input device (javax.sound.sampled finds none)"
                        : "no audio input whose name holds '" + source.device() + "' (" + inputs() + ")") + "; the tempo stays as set");
                return;
            }
        } catch (LineUnavailableException e) {
            beats.problem("beat: " + label + ": the audio input is busy or cannot open (" + e.getMessage() + "); the tempo stays as set");
            return;
        }
        line = l;
        int ch = channels;
        thread = new Thread(() -> follow(ch), "doitlive beat: " + source.label());
        thread.setDaemon(true);
        thread.start();
    }

    private TargetDataLine open(int channels) throws LineUnavailableException {
        DataLine.Info wanted = new DataLine.Info(TargetDataLine.class, Pcm.format(RATE, channels));
        TargetDataLine l;
        if (source.device() == null) {
            l = (TargetDataLine) AudioSystem.getLine(wanted);
        } else {
            Mixer.Info found = null;
            for (Mixer.Info m : AudioSystem.getMixerInfo()) {
                if (m.getName().toLowerCase(Locale.ROOT).contains(source.device().toLowerCase(Locale.ROOT))
                        && AudioSystem.getMixer(m).isLineSupported(wanted)) {
                    found = m;
                    break;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("no such input");
            }
            l = (TargetDataLine) AudioSystem.getMixer(found).getLine(wanted);
        }
        l.open(Pcm.format(RATE, channels), FRAMES * 2 * channels * 4);
        return l;
    }

    /** The inputs there are, for the line that says the one asked for is not among them. */
    private static String inputs() {
        StringBuilder names = new StringBuilder();
        for (Mixer.Info m : AudioSystem.getMixerInfo()) {
            if (AudioSystem.getMixer(m).getTargetLineInfo().length > 0) {
                names.append(names.length() == 0 ? "inputs: " : ", ").append(m.getName());
            }
        }
        return names.length() == 0 ? "there is none" : names.toString();
    }

    private void follow(int channels) {
        TargetDataLine l = line;
        Follower follower = new Follower(RATE, beats, label);
        byte[] bytes = new byte[FRAMES * 2 * channels];
        float[] mono = new float[FRAMES];
        long[] anchors = new long[ANCHORS];
        long frames = 0;
        try {
            l.start();
            for (int reads = 0; !closed; reads++) {
                int n = l.read(bytes, 0, bytes.length);
                long now = System.nanoTime();
                if (n <= 0) {
                    if (closed || !l.isOpen()) {
                        break;
                    }
                    continue;
                }
                int got = Pcm.toMono(bytes, n, channels, mono);
                frames += got;
                anchors[reads % ANCHORS] = now - Math.round(frames * 1e9 / RATE);
                long zero = Long.MAX_VALUE;
                for (int i = 0; i < Math.min(reads + 1, ANCHORS); i++) {
                    zero = Math.min(zero, anchors[i]);
                }
                follower.push(mono, got, zero);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                beats.problem("beat: " + label + ": the input failed (" + e + "); the tempo stays as set");
            }
        } finally {
            l.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        TargetDataLine l = line;
        if (l != null) {
            l.stop();
            l.close(); // ends a read in progress
        }
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
