package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** What a user sees when a plain (not refreshable) bundle dropped into the watched folder does not start. */
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
}
