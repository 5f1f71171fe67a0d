package dev.doitlive.beat;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.doitlive.beat.onset.Clicks;

/**
 * Found by a try-out: with {@code onset = click.wav}, {@code live:bpm 30} and a restart gave 100 bpm again, and so did
 * taking the .cfg away and putting it back, without a line. A WAV's tempo applies once per file (path, size,
 * modification time), remembered in tempo.properties, never over a tempo set since; when it applies it says so.
 */
class OnsetOnceTest {
    @TempDir
    Path dir;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Test
    void aWavGivesItsTempoOnceAndNeverOverATempoSetSince() throws Exception {
        Path wav = Clicks.write(Clicks.track(100, 24, 7), 1, dir.resolve("click.wav"));
        Path kept = dir.resolve("data").resolve(TempoStore.FILE);
        Map<String, Object> withWav = Map.of("onset", wav.toString());

        BeatClockImpl first = new BeatClockImpl(withWav, kept, lines::add);
        first.awaitOnset();
        assertEquals(100, first.bpm(), 0.5, "the WAV's tempo");
        assertEquals(List.of("beat: " + Lines.bpm(first.bpm()) + " from the onsets of click.wav"), lines);
        first.bpm(30, "live:bpm");
        first.modified(Map.of()); // the .cfg deleted...
        first.modified(withWav); // ...and put back
        first.awaitOnset();
        assertEquals(30, first.bpm(), 1e-9, "the .cfg back: the tempo set by hand holds");
        first.defaultBpm();
        first.modified(Map.of());
        first.modified(withWav);
        first.awaitOnset();
        assertEquals(120, first.bpm(), 1e-9, "after live:bpm default the WAV is not analysed again");
        first.bpm(30, "live:bpm");
        first.deactivate();

        BeatClockImpl again = new BeatClockImpl(withWav, kept, lines::add);
        again.awaitOnset();
        assertEquals(30, again.bpm(), 1e-9, "after a restart: the tempo set by hand, not the WAV's");
        again.deactivate();

        Files.setLastModifiedTime(wav, FileTime.fromMillis(Files.getLastModifiedTime(wav).toMillis() + 60_000));
        BeatClockImpl changed = new BeatClockImpl(withWav, kept, lines::add);
        changed.awaitOnset();
        assertEquals(100, changed.bpm(), 0.5, "a WAV changed since is analysed again");
        changed.deactivate();
        assertEquals(2, lines.size(), "one line per time the WAV's tempo applied: " + lines);
    }
}
