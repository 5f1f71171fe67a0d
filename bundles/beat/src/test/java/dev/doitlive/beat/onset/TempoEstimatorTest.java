package dev.doitlive.beat.onset;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The onset detector on WAV files written here in Java: the tempo within 1 bpm, the beats on the clicks, silence said. */
class TempoEstimatorTest {
    @TempDir
    Path dir;

    private TempoEstimator.Estimate estimate(float[] samples, int channels) throws Exception {
        return AudioFile.read(Clicks.write(samples, channels, dir.resolve("clicks.wav"))).tempo();
    }

    @ParameterizedTest
    @ValueSource(doubles = {60, 90, 120, 128, 140, 174, 200})
    void aClickTracksTempoIsFoundWithin1Bpm(double bpm) throws Exception {
        TempoEstimator.Estimate e = estimate(Clicks.track(bpm, 32, 7), 1);
        assertTrue(e.found(), e.toString());
        assertEquals(Clicks.trueBpm(bpm), e.bpm(), 1.0, e.toString());
    }

    @Test
    void theBeatFallsOnTheClicks() throws Exception {
        int lead = 12_345; // the first click a little after the start
        TempoEstimator.Estimate e = estimate(Clicks.track(120, 24, lead, 0, 0, 3), 1);
        double lastClick = (lead + 23 * Clicks.samplesPerBeat(120)) / Clicks.RATE;
        assertEquals(lastClick, e.beatSeconds(), 0.012, "within a hop or two of the last click: " + e);
    }

    @Test
    void stereoIsMixedToMonoAndSilenceInsideTheTrackChangesNothing() throws Exception {
        TempoEstimator.Estimate e = estimate(Clicks.track(128, 40, 0, 10, 22, 5), 2);
        assertTrue(e.found(), e.toString());
        assertEquals(Clicks.trueBpm(128), e.bpm(), 1.0, e.toString());
    }

    @Test
    void silenceIsSaidAndNoTempoGuessed() throws Exception {
        TempoEstimator.Estimate e = estimate(new float[(int) (10 * Clicks.RATE)], 1);
        assertFalse(e.found());
        assertEquals("silent", e.problem());
    }

    @Test
    void noiseHasNoSteadyBeat() throws Exception {
        float[] noise = new float[(int) (10 * Clicks.RATE)];
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (r.nextGaussian() * 0.2);
        }
        TempoEstimator.Estimate e = estimate(noise, 1);
        assertFalse(e.found(), e.toString());
        assertEquals("no steady beat", e.problem());
    }

    @Test
    void aTrackTooShortForFourBeatsIsSaid() throws Exception {
        TempoEstimator.Estimate e = estimate(Clicks.track(60, 2, 1), 1);
        assertFalse(e.found(), e.toString());
    }

    @Test
    void aFileThatIsNoSoundIsOneMessage() throws Exception {
        Path junk = java.nio.file.Files.writeString(dir.resolve("junk.wav"), "not a sound");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> AudioFile.read(junk));
        assertEquals("is no sound file javax.sound.sampled reads (WAV, AIFF or AU)", e.getMessage());
        e = assertThrows(java.io.IOException.class, () -> AudioFile.read(dir.resolve("missing.wav")));
        assertEquals("does not exist", e.getMessage());
    }
}
