package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LiveRuntime;
import test.api.Counter;

/** What a user sees of the watched folder's files besides refreshables: plain bundles, deletions, settings. */
class WatchedFolderTest extends LiveTest {

    @Test
    void aPlainBundleThatDoesNotResolveIsReportedOnceWithItsFile() {
        fw.drop("needy.jar", TestBundles.bundle("t.needy", "1.0.0",
                Sources.of("t.needy.Needy", "package t.needy; public class Needy {}"),
                "Import-Package: nobody.exports.this", "Export-Package: t.needy"));
        Await.until(() -> runtime.errors(null).stream().anyMatch(e -> e.message.contains("needy.jar")), WAIT,
                "FileInstall's failure to reach live:errors");
        String line = runtime.errors(null).get(0).message;
        assertTrue(line.contains("nobody.exports.this") && !line.contains("Unresolved requirements"), line);
    }

    @Test
    void aJarDeletedWhileTheRuntimeIsStoppedStaysDeletedAndItsHistoryIsKept() throws Exception {
        fw.drop("counter.jar", FaultTest.counterJar("v1", 1, "1.0.0"));
        fw.awaitService(Counter.class, null, WAIT).next();
        fw.restart(() -> fw.remove("counter.jar"));
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        stderr.await(WAIT, "counter.jar: deleted while the runtime was stopped - counter is gone");
        assertNull(fw.bundle("t.counter"), "its bundle uninstalled");
        assertTrue(runtime.list().isEmpty(), "nothing of it live");

        fw.drop("counter.jar", FaultTest.counterJar("v2", 1, "1.0.1"));
        RefreshTest.awaitDescribe(fw.awaitService(Counter.class, null, WAIT), "v2");
        assertEquals(List.of(2L, 1L), runtime.history("counter").stream().map(v -> v.seq).toList(), "history kept");
    }

    @Test
    void aPlainBundleDeletedWhileTheRuntimeIsStoppedIsUninstalled() throws Exception {
        fw.drop("plain.jar", TestBundles.bundle("t.plain", "1.0.0",
                Sources.of("t.plain.Plain", "package t.plain; public class Plain {}"), "Export-Package: t.plain"));
        Await.until(() -> fw.bundle("t.plain") != null, WAIT, "the plain bundle installed");
        fw.restart(() -> fw.remove("plain.jar"));
        stderr.await(WAIT, "plain.jar: deleted while the runtime was stopped - its bundle t.plain is uninstalled");
        assertNull(fw.bundle("t.plain"));
    }

    @Test
    void aValidChangeOfTheSettingsIsConfirmedInOneLineAndOnlyWhatChanged() {
        fw.drop("dev.doitlive.runtime.cfg", "historyDepth = 3\n".getBytes(StandardCharsets.UTF_8));
        stderr.await(WAIT, "dev.doitlive.runtime.cfg: ", "historyDepth = 3", " applied");
        // Read again with historyDepth unchanged and a value refused: neither is confirmed.
        fw.drop("dev.doitlive.runtime.cfg", "historyDepth = 3\nprobationCalls = many\n".getBytes(StandardCharsets.UTF_8));
        stderr.await(WAIT, "dev.doitlive.runtime.cfg: probationCalls = many is not a whole number");
        fw.drop("dev.doitlive.runtime.cfg", "historyDepth = 4\nprobationCalls = 20\n".getBytes(StandardCharsets.UTF_8));
        String last = stderr.await(WAIT, "dev.doitlive.runtime.cfg: ", "historyDepth = 4", "probationCalls = 20", " applied");
        List<String> applied = stderr.runtimeLines().stream().filter(l -> l.endsWith(" applied")).toList();
        assertEquals(2, applied.size(), "one line per change that took: " + applied);
        assertTrue(applied.get(0).contains("historyDepth = 3") && !applied.get(0).contains("probationCalls"), applied.get(0));
        assertEquals(last, applied.get(1));
        assertFalse(runtime.errors(null).stream().anyMatch(e -> e.message.endsWith(" applied")), "no error");
    }

    /**
     * A whole number too large for its setting is out of range, and says the range (not "not a whole number"); a key
     * that is no setting is said, with the setting it resembles; the values in force stay.
     */
    @Test
    void aSettingOutOfRangeAndAnUnknownKeyAreEachSaidInOneLine() {
        fw.drop("dev.doitlive.runtime.cfg", ("stateSaveMillis = 99999999999999\nhistoryDepth = 123456789012345678901234567890\n"
                + "stateSaveMilis = 5\ncolour = red\nprobationCalls = 7\n").getBytes(StandardCharsets.UTF_8));
        stderr.await(WAIT, "dev.doitlive.runtime.cfg: stateSaveMillis = 99999999999999 is out of range: give 0 to 86400000;"
                + " stateSaveMillis stays 2000");
        stderr.await(WAIT, "dev.doitlive.runtime.cfg: historyDepth = 123456789012345678901234567890 is out of range: give 0 to 1000;"
                + " historyDepth stays 16");
        stderr.await(WAIT, "dev.doitlive.runtime.cfg: stateSaveMilis is no setting; it is ignored (did you mean stateSaveMillis?)");
        stderr.await(WAIT, "dev.doitlive.runtime.cfg: colour is no setting; it is ignored (the settings: historyDepth, probationCalls,");
        String applied = stderr.await(WAIT, "dev.doitlive.runtime.cfg: ", " applied");
        assertEquals("dev.doitlive.runtime.cfg: probationCalls = 7 applied", applied, "only the good value is applied");
        assertTrue(stderr.runtimeLines().stream().noneMatch(l -> l.contains("not a whole number")), String.join("\n", stderr.runtimeLines()));
        assertTrue(runtime.errors(null).stream().anyMatch(e -> e.message.contains("stateSaveMilis is no setting")), "in live:errors");
    }
}
