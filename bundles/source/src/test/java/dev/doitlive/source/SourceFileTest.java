package dev.doitlive.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFileTest {
    @TempDir
    Path dir;

    @Test
    void editorsBackupSwapAndLockFilesAreNotSources() throws Exception {
        assertTrue(SourceFile.isSource(dir.resolve("Wave.java")));
        for (String name : new String[] {".Wave.java.swp", "Wave.java~", ".#Wave.java", "#Wave.java#", ".Wave.java",
                "Wave.jar", ".java", "Wave.java.tmp"}) {
            assertFalse(SourceFile.isSource(dir.resolve(name)), name);
        }
        Files.createDirectory(dir.resolve("Folder.java"));
        assertFalse(SourceFile.isSource(dir.resolve("Folder.java")), "a directory");
    }

    @Test
    void aFileNameThatIsNotAClassNameIsRefusedWithItsName() throws Exception {
        Path bad = Files.writeString(dir.resolve("my-wave.java"), "class X {}");
        SourceProblem p = assertThrows(SourceProblem.class, () -> SourceFile.read(bad));
        assertEquals("my-wave.java: a source file is named after its class, and 'my-wave' is not a Java class name",
                p.getMessage());
    }

    @Test
    void textThatIsNotUtf8IsRefused() throws Exception {
        Path latin1 = Files.write(dir.resolve("Caf.java"), new byte[] {'/', '/', ' ', (byte) 0xe9, '\n'});
        assertEquals("Caf.java: not UTF-8 text; save it as UTF-8",
                assertThrows(SourceProblem.class, () -> SourceFile.read(latin1)).getMessage());
    }

    @Test
    void theLocationNamesTheFileAndLeadsBackToIt() throws Exception {
        Path f = Files.writeString(dir.resolve("Wave.java"), "class Wave {}");
        String location = SourceFile.location(f);
        assertTrue(location.startsWith("doitlive-source:file:/"), location);
        assertEquals(f.toAbsolutePath(), SourceFile.fromLocation(location));
    }

    @Test
    void aFileWrittenAfterItWasReadHasChanged() throws Exception {
        Path f = Files.writeString(dir.resolve("Wave.java"), "class Wave {}");
        SourceFile read = SourceFile.read(f);
        assertFalse(read.changedSince());
        Files.writeString(f, "class Wave { int more; }");
        assertTrue(read.changedSince());
        assertEquals(read.digest, SourceFile.read(Files.writeString(dir.resolve("Same.java"), "class Wave {}")).digest,
                "the digest is the text's");
    }

    @Test
    void namesBecomeClassNames() {
        assertEquals("Wave2", Starter.className("wave2"));
        assertEquals("MyDot", Starter.className("my-dot"));
        assertEquals("SlowFade", Starter.className("slow_fade"));
        for (String bad : new String[] {"9lives", "", "a b", "dot.java", "-x"}) {
            assertThrows(IllegalArgumentException.class, () -> Starter.className(bad), bad);
        }
    }
}
