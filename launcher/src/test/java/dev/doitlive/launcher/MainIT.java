package dev.doitlive.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged doitlive.jar as a process with a script on standard input. */
class MainIT {
    private static final Path JAR = Path.of(System.getProperty("doitlive.jar", "target/doitlive.jar")).toAbsolutePath();
    private static final Path CONFIG = Path.of(System.getProperty("doitlive.config", "../config")).toAbsolutePath();

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    @Test
    void aScriptPrintsResultsAndErrorsAndTheStatusSaysIfOneFailed() throws Exception {
        Run first = run("""
                echo hello
                (${.context} getBundle doitlive:core/scr) bundleId
                nosuch arg
                (${.context} bundle 0) symbolicName
                """, "--config", CONFIG.toString(), "--storage", "store", "--watch", "drop");
        assertEquals(1, first.status(), first.err());
        List<String> out = first.out().lines().toList();
        assertEquals("hello", out.get(0));
        String scrId = out.get(1);
        assertTrue(scrId.matches("\\d+"), "a return value is printed: " + scrId);
        assertEquals("org.apache.felix.framework", out.get(2), "the script goes on after an error");
        assertEquals(List.of("error: unknown command 'nosuch'"),
                first.err().lines().filter(l -> l.startsWith("error:")).toList());
        assertTrue(first.err().contains("watching  " + dir.resolve("drop")), first.err());
        assertTrue(Files.isDirectory(dir.resolve("drop")));

        Run second = run("(${.context} getBundle doitlive:core/scr) bundleId\n",
                "--config", CONFIG.toString(), "--storage", "store", "--watch", "drop");
        assertEquals(0, second.status(), second.err());
        assertEquals(scrId, second.out().strip(), "the second start comes back on the same storage");
    }

    @Test
    void defaultsAreUnderTheWorkingDirectory() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        for (Path f : Files.newDirectoryStream(CONFIG)) {
            Files.copy(f, dir.resolve("config").resolve(f.getFileName()));
        }
        Run run = run("echo ok\n");
        assertEquals(0, run.status(), run.err());
        assertEquals("ok", run.out().strip());
        assertTrue(Files.isDirectory(dir.resolve("load")));
        assertTrue(Files.isDirectory(dir.resolve(".doitlive")));
    }

    @Test
    void aBadOptionIsOneLineAndStatusTwo() throws Exception {
        Run run = run("", "--whatch", "x");
        assertEquals(2, run.status());
        assertEquals("doitlive: unknown option --whatch (see --help)", run.err().strip());
        Run noConfig = run("");
        assertEquals(2, noConfig.status());
        assertEquals("doitlive: --config config: no such folder; run from the project folder or pass --config DIR (see --help)",
                noConfig.err().strip());
        Run help = run("", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: java -jar doitlive.jar"), help.out());
    }

    private Run run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("doitlive did not exit within 60 s; stderr: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
