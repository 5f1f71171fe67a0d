package dev.doitlive.source;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which bnd instructions let a tree's bundle keep its manifest: only those that read nothing bnd is not given. */
class InertInstructionsTest {
    @TempDir
    Path dir;

    private boolean inert(String instructions) {
        return InertInstructions.read(instructions, dir.toFile(), new StringBuilder());
    }

    @Test
    void plainHeadersAndInstructionsThatReadNoFileAreInert() {
        assertTrue(inert(""));
        assertTrue(inert("Bundle-Vendor: doitlive\n-noextraheaders: true\n-reproducible: true\nExport-Package: a.b;version=1\n"));
    }

    @Test
    void instructionsThatReadFilesOrExpandMacrosAreNot() {
        assertFalse(inert("-includeresource: notes.txt\n"));
        assertFalse(inert("Include-Resource: notes.txt\n"));
        assertFalse(inert("Bundle-Version: 1.0.0.${tstamp}\n"));
        assertFalse(inert("-sources: true\n"));
        assertFalse(inert("-include: missing.bnd\n"), "bnd says what is missing");
        assertFalse(inert("-include: https://example.org/shared.bnd\n"));
    }

    @Test
    void anIncludedFileIsReadIntoTheInput() throws Exception {
        Files.writeString(dir.resolve("shared.bnd"), "Bundle-Vendor: one\n");
        StringBuilder first = new StringBuilder();
        assertTrue(InertInstructions.read("-include: shared.bnd, -optional.bnd\n", dir.toFile(), first));
        Files.writeString(dir.resolve("shared.bnd"), "Bundle-Vendor: two\n");
        StringBuilder second = new StringBuilder();
        assertTrue(InertInstructions.read("-include: shared.bnd, -optional.bnd\n", dir.toFile(), second));
        assertNotEquals(first.toString(), second.toString());
        Files.writeString(dir.resolve("shared.bnd"), "-includeresource: notes.txt\n");
        assertFalse(inert("-include: " + dir.resolve("shared.bnd") + "\n"), "what an included file says counts too");
    }
}
