package dev.doitlive.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StampTest {
    @TempDir
    Path dir;

    @Test
    void theQuietPeriodCountsFromTheModificationTimeAndNeverExceedsOnePeriod() {
        Stamp s = new Stamp(10, 1_000);
        assertEquals(150, s.untilQuiet(150, 1_000), "just written: a whole period");
        assertEquals(50, s.untilQuiet(150, 1_100), "written 100 ms ago");
        assertEquals(0, s.untilQuiet(150, 1_150));
        assertEquals(0, s.untilQuiet(150, 9_000), "long quiet");
        assertEquals(150, s.untilQuiet(150, 0), "stamped ahead of this clock: one period, not until the stamp");
        assertEquals(0, s.untilQuiet(0, 1_000), "no quiet period");
    }

    @Test
    void aWriteChangesTheStampAndAGoneFileHasNone() throws Exception {
        Path f = Files.writeString(dir.resolve("Wave.java"), "class Wave {}");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000));
        Stamp before = Stamp.of(f);
        assertEquals(before, Stamp.of(f));
        Files.writeString(f, "class Wave {} ");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000));
        assertNotEquals(before, Stamp.of(f), "same time, another size");
        Files.delete(f);
        assertNull(Stamp.of(f));
    }
}
