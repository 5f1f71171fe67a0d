package dev.doitlive.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {
    @Test
    void defaultsAreUnderTheWorkingDirectory() throws Exception {
        Options o = Options.parse();
        assertEquals(Path.of("config"), o.config());
        assertEquals(Path.of("load"), o.watch());
        assertEquals(Path.of(".doitlive"), o.storage());
        assertFalse(o.clean());
        assertFalse(o.help());
    }

    @Test
    void folderOptionsTakeTheNextArgumentOrAnEqualsValue() throws Exception {
        Options o = Options.parse("--config", "c", "--watch=w", "--storage", "s", "--clean");
        assertEquals(Path.of("c"), o.config());
        assertEquals(Path.of("w"), o.watch());
        assertEquals(Path.of("s"), o.storage());
        assertTrue(o.clean());
        assertTrue(Options.parse("-h").help());
        assertTrue(Options.parse("--help").help());
    }

    @Test
    void badOptionsSayWhichAndWhy() {
        assertEquals("unknown option --frobnicate", error("--frobnicate"));
        assertEquals("unknown option --cleanup", error("--cleanup=yes"));
        assertEquals("--watch needs a folder", error("--watch"));
        assertEquals("--watch needs a folder", error("--watch", "--clean"));
        assertEquals("--storage needs a folder", error("--storage="));
        assertEquals("--clean takes no value", error("--clean=yes"));
        assertEquals("unexpected argument 'load'", error("load"));
        assertEquals("--web-port '99999': not a port (1 to 65535; 0 picks a free one)", error("--web-port", "99999"));
        assertEquals("--web-port 'http': not a port (1 to 65535; 0 picks a free one)", error("--web-port=http"));
        assertEquals("--web-port needs a port", error("--web-port"));
        assertEquals("--web-host needs an address", error("--web-host", "--clean"));
        assertEquals("--no-web takes no value", error("--no-web=1"));
    }

    @Test
    void webOptionsBecomeTheFrameworkPropertiesThePageReads() throws Exception {
        assertEquals(java.util.Map.of("doitlive.web.port", "0", "doitlive.web.host", "0.0.0.0"),
                Options.parse("--web-port", "0", "--web-host=0.0.0.0").properties());
        assertEquals(java.util.Map.of("doitlive.web", "false"), Options.parse("--no-web").properties());
    }

    @Test
    void foldersAreCheckedBeforeTheStart(@TempDir Path dir) throws Exception {
        assertEquals("--config " + dir.resolve("nope") + ": no such folder",
                invalid(new Options().config(dir.resolve("nope"))));
        assertEquals("--config " + dir + ": no framework.properties in it", invalid(new Options().config(dir)));
        Files.writeString(dir.resolve("framework.properties"), "");
        Files.writeString(dir.resolve("file"), "");
        assertEquals("--watch " + dir.resolve("file") + ": not a folder",
                invalid(new Options().config(dir).watch(dir.resolve("file"))));
        assertEquals("--storage " + dir.resolve("file") + ": not a folder",
                invalid(new Options().config(dir).watch(dir).storage(dir.resolve("file"))));
        new Options().config(dir).watch(dir.resolve("new")).storage(dir.resolve("new")).validate();
    }

    @Test
    void devModulesAreRepeatableAndBecomeOneFrameworkProperty(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Options o = Options.parse("--dev", a.toString(), "--dev=" + b);
        assertEquals(java.util.List.of(a, b), o.dev());
        assertEquals(a + java.io.File.pathSeparator + b, o.properties().get("doitlive.dev"));
        assertEquals("--dev needs a Maven module's folder (the one with its pom.xml)", error("--dev"));
        Files.writeString(dir.resolve("framework.properties"), "");
        assertEquals("--dev " + a + ": no pom.xml in it (name a Maven module's folder)",
                invalid(new Options().config(dir).watch(dir).storage(dir).dev(a)));
        assertEquals("--dev " + dir.resolve("nope") + ": no such folder",
                invalid(new Options().config(dir).watch(dir).storage(dir).dev(dir.resolve("nope"))));
        Files.writeString(a.resolve("pom.xml"), "<project/>");
        new Options().config(dir).watch(dir).storage(dir).dev(a).validate();
    }

    @Test
    void mainPrintsOneLineAndExitsWithTwoOnABadOption() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run(new String[] {"--wach", "x"}));
        } finally {
            System.setErr(err);
        }
        assertEquals("doitlive: unknown option --wach (see --help)" + System.lineSeparator(),
                captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryOption() {
        String usage = Options.usage();
        for (String option : new String[] {"--config", "--watch", "--storage", "--clean", "--allow-world-writable", "--web-port",
                "--web-host", "--no-web", "--dev", "--help"}) {
            assertTrue(usage.contains(option), option);
        }
    }

    @Test
    void aFolderOrParentWritableByEveryoneIsRefusedUnlessAllowed(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Files.writeString(dir.resolve("framework.properties"), "");
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals("--watch " + shared + ": it is writable by everyone, and any jar put in the watched folder runs here; chmod o-w "
                + shared + ", or pass --allow-world-writable to run anyway",
                invalid(new Options().config(dir).watch(shared).storage(dir.resolve("s"))));
        assertTrue(invalid(new Options().config(dir).watch(dir.resolve("w")).storage(shared.resolve("s")))
                .startsWith("--storage " + shared.resolve("s") + ": its parent " + shared + " is writable by everyone"));
        new Options().config(dir).watch(shared).storage(dir.resolve("s")).allowWorldWritable(true).validate();
        assertTrue(Options.parse("--allow-world-writable").allowWorldWritable());
        try {
            Files.setAttribute(shared, "unix:mode", 01777);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return; // no sticky bit to set here
        }
        new Options().config(dir).watch(shared.resolve("load")).storage(dir.resolve("s")).validate(); // like /tmp
    }

    private static String invalid(Options o) {
        return assertThrows(Options.UsageException.class, o::validate).getMessage();
    }

    private static String error(String... args) {
        return assertThrows(Options.UsageException.class, () -> Options.parse(args)).getMessage();
    }
}
