package dev.doitlive.beat.onset;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our onset detector beside Debian's aubio ({@code aubio tempo}, aubio-tools) on click tracks made by sox
 * ({@link SoxClicks}): ours must be within 1 bpm of the true tempo; aubio's figure is printed beside it, not asserted
 * (it is the reference we compare with, not the behaviour under test). The tracks have a noise floor at -60 dB, as a recorded metronome has (aubio loses
 * the beat over digital silence), and one track is clicks over digital silence, which ours must read as well.
 */
class AubioComparisonTest {
    private static final double[] TEMPOS = {90, 120, 128, 140, 174};

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsSoxAndAubio() {
        Assumptions.assumeTrue(SoxClicks.available(),
                "sox or aubio is not installed (Debian sox, aubio-tools): the comparison with aubio is skipped");
    }

    @Test
    void oursIsWithin1BpmOnSoxClickTracksAndAubiosIsShownBeside() throws Exception {
        List<String> table = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        table.add("track                      | true bpm | ours     | aubio tempo");
        for (double bpm : TEMPOS) {
            compare(SoxClicks.track(dir, bpm, 48, true), bpm, "noise floor", table, misses);
        }
        compare(SoxClicks.track(dir, 120, 48, false), 120, "digital silence", table, misses);
        System.out.println("Onset tempo on sox click tracks (48 beats):\n  " + String.join("\n  ", table));
        assertEquals(List.of(), misses);
    }

    private static void compare(Path track, double bpm, String kind, List<String> table, List<String> misses) throws Exception {
        double truth = SoxClicks.trueBpm(bpm);
        TempoEstimator.Estimate ours = AudioFile.read(track).tempo();
        double theirs = SoxClicks.aubioTempo(track);
        table.add(String.format(Locale.ROOT, "%-26s | %8.3f | %8s | %s", (int) bpm + " bpm, " + kind, truth,
                ours.found() ? String.format(Locale.ROOT, "%.3f", ours.bpm()) : ours.problem(),
                Double.isNaN(theirs) ? "none" : String.format(Locale.ROOT, "%.2f", theirs)));
        if (!ours.found() || Math.abs(ours.bpm() - truth) > 1) {
            misses.add(track.getFileName() + ": ours " + ours + ", true " + truth);
        }
    }
}
