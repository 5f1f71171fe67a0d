package dev.doitlive.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void substitutesLauncherValuesAndAddsTheOptions() throws Exception {
        Files.writeString(dir.resolve("framework.properties"), """
                felix.fileinstall.dir = ${doitlive.config}
                where = ${doitlive.watch}/x
                org.osgi.framework.system.packages.extra = a.b;version=1
                """);
        Options o = new Options().property("where", "${doitlive.storage}").systemPackagesExtra("c.d;version=2");
        Map<String, String> p = FrameworkProperties.load(o, dir, Path.of("/w"), Path.of("/s"));
        assertEquals(dir.toString(), p.get("felix.fileinstall.dir"));
        assertEquals("/s", p.get("where"), "options override the file");
        assertEquals("/s", p.get("org.osgi.framework.storage"));
        assertEquals("a.b;version=1,c.d;version=2", p.get("org.osgi.framework.system.packages.extra"));
        assertEquals("--nointeractive", p.get("gosh.args"));
        assertFalse(FrameworkProperties.load(o.console(Options.Console.INTERACTIVE), dir, Path.of("/w"), Path.of("/s"))
                .containsKey("gosh.args"));
    }

    @Test
    void anUndefinedVariableNamesFileAndProperty() throws Exception {
        Files.writeString(dir.resolve("framework.properties"), "x = ${nope}\n");
        LaunchException e = assertThrows(LaunchException.class,
                () -> FrameworkProperties.load(new Options(), dir, Path.of("/w"), Path.of("/s")));
        assertEquals(dir.resolve("framework.properties") + ": x: ${nope} is not defined", e.getMessage());
    }

    @Test
    void aMissingFileSaysWhereItLooked() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> FrameworkProperties.load(new Options(), dir, Path.of("/w"), Path.of("/s")));
        assertEquals(dir.resolve("framework.properties") + ": not found (point --config at the folder that holds it)",
                e.getMessage());
    }
}
