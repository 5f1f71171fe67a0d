package dev.doitlive.itest;

import static dev.doitlive.itest.RefreshTest.WAIT;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.doitlive.api.LiveRuntime;

/** What a user sees when a plain (not refreshable) bundle dropped into the watched folder does not start. */
class WatchedFolderTest {
    @TempDir
    Path tmp;
    LiveFramework fw;
    LiveRuntime runtime;

    @BeforeEach
    void start() throws Exception {
        fw = LiveFramework.start(tmp, "test.api;version=1.0.0");
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
    }

    @AfterEach
    void stop() {
        fw.close();
    }

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
}
