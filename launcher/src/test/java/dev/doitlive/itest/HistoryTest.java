package dev.doitlive.itest;

import static dev.doitlive.itest.RefreshTest.awaitDescribe;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.VersionDTO;
import test.api.Counter;

/** History, revert, purge, and a restart of the runtime. */
class HistoryTest extends LiveTest {

    private LiveRuntime runtime() {
        return fw.awaitService(LiveRuntime.class, null, WAIT);
    }

    private Counter threeVersions() {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.0", Sources.plainCounter("v1", 1)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "2.0.0", Sources.plainCounter("v2", 10)));
        awaitDescribe(c, "v2");
        c.next();
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "3.0.0", Sources.plainCounter("v3", 100)));
        awaitDescribe(c, "v3");
        c.next();
        return c;
    }

    @Test
    void revertGoesBackOneVersionWithTheCurrentState() {
        Counter c = threeVersions();
        assertEquals(111, c.get());
        OutcomeDTO o = runtime().revert("counter", -1, 10_000);
        assertTrue(o.ok, o.message);
        assertEquals(2, o.liveSeq);
        assertEquals("v2", c.describe());
        assertEquals(121, c.next(), "v2 code on the state v3 left");

        o = runtime().revert("counter", -1, 10_000);
        assertEquals(1, o.liveSeq, o.message);
        assertEquals("v1", c.describe());

        o = runtime().revert("counter", -1, 10_000);
        assertTrue(o.ok, "nothing to revert is a message, not a failure: " + o.message);
        assertTrue(o.message.contains("nothing to revert"), o.message);
        assertEquals(1, o.liveSeq);
    }

    @Test
    void revertToAnyKeptVersionAndHistoryShowsHowEachEnded() {
        Counter c = threeVersions();
        OutcomeDTO o = runtime().revert("counter", 1, 10_000);
        assertTrue(o.ok, o.message);
        assertEquals("v1", c.describe());
        assertEquals(112, c.next());

        List<VersionDTO> h = runtime().history("counter");
        assertEquals(List.of(3L, 2L, 1L), h.stream().map(v -> v.seq).toList(), "newest first");
        assertEquals(VersionDTO.Status.REVERTED, h.get(0).status);
        assertEquals(VersionDTO.Status.REPLACED, h.get(1).status);
        assertEquals(VersionDTO.Status.LIVE, h.get(2).status);
        assertEquals("3.0.0", h.get(0).bundleVersion);
        assertEquals(64, h.get(0).checksum.length());
        assertTrue(h.get(0).size > 0 && h.get(0).time > 0 && h.get(0).revertable);

        o = runtime().revert("counter", 3, 10_000);
        assertTrue(o.ok, "forward again to a reverted version: " + o.message);
        assertEquals("v3", c.describe());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runtime().revert("counter", 9, 10_000));
        assertTrue(e.getMessage().contains("no version 9"), e.getMessage());
    }

    @Test
    void purgeDropsTheHistoryButNotTheLiveVersion() {
        Counter c = threeVersions();
        assertEquals(2, runtime().purge("counter"));
        List<VersionDTO> h = runtime().history("counter");
        assertEquals(1, h.size());
        assertEquals(VersionDTO.Status.LIVE, h.get(0).status);
        assertTrue(runtime().revert("counter", -1, 10_000).message.contains("nothing to revert"));
        assertEquals("v3", c.describe());
        assertEquals(0, runtime().purge(null));
    }

    @Test
    void historyDepthIsBounded() throws Exception {
        fw.drop("dev.doitlive.runtime.cfg", "historyDepth = 2\n".getBytes());
        Counter c = threeVersions();
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "4.0.0", Sources.plainCounter("v4", 1000)));
        awaitDescribe(c, "v4");
        Await.until(() -> runtime().history("counter").size() == 3, WAIT, "history of 2 plus the live one");
        assertEquals(List.of(4L, 3L, 2L), runtime().history("counter").stream().map(v -> v.seq).toList());
    }

    @Test
    void aRestartComesBackWithTheLiveVersionAndTheHistory() throws Exception {
        Counter c = threeVersions();
        assertTrue(runtime().revert("counter", 2, 10_000).ok);
        assertEquals("v2", c.describe());

        fw.restart();
        Counter after = fw.awaitService(Counter.class, null, WAIT);
        assertEquals("v2", after.describe(), "the reverted version is live after the restart, not the file's v3");
        List<VersionDTO> h = runtime().history("counter");
        assertEquals(List.of(3L, 2L, 1L), h.stream().map(v -> v.seq).toList());
        assertEquals(VersionDTO.Status.LIVE, h.get(1).status);
        OutcomeDTO o = runtime().revert("counter", 1, 10_000);
        assertTrue(o.ok, "history bytes survived the restart: " + o.message);
        assertEquals("v1", after.describe());
    }

    /**
     * The history's writes are off the swap thread (README: history): one that fails is one line naming the file, the
     * version serves and its command is answered all the same, and the next write, once the cause is gone, puts the
     * whole history on disk again (a restart finds it).
     */
    @Test
    void aHistoryWriteThatFailsIsOneLineAndTheRuntimeGoesOn() throws Exception {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.0", Sources.plainCounter("v1", 1)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        java.nio.file.Path index = counterIndex();
        Await.until(() -> {
            try {
                return java.nio.file.Files.readString(index).contains("1.0.0");
            } catch (java.io.IOException e) {
                return false;
            }
        }, WAIT, "the first version's index on disk");
        block(index);
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "2.0.0", Sources.plainCounter("v2", 10)));
        awaitDescribe(c, "v2");
        String line = stderr.await(WAIT, "history: cannot write " + index, "the runtime goes on");
        assertEquals(1, stderr.runtimeLines().stream().filter(l -> l.contains("history: cannot write")).count(), line);
        stderr.await(WAIT, "counter: seq 2 (2.0.0) is live");

        unblock(index);
        OutcomeDTO o = runtime().revert("counter", 1, 10_000);
        assertTrue(o.ok, o.message);
        assertEquals("v1", c.describe());
        fw.restart();
        Counter after = fw.awaitService(Counter.class, null, WAIT);
        assertEquals("v1", after.describe(), "the index written after the failure names the reverted version live");
        assertEquals(List.of(2L, 1L), runtime().history("counter").stream().map(v -> v.seq).toList());
    }

    /**
     * A purge whose files cannot be written fails, saying that the index on disk still names the versions (before:
     * "Purged 1 version" while the index on disk still named them, so a restart listed them all again).
     * Found by a README-only try-out.
     */
    @Test
    void aPurgeThatCannotBeWrittenSaysTheDiskStillHoldsTheVersions() throws Exception {
        java.nio.file.Path index = twoVersionsLive();
        block(index);
        String out = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:purge counter")).getMessage();
        assertTrue(out.contains("counter: purged 1 version here, but the history's index on disk still names them (history: cannot"
                + " write " + index) && out.contains("a restart finds them listed again"), out);
        out = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:purge counter")).getMessage();
        assertTrue(out.contains("counter: nothing was left to purge here, but the history's index on disk still names the versions"
                + " purged before (history: cannot write " + index), out);

        unblock(index);
        fw.shell("live:purge counter"); // as the line advises: nothing is left to purge here, and the index is written
        fw.restart();
        fw.awaitService(Counter.class, null, WAIT);
        assertEquals(List.of(2L), runtime().history("counter").stream().map(v -> v.seq).toList(), "the purge is on disk");
    }

    /**
     * An index that cannot be read at a start (bytes that are no text, a directory in its place) is one line naming it,
     * kept aside, and the refreshable serves with a history started afresh (before: "counter.jar: Input length = 1 -
     * nothing of counter is live"). Found by a README-only try-out.
     */
    @Test
    void anUnreadableIndexAtAStartIsKeptAsideAndTheRefreshableServes() throws Exception {
        java.nio.file.Path index = twoVersionsLive();
        fw.restart(() -> {
            try {
                java.nio.file.Files.write(index, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28});
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String line = stderr.await(WAIT, "counter: " + index + " cannot be read (MalformedInputException", "kept aside as index.tsv.unreadable");
        Counter after = fw.awaitService(Counter.class, null, WAIT);
        assertEquals("v2", after.describe(), "the file's version serves: " + line);
        assertTrue(java.nio.file.Files.isRegularFile(index.resolveSibling("index.tsv.unreadable")));
        assertEquals(1, runtime().history("counter").size(), "a history started afresh");

        fw.restart(() -> {
            try {
                block(index);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        stderr.await(WAIT, "counter: " + index + " cannot be read (", "kept aside as index.tsv.unreadable.2");
        assertEquals("v2", fw.awaitService(Counter.class, null, WAIT).describe());
        assertTrue(java.nio.file.Files.isDirectory(index.resolveSibling("index.tsv.unreadable.2")), "the directory kept aside");
        assertTrue(java.nio.file.Files.isRegularFile(index.resolveSibling("index.tsv.unreadable")), "beside the one kept before");
    }

    /** v1 then v2 of the counter live, both in its history on disk; returns the counter's index. */
    private java.nio.file.Path twoVersionsLive() {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.0", Sources.plainCounter("v1", 1)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "2.0.0", Sources.plainCounter("v2", 10)));
        awaitDescribe(c, "v2");
        stderr.await(WAIT, "counter: seq 2 (2.0.0) is live");
        return counterIndex();
    }

    /** A directory with something in it where the index is: the rename of a new index over it fails, even as root. */
    private static void block(java.nio.file.Path index) throws java.io.IOException {
        java.nio.file.Files.delete(index);
        java.nio.file.Files.createDirectories(index.resolve("in-the-way"));
    }

    private static void unblock(java.nio.file.Path index) throws java.io.IOException {
        java.nio.file.Files.delete(index.resolve("in-the-way"));
        java.nio.file.Files.delete(index);
    }

    /** The counter's index in the storage, once written (the history's writes are the journal's, after the swap). */
    private java.nio.file.Path counterIndex() {
        java.util.concurrent.atomic.AtomicReference<java.nio.file.Path> found = new java.util.concurrent.atomic.AtomicReference<>();
        Await.until(() -> {
            try (var all = java.nio.file.Files.walk(tmp.resolve("storage"))) {
                all.filter(p -> p.getFileName().toString().equals("index.tsv") && p.getParent().getFileName().toString().equals("counter"))
                        .findFirst().ifPresent(found::set);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // a file renamed while walked: the next look
            }
            return found.get() != null;
        }, WAIT, "the counter's index.tsv in the storage");
        return found.get();
    }
}
