package dev.doitlive.beat;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tempo kept in a real file: saved and read back, cleared, and a damaged file said in one line. */
class TempoStoreTest {
    @TempDir
    Path dir;
    private final List<String> problems = new ArrayList<>();

    @Test
    void whatIsSavedIsReadBackAndNothingLeftAsTemporary() throws Exception {
        Path file = dir.resolve("data").resolve(TempoStore.FILE);
        try (TempoStore s = new TempoStore(file, problems::add)) {
            assertEquals(TempoStore.Kept.NOTHING, s.load());
            s.save(new TempoStore.Kept(128.5, "live:tap", 0));
            s.save(new TempoStore.Kept(129.5, "live:tap", 3));
        }
        try (TempoStore s = new TempoStore(file, problems::add)) {
            assertEquals(new TempoStore.Kept(129.5, "live:tap", 3), s.load(), "the latest save");
            s.save(TempoStore.Kept.NOTHING);
        }
        assertFalse(Files.exists(file), "nothing kept: no file");
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(), files.toList(), "no temporary file left");
        }
        assertEquals(List.of(), problems);
    }

    /**
     * Found by a try-out: a damaged value was said with Java's NumberFormatException text ({@code For input string:
     * "abc"}), and took the other, good value down with it. Each bad value is named with its key, the configuration's is
     * used for it, the other stays kept.
     */
    @Test
    void aDamagedValueIsNamedWithItsKeyAndOnlyItFallsBackToTheConfiguration() throws Exception {
        assertEquals(new TempoStore.Kept(Double.NaN, null, 3), load("bpm = abc\nbpm.source = live:tap\nbeatsPerBar = 3\n"));
        assertEquals(new TempoStore.Kept(128.5, "live:tap", 0), load("bpm = 128.5\nbpm.source = live:tap\nbeatsPerBar = 999\n"));
        assertEquals(TempoStore.Kept.NOTHING, load("bpm = 9000\nbeatsPerBar = three\n"));
        assertEquals(new TempoStore.Kept(Double.NaN, null, 0), load("bpm = NaN\nbeatsPerBar = 99999999999\n"));
        Path file = dir.resolve(TempoStore.FILE);
        assertEquals(List.of(
                "beat: " + file + ": bpm = abc is not a number of beats per minute, so the tempo of dev.doitlive.beat.cfg is used"
                        + " (the file is written again without it)",
                "beat: " + file + ": beatsPerBar = 999 is out of range (1 to 32), so the beats per bar of dev.doitlive.beat.cfg are used"
                        + " (the file is written again without it)",
                "beat: " + file + ": bpm = 9000 is out of range (20 to 400), so the tempo of dev.doitlive.beat.cfg is used; beatsPerBar"
                        + " = three is not a whole number of beats, so the beats per bar of dev.doitlive.beat.cfg are used (the file is"
                        + " written again without them)",
                "beat: " + file + ": bpm = NaN is not a number of beats per minute, so the tempo of dev.doitlive.beat.cfg is used;"
                        + " beatsPerBar = 99999999999 is out of range (1 to 32), so the beats per bar of dev.doitlive.beat.cfg are used"
                        + " (the file is written again without them)"),
                problems);
    }

    @Test
    void aDamagedFileIsWrittenAgainWithWhatIsGoodSoTheNextStartSaysNothing() throws Exception {
        load("bpm = 128.5\nbeatsPerBar = 999\n");
        problems.clear();
        try (TempoStore s = new TempoStore(dir.resolve(TempoStore.FILE), problems::add)) {
            assertEquals(new TempoStore.Kept(128.5, "an earlier run", 0), s.load(), "the good value, its source not known");
        }
        assertEquals(List.of(), problems);
        load("bpm = x\n");
        assertFalse(Files.exists(dir.resolve(TempoStore.FILE)), "nothing good left: no file");
    }

    private TempoStore.Kept load(String text) throws Exception {
        Path file = Files.writeString(dir.resolve(TempoStore.FILE), text);
        try (TempoStore s = new TempoStore(file, problems::add)) {
            return s.load();
        }
    }
}
