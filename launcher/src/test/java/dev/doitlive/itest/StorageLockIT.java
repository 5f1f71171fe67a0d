package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One runtime per storage, as processes: a second {@code java -jar doitlive.jar} on a storage that a running one
 * holds refuses to start in one line naming the holder's pid, exits non-zero and leaves the storage as it was (also
 * with {@code --clean}); once the holder is killed with SIGKILL, the lock file it left blocks nothing.
 */
class StorageLockIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    @Test
    void aSecondRuntimeOnTheSameStorageRefusesAndAKilledOneBlocksNothing() throws Exception {
        try (RuntimeProcess first = RuntimeProcess.start(dir, RuntimeProcess.CONFIG, WAIT, "--storage", "store", "--watch", "load")) {
            assertEquals("ok", first.run("echo ok", WAIT));
            // The holder itself writes a little after it is ready: the source kit's warm-up, 1.5 s after its start,
            // unpacks its compile jars (seen in CI after a quiet second). The storage is compared once they are there
            // and it has stopped changing.
            awaitCompileJars(dir.resolve("store"));
            Map<Path, Long> before = quietSnapshot(dir.resolve("store"));

            for (String[] args : List.of(new String[] {"--storage", "store", "--watch", "load2"},
                    new String[] {"--storage", "store", "--watch", "load2", "--clean"})) {
                Run second = run("echo should-not-run\n", args);
                assertNotEquals(0, second.status(), second.err());
                assertEquals("", second.out(), "no command ran");
                List<String> lines = second.err().strip().lines().toList();
                assertEquals(1, lines.size(), "one line: " + second.err());
                assertTrue(lines.get(0).contains("in use by another doitlive runtime (pid " + first.pid() + ")"), lines.get(0));
                assertEquals(before, snapshot(dir.resolve("store")), "the storage is untouched (" + String.join(" ", args) + ")");
                ReliabilityReport.fault("F50", "a second runtime started on the storage another one holds (`" + String.join(" ", args) + "`)",
                        "refused before it touches the storage; exit status non-zero; the first goes on", lines.get(0));
            }
            assertEquals("still", first.run("echo still", WAIT), "the holder goes on");

            first.kill();
        }
        assertTrue(Files.exists(dir.resolve("store").resolve("doitlive.lock")), "the killed runtime left its lock file");
        try (RuntimeProcess again = RuntimeProcess.start(dir, RuntimeProcess.CONFIG, WAIT, "--storage", "store", "--watch", "load")) {
            assertEquals("back", again.run("echo back", WAIT));
            assertEquals(again.pid() + "", Files.readString(dir.resolve("store").resolve("doitlive.lock")).strip(),
                    "the new holder's pid");
            assertEquals(0, again.exit(WAIT));
        }
    }

    /** Waits, bounded by {@link #WAIT}, for the source kit's warm-up to unpack its compile jars into its data folder. */
    private static void awaitCompileJars(Path storage) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> all = Files.walk(storage)) {
                if (all.anyMatch(p -> p.getFileName().toString().endsWith(".jar") && p.getParent().endsWith(Path.of("data", "compile")))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the source kit's warm-up wrote no compile jars in " + WAIT.toSeconds() + " s");
    }

    /** The storage once two looks a second apart see the same files; bounded by {@link #WAIT}. */
    private static Map<Path, Long> quietSnapshot(Path storage) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<Path, Long> last = snapshot(storage);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            Map<Path, Long> now = snapshot(storage);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the holder's storage kept changing for " + WAIT.toSeconds() + " s");
    }

    /** Every file of the storage with its size and modification time. */
    private static Map<Path, Long> snapshot(Path storage) throws IOException {
        Map<Path, Long> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(storage)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(storage.relativize(p), Files.size(p) * 31 + Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return files;
    }

    private Run run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                RuntimeProcess.OSC_ANY_PORT, RuntimeProcess.AUDIO_OFF, "-jar", RuntimeProcess.JAR.toString(), "--config", RuntimeProcess.CONFIG.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("doitlive did not exit; stderr: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
