package dev.doitlive.beat.onset;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Click tracks made by sox and their tempo by Debian's aubio ({@code aubio tempo}, aubio-tools): the reference the
 * onset detector is compared with, in {@link AubioComparisonTest} and in the benchmarks' beat part (which reach it
 * through this module's test jar). The clicks fall on whole samples at 44.1 kHz, so a track's true tempo is the one of
 * its samples per beat.
 */
public final class SoxClicks {
    private static final Pattern BPM = Pattern.compile("([0-9.]+) bpm");

    private SoxClicks() {
    }

    /** Whether sox and aubio are both installed. */
    public static boolean available() {
        return onPath("sox") && onPath("aubio");
    }

    public static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    /** Samples per beat of a track at {@code bpm}, as it is made. */
    public static int samplesPerBeat(double bpm) {
        return (int) Math.round(44100 * 60 / bpm);
    }

    /** The tempo a track made for {@code bpm} really has. */
    public static double trueBpm(double bpm) {
        return 44100 * 60.0 / samplesPerBeat(bpm);
    }

    /**
     * A click track in {@code dir}: a 50 ms 1 kHz click with a quick fade, padded with silence to one beat of whole
     * samples, repeated to {@code beats}; with {@code noise}, white noise at -60 dB mixed in (a recorded metronome's
     * floor; aubio loses the beat over digital silence).
     */
    public static Path track(Path dir, double bpm, int beats, boolean noise) throws IOException {
        int period = samplesPerBeat(bpm);
        String name = (noise ? "noisy-" : "clean-") + (int) bpm;
        Path beat = dir.resolve(name + "-beat.wav");
        Path clicks = dir.resolve(name + "-clicks.wav");
        run("sox", "-r", "44100", "-c", "1", "-n", "-b", "16", beat.toString(), "synth", "0.05", "sine", "1000", "fade", "q", "0.002",
                "0.05", "0.04", "pad", "0", (period - 2205) + "s");
        run("sox", beat.toString(), clicks.toString(), "repeat", Integer.toString(beats - 1));
        if (!noise) {
            return clicks;
        }
        Path floor = dir.resolve(name + "-noise.wav");
        Path track = dir.resolve(name + ".wav");
        run("sox", "-r", "44100", "-c", "1", "-n", "-b", "16", floor.toString(), "synth", (beats * period) + "s", "whitenoise", "vol", "0.001");
        run("sox", "-m", clicks.toString(), floor.toString(), track.toString());
        return track;
    }

    /** {@code aubio tempo FILE}'s figure, or NaN when it gives none. */
    public static double aubioTempo(Path track) throws IOException {
        Matcher m = BPM.matcher(run("aubio", "tempo", track.toString()));
        double bpm = Double.NaN;
        while (m.find()) {
            bpm = Double.parseDouble(m.group(1));
        }
        return bpm;
    }

    /** {@code aubio -V}, on one line; {@code ?} when it does not say. */
    public static String aubioVersion() {
        try {
            return run("aubio", "-V").strip().replace('\n', ' ');
        } catch (IOException e) {
            return "?";
        }
    }

    /** Runs a program to its end (a minute at most); its output, or an exception with it when it fails. */
    static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " was interrupted", e);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
