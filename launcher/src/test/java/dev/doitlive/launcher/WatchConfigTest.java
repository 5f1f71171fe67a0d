package dev.doitlive.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that waits long for FileInstall tells a slow machine (the file names the folder) from a wrong file. */
class WatchConfigTest {
    @TempDir
    Path dir;

    @Test
    void theShippedFileNamesTheWatchedFolder() {
        assertTrue(WatchConfig.namesTheFolder(Path.of("..", "config", "org.apache.felix.fileinstall-load.cfg")));
    }

    @Test
    void aFileThatWatchesAnotherFolderOrNoneOrIsMissingDoesNot() throws Exception {
        Path other = Files.writeString(dir.resolve("a.cfg"), "felix.fileinstall.dir = /somewhere/else\n");
        Path none = Files.writeString(dir.resolve("b.cfg"), "felix.fileinstall.poll = 50\n");
        Path broken = Files.writeString(dir.resolve("c.cfg"), "felix.fileinstall.dir = \\u00zz\n");
        assertFalse(WatchConfig.namesTheFolder(other));
        assertFalse(WatchConfig.namesTheFolder(none));
        assertFalse(WatchConfig.namesTheFolder(broken), "a malformed \\u escape is no answer, not a failure");
        assertFalse(WatchConfig.namesTheFolder(dir.resolve("missing.cfg")));
    }
}
