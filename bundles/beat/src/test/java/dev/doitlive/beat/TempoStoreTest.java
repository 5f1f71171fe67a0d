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

    @Test
    void aDamagedFileIsOneLineAndTheConfiguredTempoIsUsed() throws Exception {
        Path file = Files.writeString(dir.resolve(TempoStore.FILE), "bpm = 9000\n");
        try (TempoStore s = new TempoStore(file, problems::add)) {
            assertEquals(TempoStore.Kept.NOTHING, s.load());
        }
        assertEquals(List.of("beat: " + file + " holds no tempo (bpm 9000 is out of range); the tempo of dev.doitlive.beat.cfg is used"),
                problems);
    }
}
