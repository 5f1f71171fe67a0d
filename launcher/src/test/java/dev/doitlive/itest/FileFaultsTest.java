package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;
import test.api.Counter;

/** Faults of the files dropped into the watched folder: what is not a bundle, or not a whole one. */
class FileFaultsTest extends FaultTest {

    /**
     * FileInstall may apply a .cfg caught half-written, as here ("historyDepth = 1" of a "historyDepth = 10" being
     * saved in two parts): the runtime lowers its depth for that moment but deletes no version for it; a lower depth
     * drops versions only when the next one lands.
     */
    @Test
    void aRuntimeCfgTakenHalfWrittenDeletesNoHistory() throws Exception {
        Counter c = threeVersions();
        try (OutputStream out = Files.newOutputStream(fw.watched().resolve("dev.doitlive.runtime.cfg"))) {
            out.write("historyDepth = 1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            stderr.await(WAIT, "dev.doitlive.runtime.cfg: historyDepth = 1 applied"); // the half, taken
            out.write("0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        stderr.await(WAIT, "dev.doitlive.runtime.cfg: historyDepth = 10 applied");
        fw.drop("counter.jar", counterJar("v4", 1, "1.0.3")); // after both settings on the swap thread
        RefreshTest.awaitDescribe(c, "v4");
        assertEquals(List.of(4L, 3L, 2L, 1L), runtime.history("counter").stream().map(v -> v.seq).toList(),
                "every version kept: the half's depth of 1 deleted none");
    }

    @Test
    void randomBytesNamedJar() {
        Counter c = liveCounter();
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        fw.drop("noise.jar", noise);
        String line = seen("noise.jar", "not a jar");
        assertServes(c, "v1", COUNT);
        assertNull(fw.bundle("noise"), "nothing installed");
        assertOnce(line);
        report("F01", "random bytes named `.jar`", "nothing installed; FileInstall retries the file at each scan, the runtime"
                + " says once what it is", line);
    }

    @Test
    void aConfigurationFileConfigAdminCannotTake() {
        Counter c = liveCounter();
        fw.save("t.bogus.cfg", "garbage ===\n= =\n"); // an empty key: ConfigAdmin refuses it
        String line = seen("t.bogus.cfg", "not a configuration ConfigAdmin takes");
        assertEquals("t.bogus.cfg: not a configuration ConfigAdmin takes: Key [] must not be an empty string; nothing is configured"
                + " from it", line.replaceFirst("^doitlive: ", ""));
        assertServes(c, "v1", COUNT);
        report("F64", "a `.cfg` in the watched folder that ConfigAdmin cannot take (an empty key)", "one line naming the file and the"
                + " cause, no jar, no class names; nothing is configured from it (an edit of a good one: the configuration in force"
                + " stays)", line);
    }

    @Test
    void anEmptyFileNamedJar() {
        Counter c = liveCounter();
        fw.drop("empty.jar", new byte[0]);
        String line = seen("empty.jar", "empty");
        assertServes(c, "v1", COUNT);
        assertOnce(line);
        report("F02", "an empty file named `.jar`", "nothing installed; said once", line);
    }

    @Test
    void aTruncatedNewJar() {
        Counter c = liveCounter();
        byte[] whole = TestBundles.bundle("t.other", "1.0.0", Sources.plainCounter("other", 1));
        fw.drop("other.jar", Jars.truncated(whole, whole.length / 2));
        String line = seen("other.jar", "not a complete jar");
        assertServes(c, "v1", COUNT);
        assertOnce(line);
        report("F03", "a truncated jar (new file)", "nothing installed; FileInstall installs the file once it is whole", line);
    }

    @Test
    void aRefreshablesJarReplacedByATruncatedOne() {
        Counter c = liveCounter();
        long id = fw.bundle("t.counter").getBundleId();
        byte[] v2 = counterJar("v2", 1, "1.0.1");
        fw.drop("counter.jar", Jars.truncated(v2, v2.length / 2));
        String line = seen("counter.jar", "not a complete jar", "keeps serving");
        assertEquals(RefreshableDTO.Status.DETACHED, runtime.describe("counter").status);
        assertServes(c, "v1", COUNT);

        fw.drop("counter.jar", v2);
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(COUNT + 2, c.next(), "the whole jar took the state over");
        assertNotEquals(id, fw.bundle("t.counter").getBundleId(), "FileInstall installed it anew");
        assertEquals(List.of(2L, 1L), runtime.history("counter").stream().map(v -> v.seq).toList(), "history kept");
        assertOnce(line);
        report("F04", "a refreshable's jar replaced by a truncated one", "FileInstall uninstalls the bundle; the proxy keeps"
                + " the last instance serving (detached) with its state; the next whole jar takes the state and history over", line);
    }

    @Test
    void aJarWrittenSlowlyWithAStallHalfway() throws IOException {
        Counter c = liveCounter();
        long id = fw.bundle("t.counter").getBundleId();
        byte[] v2 = counterJar("v2", 1, "1.0.1");
        String line;
        // Written in place, as a slow copy does: FileInstall sees the file cut short and uninstalls the bundle.
        try (OutputStream out = Files.newOutputStream(fw.watched().resolve("counter.jar"))) {
            out.write(v2, 0, v2.length / 2);
            out.flush();
            line = seen("counter.jar", "keeps serving");
            assertServes(c, "v1", COUNT);
            out.write(v2, v2.length / 2, v2.length - v2.length / 2);
        }
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(COUNT + 2, c.next(), "state carried across the uninstall and the new install");
        assertNotEquals(id, fw.bundle("t.counter").getBundleId(), "a new bundle id");
        List<VersionDTO> h = runtime.history("counter");
        assertEquals(List.of(2L, 1L), h.stream().map(v -> v.seq).toList(), "history kept");
        assertEquals(VersionDTO.Status.LIVE, h.get(0).status);
        assertTrue(runtime.revert("counter", 1, WAIT.toMillis()).ok, "and v1 can still be reverted to");
        assertEquals("v1", c.describe());
        report("F05", "a jar written slowly, stalled halfway", "FileInstall uninstalls the bundle at the stall and installs"
                + " the whole jar under a new bundle id; the runtime treats it as the same refreshable: state and history kept", line);
    }

    @Test
    void aJarWithoutManifest() {
        Counter c = liveCounter();
        fw.drop("bare.jar", Jars.withoutManifest(counterJar("bare", 1, "1.0.0")));
        String line = seen("bare.jar", "MANIFEST.MF");
        assertServes(c, "v1", COUNT);
        assertOnce(line);
        report("F06", "a jar without a manifest", "nothing installed; said once", line);
    }

    @Test
    void aFolderInTheWatchedFolderIsSaidOnce() throws IOException {
        Counter c = liveCounter();
        java.nio.file.Path sub = java.nio.file.Files.createDirectories(fw.watched().resolve("sub"));
        java.nio.file.Files.writeString(sub.resolve("readme.txt"), "notes");
        String line = seen("sub.jar", "MANIFEST.MF");
        // FileInstall jars the folder again at every scan: a version dropped now is live some scans later.
        fw.drop("counter.jar", counterJar("v2", 1, "1.0.1"));
        RefreshTest.awaitDescribe(c, "v2");
        assertOnce(line);
        report("F63", "a folder (not a bundle) in the watched folder", "said once, not at every scan", line);
    }

    @Test
    void aManifestWithoutSymbolicName() {
        Counter c = liveCounter();
        fw.drop("nameless.jar", Jars.withManifest(TestBundles.bundle("t.nameless", "1.0.0", Sources.plainCounter("x", 1)),
                a -> a.remove(new java.util.jar.Attributes.Name("Bundle-SymbolicName"))));
        String line = seen("nameless.jar", "Bundle-SymbolicName");
        assertServes(c, "v1", COUNT);
        assertOnce(line);
        report("F07", "a manifest without a symbolic name", "nothing installed; said once", line);
    }

    @Test
    void aRefreshablesJarWhoseManifestDoesNotParse() {
        Counter c = liveCounter();
        fw.drop("counter.jar", Jars.withManifest(counterJar("v2", 1, "1.0.1"), a -> a.putValue("Bundle-Version", "1.0.x")));
        String line = seen("counter.jar", "refused", "1.0.x", "keeps serving seq 1");
        awaitSettled(1);
        assertServes(c, "v1", COUNT);
        assertEquals("1.0.0", fw.bundle("t.counter").getVersion().toString(), "the bundle kept the live revision");
        report("F08", "a refreshable's new jar whose manifest does not parse (`Bundle-Version: 1.0.x`)", "the framework refuses"
                + " the update; the bundle keeps the live revision (FileInstall restarts it: same version, state kept)", line);
    }

    @Test
    void aRefreshableDeletedWhileCallersHoldItsProxy() {
        Counter c = liveCounter();
        fw.remove("counter.jar");
        String line = seen("counter.jar", "deleted", "its state and history are kept");
        assertEquals(RefreshableDTO.Status.DETACHED, runtime.describe("counter").status);
        assertServes(c, "v1", COUNT);
        fw.drop("counter.jar", counterJar("v2", 1, "1.0.1"));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(COUNT + 2, c.next(), "a new file takes over with the state");
        report("F27", "a refreshable's jar deleted while callers hold its proxy", "its service is withdrawn from consumers"
                + " (F60), but the proxy a caller holds keeps serving the last instance with its state (`detached` in"
                + " live:list); a new jar of the same refreshable takes the state and history over", line);
    }

    @Test
    void twoJarsWithTheSameSymbolicNameAndAnotherVersion() {
        Counter c = liveCounter();
        fw.drop("counter-copy.jar", counterJar("copy", 100, "2.0.0"));
        String line = seen("counter-copy.jar", "'counter' is taken", "counter.jar", "stays live at seq 1");
        assertServes(c, "v1", COUNT);
        assertEquals(1, runtime.list().size());
        report("F28", "two jars with the same symbolic name, other versions", "the framework installs both; the second"
                + " refreshable of the same name is refused, the first stays live", line);
    }

    @Test
    void twoJarsWithTheSameSymbolicNameAndVersion() {
        Counter c = liveCounter();
        byte[] v1 = counterJar("v1", 1, "1.0.0");
        fw.drop("counter-backup.jar", v1);
        String line = seen("counter-backup.jar", "same Bundle-SymbolicName and Bundle-Version as counter.jar", "t.counter 1.0.0");
        awaitSettled(1);
        assertServes(c, "v1", COUNT);
        assertEquals(1, runtime.list().size());
        report("F29", "two jars with the same symbolic name and version (a backup copy)", "FileInstall updates the installed"
                + " bundle with the copy instead of installing a second: the same bytes, so the runtime reloads the live"
                + " version, state kept", line);
    }

    @Test
    void aHundredJarsDroppedAtOnce() {
        Counter c = liveCounter();
        byte[] many = TestBundles.bundle("t.many0", "1.0.0", Sources.of("t.many.Many", """
                package t.many;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Holder;
                @Component(service = Holder.class)
                @Refreshable
                public class Many implements Holder {
                    int calls;
                    public String describe() { return "many " + (++calls); }
                }
                """));
        for (int i = 0; i < 100; i++) {
            fw.drop("many" + i + ".jar", Jars.withSymbolicName(many, "t.many" + i));
        }
        Await.until(() -> runtime.list().size() == 101, java.time.Duration.ofSeconds(60),
                () -> "100 refreshables live: " + runtime.list().size());
        String line = stderr.await(WAIT, "t.many99: live at seq 1"); // not a failure: no live:errors entry
        assertServes(c, "v1", COUNT);
        assertTrue(runtime.list().stream().allMatch(d -> d.status != RefreshableDTO.Status.FAILED), "none failed");
        // Each line is said once its history is on disk (the journal's thread): they come in the swaps' order, not the names'.
        java.util.function.LongSupplier said = () -> stderr.runtimeLines().stream().filter(l -> l.startsWith("t.many") && l.contains(": live at seq 1")).count();
        Await.until(() -> said.getAsLong() >= 100, WAIT, () -> "one line each: " + said.getAsLong());
        assertEquals(100, said.getAsLong(), "one line each");
        report("F30", "a hundred jars dropped at once", "FileInstall installs them in one scan; the runtime brings each in"
                + " on its swap thread, one line each; the counter serves throughout", line);
    }
}
