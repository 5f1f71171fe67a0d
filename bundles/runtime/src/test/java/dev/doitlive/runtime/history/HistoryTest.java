package dev.doitlive.runtime.history;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.doitlive.api.VersionDTO;

class HistoryTest {
    @TempDir
    Path dir;

    private static History.Entry live(History h, String checksum) {
        History.Entry e = h.add(checksum.getBytes(), checksum, "1.0." + checksum, VersionDTO.Status.LIVE, null);
        h.makeLive(e, VersionDTO.Status.REPLACED);
        h.pruneAndSave();
        return e;
    }

    @Test
    void keepsVersionsAcrossReopenAndBoundsTheDepth() throws Exception {
        History h = History.open(dir, 2, new ArrayList<>());
        live(h, "a");
        live(h, "b");
        live(h, "c");
        live(h, "d");
        List<String> problems = new ArrayList<>();
        History again = History.open(dir, 2, problems);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(List.of(2L, 3L, 4L), again.entries().stream().map(e -> e.seq).toList(), "depth 2 plus the live one");
        assertEquals(4, again.live().orElseThrow().seq);
        assertEquals(3, again.previous().orElseThrow().seq);
        assertArrayEquals("b".getBytes(), again.bytes(again.find(2).orElseThrow()));
        assertFalse(Files.exists(dir.resolve("1.jar")), "the dropped version's bytes are deleted");
    }

    @Test
    void failedVersionsNeverPushOutTheVersionsARevertCanGoTo() throws Exception {
        History h = History.open(dir, 2, new ArrayList<>());
        live(h, "a");
        live(h, "b");
        for (String bad : List.of("x", "y", "z")) {
            h.fail(h.add(bad.getBytes(), bad, "9", VersionDTO.Status.REPLACED, null), "it failed");
            h.pruneAndSave();
        }
        live(h, "c");
        History again = History.open(dir, 2, new ArrayList<>());
        assertEquals(List.of(1L, 2L), again.entries().stream().filter(e -> e.revertable() && e.status() != VersionDTO.Status.LIVE).map(e -> e.seq).toList(),
                "a and b are still there to revert to");
        assertEquals(List.of(4L, 5L), again.entries().stream().filter(e -> e.status() == VersionDTO.Status.FAILED).map(e -> e.seq)
                .toList(), "the newest failed records, as many as the depth");
        assertEquals(2, again.previous().orElseThrow().seq);
    }

    @Test
    void failedVersionsKeepTheirRecordButNotTheirBytes() throws Exception {
        History h = History.open(dir, 16, new ArrayList<>());
        live(h, "a");
        History.Entry bad = h.add("b".getBytes(), "b", "2", VersionDTO.Status.REPLACED, null);
        h.fail(bad, "constructor threw");
        h.pruneAndSave();
        assertFalse(bad.revertable());
        assertTrue(h.previous().isEmpty(), "a failed version is never reverted to");
        assertEquals("constructor threw", History.open(dir, 16, new ArrayList<>()).find(bad.seq).orElseThrow().reason());
        assertEquals(1, h.purge());
        assertEquals(1, h.entries().size());
    }

    @Test
    void aDamagedIndexLosesOnlyItsBadLines() throws Exception {
        History h = History.open(dir, 16, new ArrayList<>());
        live(h, "a");
        live(h, "b");
        Files.writeString(dir.resolve("index.tsv"), "garbage line\n", java.nio.file.StandardOpenOption.APPEND);
        Files.delete(dir.resolve("1.jar"));
        List<String> problems = new ArrayList<>();
        History again = History.open(dir, 16, problems);
        assertEquals(2, again.entries().size());
        assertEquals(2, problems.size(), problems.toString());
        assertFalse(again.find(1).orElseThrow().revertable(), "its jar is gone");
    }

    @Test
    void aVersionOnProbationIsNotedOnDiskUntilItIsThrough() throws Exception {
        History h = History.open(dir, 16, new ArrayList<>());
        History.Entry a = live(h, "a");
        History.Entry b = live(h, "b");
        h.startProbation(b, a);
        History crashed = History.open(dir, 16, new ArrayList<>());
        assertEquals(b.seq, crashed.onProbation(), "a start after a crash reads it");
        assertEquals(a.seq, crashed.liveBeforeProbation().orElseThrow().seq);
        h.endProbation(a);
        assertEquals(b.seq, History.open(dir, 16, new ArrayList<>()).onProbation(), "only the version noted ends it");
        h.endProbation(b);
        assertEquals(-1, History.open(dir, 16, new ArrayList<>()).onProbation());
        h.startProbation(b, a);
        h.clearProbation();
        assertFalse(Files.exists(dir.resolve("probation")));
        Files.writeString(dir.resolve("probation"), "what?");
        List<String> problems = new ArrayList<>();
        assertEquals(-1, History.open(dir, 16, problems).onProbation());
        assertEquals(1, problems.size(), "an unreadable note is said and ignored");
    }

    @Test
    void aDroppedJarGoesOnlyOnceTheIndexNoLongerNamesItAndACrashsLeftoversAreSweptAtOpen() throws Exception {
        History h = History.open(dir, 16, new ArrayList<>());
        History.Entry a = live(h, "a");
        live(h, "b");
        h.fail(a, "failed after all");
        assertTrue(Files.exists(dir.resolve("1.jar")), "not before the index is saved: a crash then must not leave it missing");
        h.save();
        assertFalse(Files.exists(dir.resolve("1.jar")));

        Files.writeString(dir.resolve("9.jar"), "written for a version the index never recorded");
        Files.writeString(dir.resolve("index.tsv.tmp"), "half an index");
        List<String> problems = new ArrayList<>();
        History again = History.open(dir, 16, problems);
        assertTrue(problems.isEmpty(), problems.toString());
        assertFalse(Files.exists(dir.resolve("9.jar")));
        assertFalse(Files.exists(dir.resolve("index.tsv.tmp")));
        assertTrue(again.find(2).orElseThrow().revertable(), "what the index names stays");

        Files.writeString(dir.resolve("index.tsv"), "garbage\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("9.jar"), "maybe the garbage line's");
        History.open(dir, 16, new ArrayList<>());
        assertTrue(Files.exists(dir.resolve("9.jar")), "with a line unread, no jar is swept");
    }

    /**
     * A second unreadable file kept aside never replaces the first (a try-out put a directory where a state file kept
     * aside before had been, and the first damaged file was gone).
     */
    @Test
    void aFileKeptAsideNeverReplacesOneKeptBefore() throws Exception {
        Path state = dir.resolve("state");
        Files.writeString(state, "first damage");
        Files.move(state, History.aside(state));
        Files.createDirectories(state.resolve("second"));
        Files.move(state, History.aside(state));
        Files.writeString(state, "third");
        assertEquals(dir.resolve("state.unreadable.3"), History.aside(state));
        assertEquals("first damage", Files.readString(dir.resolve("state.unreadable")));
        assertTrue(Files.isDirectory(dir.resolve("state.unreadable.2/second")));
    }
}
