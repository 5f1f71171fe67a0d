package dev.doitlive.beat.onset;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The line-in path without a sound card: a click track fed to the {@link Follower} block by block, as a line gives it,
 * with the times a line would give (sample 0 heard at a known instant). The sound card is the one thing mocked here:
 * this machine has none.
 */
class FollowerTest {
    record Heard(double bpm, long beatNanos, String source) {
    }

    private final List<Heard> heard = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Beats beats = new Beats() {
        @Override
        public void follow(double bpm, long beatNanos, String source) {
            heard.add(new Heard(bpm, beatNanos, source));
        }

        @Override
        public void problem(String line) {
            problems.add(line);
        }
    };

    private void feed(Follower f, float[] samples, long zero) {
        float[] block = new float[1024];
        for (int at = 0; at < samples.length; at += block.length) {
            int n = Math.min(block.length, samples.length - at);
            System.arraycopy(samples, at, block, 0, n);
            f.push(block, n, zero);
        }
    }

    @Test
    void followsTheTempoAndPutsTheBeatsOnTheClicks() {
        long zero = 5_000_000_000L;
        int period = Clicks.samplesPerBeat(128);
        feed(new Follower(Clicks.RATE, beats, "onset from line-in"), Clicks.track(128, 40, 9), zero);
        assertTrue(heard.size() >= 10, "an estimate a second once 4 s are in: " + heard);
        for (Heard h : heard) {
            assertEquals(Clicks.trueBpm(128), h.bpm(), 1.0, h.toString());
            assertEquals("onset from line-in", h.source());
            double beats = (h.beatNanos() - zero) / 1e9 * Clicks.RATE / period;
            double off = Math.abs(beats - Math.rint(beats)) * period / Clicks.RATE;
            assertTrue(off < 0.012, "each beat given is on a click (off by " + off + " s): " + h);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void silenceGivesNothingAndTheBeatIsFoundWhenTheClicksCome() {
        Follower f = new Follower(Clicks.RATE, beats, "onset from line-in");
        feed(f, new float[(int) (10 * Clicks.RATE)], 0);
        assertEquals(List.of(), heard, "no tempo from silence");
        feed(f, Clicks.track(90, 20, 4), 0);
        assertFalse(heard.isEmpty());
        assertEquals(Clicks.trueBpm(90), heard.get(heard.size() - 1).bpm(), 1.0);
    }
}
