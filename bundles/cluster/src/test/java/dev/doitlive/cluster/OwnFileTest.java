package dev.doitlive.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a version that landed from the stage is the very source the file here holds, no line says the file is not the
 * stage's version (a README-only try-out saw that line after a restart's catch-up of the node's own save).
 */
class OwnFileTest {
    @TempDir
    Path dir;

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFileHoldingTheLandedSourceHoldsIt() throws Exception {
        Path show = Files.writeString(dir.resolve("Show.java"), "package live; class Show { /* é */ }");
        assertTrue(OwnFile.holdsIt(sha256("package live; class Show { /* é */ }"), show));
    }

    @Test
    void aFileWithOtherTextOrNoFileOrAFolderDoesNot() throws Exception {
        Path show = Files.writeString(dir.resolve("Show.java"), "package live; class Show { int edited; }");
        assertFalse(OwnFile.holdsIt(sha256("package live; class Show { }"), show));
        assertFalse(OwnFile.holdsIt(null, show), "a version built from a jar has no digest");
        assertFalse(OwnFile.holdsIt(sha256(""), dir.resolve("Gone.java")));
        assertFalse(OwnFile.holdsIt(sha256(""), Files.createDirectory(dir.resolve("shapes"))), "a source folder is not compared");
    }

    @Test
    void theFileIsReadFromTheSourceKitsLocation() {
        Path show = dir.resolve("Show.java").toAbsolutePath();
        assertEquals(show, OwnFile.fileOf("doitlive-source:" + show.toUri()));
        assertNull(OwnFile.fileOf("file:" + show), "a jar's location");
        assertNull(OwnFile.fileOf(null));
    }
}
