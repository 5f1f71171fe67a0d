package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.doitlive.api.audio.AudioBlockDTO;
import dev.doitlive.api.audio.AudioDTO;
import dev.doitlive.api.audio.AudioEngine;

/**
 * The example synth (bundles/examples/synth) as the tutorial in docs/audio.md plays it: its four jars as the build made
 * them, on a real framework with the WAV sink; aubio's {@code aubiopitch} hears the sequencer's tune, then the
 * oscillator's v2 crossfaded in while it plays, then a key held with {@code live:note}. Needs aubio-tools.
 */
class SynthExampleTest extends LiveTest {
    private static final Path SYNTH = Path.of("../bundles/examples/synth").toAbsolutePath();
    private static final int RATE = 48000;
    private static final int FRAMES = 256;

    private Path wav() {
        return tmp.resolve("synth.wav");
    }

    @Override
    Map<String, String> properties() {
        return Map.of("doitlive.audio.sink", "wav", "doitlive.audio.wav", wav().toString(), "doitlive.audio.buffers", "16");
    }

    private static byte[] jar(String block) throws Exception {
        return Files.readAllBytes(SYNTH.resolve(block + "/target/example.synth." + block + "-0.1.0-SNAPSHOT.jar"));
    }

    /** Plays until {@code name} has rendered {@code seconds} more; returns the second of the file it got to. */
    private static double play(AudioEngine e, String name, double seconds) {
        long from = renders(e, name);
        long more = Math.round(seconds * RATE / FRAMES);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (renders(e, name) < from + more) {
            assertTrue(System.nanoTime() < deadline, name + " rendering");
            LockSupport.parkNanos(10_000_000);
        }
        return e.status().played * (double) FRAMES / RATE;
    }

    private static long renders(AudioEngine e, String name) {
        for (AudioBlockDTO b : e.status().blocks) {
            if (b.name.equals(name)) {
                return b.renders;
            }
        }
        return 0;
    }

    private static AudioBlockDTO block(AudioDTO d, String name) {
        for (AudioBlockDTO b : d.blocks) {
            if (b.name.equals(name)) {
                return b;
            }
        }
        throw new AssertionError("no block " + name);
    }

    /** The keys aubiopitch hears between two seconds of the file, with how many of its frames heard each. */
    private Map<Long, Integer> keysHeard(double from, double to) throws Exception {
        Process p = new ProcessBuilder("aubiopitch", "-i", wav().toString()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Map<Long, Integer> keys = new TreeMap<>();
        for (String line : out.lines().toList()) {
            String[] t = line.strip().split("\\s+");
            if (t.length != 2) {
                continue;
            }
            double at = Double.parseDouble(t[0]);
            double hz = Double.parseDouble(t[1]);
            if (at >= from && at < to && hz > 20) {
                keys.merge(Math.round(69 + 12 * Math.log(hz / 440) / Math.log(2)), 1, Integer::sum);
            }
        }
        return keys;
    }

    @Test
    void theTutorialPlaysTheTuneSwapsTheWaveWhilePlayingAndPlaysAHeldKey() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/aubiopitch")), "aubiopitch is not installed (apt-get install aubio-tools)");
        for (String b : List.of("seq", "osc", "env", "filter")) {
            fw.drop(b + ".jar", jar(b));
        }
        AudioEngine e = fw.awaitService(AudioEngine.class, null, WAIT);
        Await.until(() -> e.status().blocks.length == 4, WAIT, "the four blocks in the graph");
        AudioDTO d = e.status();
        assertTrue(block(d, "filter").played, "the filter, last of the chain, is played");
        assertFalse(block(d, "seq").played || block(d, "osc").played || block(d, "env").played, "the others feed it");
        double start = play(e, "filter", 0.2);
        double tuneEnd = play(e, "filter", 4);

        // v2 of the oscillator, compiled from the file the tutorial copies, dropped while the tune plays.
        String v2 = Files.readString(SYNTH.resolve("osc/v2/Oscillator.java"));
        fw.drop("osc.jar", TestBundles.bundle("example.synth.osc", "0.1.1", Sources.of("example.synth.osc.Oscillator", v2)));
        Await.until(() -> runtime.describe("osc").liveSeq == 2, WAIT, "v2 of osc live");
        Await.until(() -> block(e.status(), "osc").crossfades == 1, WAIT, "its swap crossfaded");
        assertTrue(fw.shell("live:state osc").contains("spread"), "v2's new field");
        play(e, "filter", 1);

        String on = fw.shell("live:note A3 100 0").strip();
        assertEquals("note A3 (57, 220.0 Hz) on at velocity 100 until live:note A3 0", on);
        double held = play(e, "filter", 0.3);
        double heldEnd = play(e, "filter", 1.5);
        fw.shell("live:note A3 0");
        String tunePattern = runtime.state("seq").get("pattern");
        runtime.set("seq", "pattern", "Q9 zz -- A3");
        stderr.await(WAIT, "seq: pattern \"Q9 zz -- A3\": Q9, zz, -- are no notes (a note is a name with its octave: C4, F#3, Bb2;"
                + " . rests, - holds): they rest");
        runtime.set("seq", "pattern", tunePattern.replaceAll("^\"|\"$", ""));
        AudioDTO end = e.status();
        assertEquals(0, block(end, "osc").failures + block(end, "seq").failures + block(end, "env").failures + block(end, "filter").failures);
        fw.bundle("dev.doitlive.audio").stop(); // completes the file

        Map<Long, Integer> tune = keysHeard(start, tuneEnd);
        // The pattern: A2 A3 C3 E3 G2 G3 B2 D3.
        List<Long> pattern = List.of(45L, 57L, 48L, 52L, 43L, 55L, 47L, 50L);
        List<Long> heard = new ArrayList<>();
        for (Long k : pattern) {
            if (tune.getOrDefault(k, 0) >= 3) {
                heard.add(k);
            }
        }
        assertTrue(heard.size() >= 6, "aubiopitch hears the tune's keys " + pattern + ": " + heard + " (all it heard: " + tune + ")");
        Map<Long, Integer> key = keysHeard(held, heldEnd);
        int total = key.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(key.getOrDefault(57L, 0) > total * 0.8, "the held A3 (key 57) is what it hears: " + key);
    }
}
