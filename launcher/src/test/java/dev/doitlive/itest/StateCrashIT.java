package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash keeps the state saved at the last period: the packaged runtime, a process of its own saving states every
 * {@value #SAVE_MS} ms, runs a loop whose step counts; a knob is set with {@code live:set}; the process is killed
 * with SIGKILL after a save, then started again on the same storage. The state that comes back is the one of the
 * last save: the knob as set, the count at least what it was before that save.
 */
class StateCrashIT {
    private static final int SAVE_MS = 200;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static final byte[] TICKER = TestBundles.bundle("t.ticker", "1.0.0", Sources.of("t.ticker.Ticker", """
            package t.ticker;
            import org.osgi.service.component.annotations.*;
            import dev.doitlive.api.*;
            @Component(service = Step.class)
            @Refreshable(name = "ticker")
            @Loop(rate = 100)
            public class Ticker implements Step {
                long count;
                double level = 0.1;
                /** Steps of this instance: count - sinceStart is the count it started from. */
                transient long sinceStart;
                public void step() { count++; sinceStart++; }
            }
            """));

    @Test
    void aKillLosesAtMostTheLastSavePeriod() throws Exception {
        Path config = dir.resolve("config");
        Files.createDirectories(config);
        try (Stream<Path> files = Files.list(RuntimeProcess.CONFIG)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, config.resolve(f.getFileName()));
            }
        }
        Files.writeString(config.resolve("dev.doitlive.runtime.cfg"), "stateSaveMillis = " + SAVE_MS + "\n");
        String[] args = {"--storage", "storage", "--watch", "load"};
        RuntimeProcess p = RuntimeProcess.start(dir, config, WAIT, args);
        try {
            Path staged = dir.resolve("staged.jar");
            Files.write(staged, TICKER);
            Files.move(staged, dir.resolve("load").resolve("ticker.jar"), StandardCopyOption.ATOMIC_MOVE);
            RuntimeProcess first = p;
            Await.until(() -> count(state(first)) > 10, WAIT, () -> "the loop to step:\n" + first.stderrText());
            assertTrue(p.run("live:set ticker level 0.75", WAIT).contains("0.1 -> 0.75"));
            long before = count(state(p));
            Path file = historyDir().resolve("state");
            awaitRewrites(file, 2, p); // the second save read the state after the set and the count above
            p.kill();

            p = RuntimeProcess.start(dir, config, WAIT, args);
            RuntimeProcess second = p;
            Await.until(() -> second.stderrHas("ticker: state restored"), WAIT, () -> "the state restored:\n" + second.stderrText());
            p.run("live:stop ticker", WAIT); // count and sinceStart stand still while read
            Map<String, String> after = state(p);
            assertEquals("0.75", after.get("level"), "the knob set before the last save");
            long startedFrom = count(after) - Long.parseLong(after.get("sinceStart"));
            assertTrue(startedFrom >= before, "the count comes back from the last save (at least " + before + "), not fresh: " + startedFrom);
            assertFalse(p.stderrHas("cannot be restored"), p.stderrText());
            String line = p.stderrLines().stream().filter(l -> l.contains("ticker: state restored")).findFirst().orElseThrow()
                    .replace("doitlive: ", "");
            ReliabilityReport.fault("S05", "the runtime killed (SIGKILL) while a loop runs, states saved every " + SAVE_MS + " ms"
                    + " (`stateSaveMillis`)", "at the next start the state of the last save comes back: the knob set with"
                    + " `live:set` and the loop's count as saved (" + startedFrom + ", read as " + before + " before that save);"
                    + " what changed after it is lost", line);
            p.exit(WAIT);
        } finally {
            p.close();
        }
    }

    private Path historyDir() {
        try (Stream<Path> s = Files.walk(dir.resolve("storage"))) {
            return s.filter(x -> x.endsWith(Path.of("history", "ticker"))).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> state(RuntimeProcess p) {
        Map<String, String> m = new TreeMap<>();
        for (String line : p.run("live:state ticker", WAIT).lines().toList()) {
            int eq = line.indexOf(" = ");
            if (eq > 0) {
                m.put(line.substring(0, eq).strip(), line.substring(eq + 3).strip());
            }
        }
        return m;
    }

    private static long count(Map<String, String> state) {
        String c = state.get("count");
        return c == null ? -1 : Long.parseLong(c);
    }

    /** Waits until the file has been replaced {@code n} times: each save renames a new file in. */
    private static void awaitRewrites(Path file, int n, RuntimeProcess p) {
        Set<String> seen = new HashSet<>();
        Await.until(() -> {
            try {
                var a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
                seen.add(a.fileKey() + " " + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
            } catch (IOException e) {
                // not there yet, or being renamed
            }
            return seen.size() > n;
        }, WAIT, () -> file + " rewritten " + n + " times:\n" + p.stderrText());
    }
}
