package dev.doitlive.beat.onset;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our onset detector beside Debian's aubio ({@code aubio tempo}, aubio-tools) on click tracks made by sox: ours must be
 * within 1 bpm of the true tempo; aubio's figure is printed beside it, not asserted (it is the reference we compare
 * with, not the behaviour under test). The tracks have a noise floor at -60 dB, as a recorded metronome has (aubio loses
 * the beat over digital silence), and one track is clicks over digital silence, which ours must read as well.
 */
class AubioComparisonTest {
    private static final double[] TEMPOS = {90, 120, 128, 140, 174};
    private static final Pattern BPM = Pattern.compile("([0-9.]+) bpm");

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsSoxAndAubio() {
        Assumptions.assumeTrue(onPath("sox") && onPath("aubio"),
                "sox or aubio is not installed (Debian sox, aubio-tools): the comparison with aubio is skipped");
    }

    static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    /** The true tempo of a track of whole samples per beat. */
    static int samplesPerBeat(double bpm) {
        return (int) Math.round(44100 * 60 / bpm);
    }

    /**
     * A click track by sox: a 50 ms 1 kHz click with a quick fade, padded with silence to one beat of whole samples,
     * repeated to {@code beats}; with {@code noise}, white noise at -60 dB mixed in.
     */
    static Path soxClicks(double bpm, int beats, boolean noise) throws Exception {
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
    static double aubio(Path track) throws Exception {
        String out = run("aubio", "tempo", track.toString());
        Matcher m = BPM.matcher(out);
        double bpm = Double.NaN;
        while (m.find()) {
            bpm = Double.parseDouble(m.group(1));
        }
        return bpm;
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void oursIsWithin1BpmOnSoxClickTracksAndAubiosIsShownBeside() throws Exception {
        List<String> table = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        table.add("track                      | true bpm | ours     | aubio tempo");
        for (double bpm : TEMPOS) {
            compare(soxClicks(bpm, 48, true), bpm, "noise floor", table, misses);
        }
        compare(soxClicks(120, 48, false), 120, "digital silence", table, misses);
        System.out.println("Onset tempo on sox click tracks (48 beats):\n  " + String.join("\n  ", table));
        assertEquals(List.of(), misses);
    }

    private static void compare(Path track, double bpm, String kind, List<String> table, List<String> misses) throws Exception {
        double truth = 44100 * 60.0 / samplesPerBeat(bpm);
        TempoEstimator.Estimate ours = AudioFile.read(track).tempo();
        double theirs = aubio(track);
        table.add(String.format(Locale.ROOT, "%-26s | %8.3f | %8s | %s", (int) bpm + " bpm, " + kind, truth,
                ours.found() ? String.format(Locale.ROOT, "%.3f", ours.bpm()) : ours.problem(),
                Double.isNaN(theirs) ? "none" : String.format(Locale.ROOT, "%.2f", theirs)));
        if (!ours.found() || Math.abs(ours.bpm() - truth) > 1) {
            misses.add(track.getFileName() + ": ours " + ours + ", true " + truth);
        }
    }
}
