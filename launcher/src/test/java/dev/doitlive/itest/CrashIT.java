package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash: the packaged runtime, a process of its own running a loop at 200 Hz, is killed with SIGKILL at a random
 * moment after a new version of the loop's step is dropped (good, or broken: its step throws, or its constructor
 * does), then started again on the same storage. Each time: the last good version serves (the one live before,
 * or the new one if it was through its probation before the kill: a version still on probation may be what
 * killed the runtime, so it is not brought back), the loop runs, the history is intact and readable and its
 * live row is what serves, every jar it keeps opens, the framework's own cache brings every bundle back active,
 * and nothing alarming is printed. Probation is 500 ms here (a config folder of the test's own), so that kills
 * land before, during and after it. {@code -Ddoitlive.crash.trials=N} (4 by default, 60 with -Preliability),
 * {@code -Ddoitlive.crash.seed=S} repeats a run.
 */
class CrashIT {
    private static final int TRIALS = Integer.getInteger("doitlive.crash.trials", 4);
    /** Kills land uniformly within this long after the drop: the refresh, a failure and revert, the probation. */
    private static final int MAX_DELAY_MS = 1000;
    private static final int PROBATION_MS = 500;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String[] ALARMS = {"felix: ERROR", "internal error", "unreadable", "is missing", "nothing of ticker is live",
        "Exception in thread"};

    @TempDir
    Path dir;
    private Path load;
    private Path config;

    private enum Kind {
        GOOD("count++;", ""), STEP_THROWS("throw new IllegalStateException(\"broken step\");", ""),
        CONSTRUCTOR_THROWS("count++;", "public Ticker() { throw new IllegalStateException(\"broken constructor\"); }");

        final byte[] jar;

        Kind(String step, String more) {
            jar = TestBundles.bundle("t.ticker", "1.0.0", Sources.of("t.ticker.Ticker", """
                    package t.ticker;
                    import org.osgi.service.component.annotations.*;
                    import dev.doitlive.api.*;
                    @Component(service = Step.class)
                    @Refreshable(name = "ticker")
                    @Loop(rate = 200)
                    public class Ticker implements Step {
                        private final transient String label =
                                org.osgi.framework.FrameworkUtil.getBundle(Ticker.class).getVersion().toString();
                        long count;
                        public void step() { %s }
                        %s
                    }
                    """.formatted(step, more)));
        }
    }

    @Test
    void killedAtRandomPointsOfARefresh() throws Exception {
        long seed = Long.getLong("doitlive.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("CrashIT: seed " + seed + " (-Ddoitlive.crash.seed=" + seed + " repeats this run)");
        load = dir.resolve("load");
        config = RuntimeProcess.copyOfConfig(dir);
        Files.writeString(config.resolve("dev.doitlive.runtime.cfg"), "probationMillis = " + PROBATION_MS + "\n");
        String[] args = {"--storage", "storage", "--watch", "load"};
        Map<String, Integer> outcomes = new TreeMap<>();
        List<Long> restartMillis = new ArrayList<>();
        int tmpLeft = 0;
        int jarsChecked = 0;

        RuntimeProcess p = RuntimeProcess.start(dir, config, WAIT, args);
        try {
            drop("1.0.0", Kind.GOOD);
            String lastGood = awaitServing(p, List.of("1.0.0"));
            awaitThroughProbation(p);
            for (int t = 1; t <= TRIALS; t++) {
                String version = "1.0." + t;
                int r = random.nextInt(10);
                Kind kind = r < 6 ? Kind.GOOD : r < 8 ? Kind.STEP_THROWS : Kind.CONSTRUCTOR_THROWS;
                drop(version, kind);
                // The kill lands at a random moment of the refresh: this wait is the experiment, not a guess.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(MAX_DELAY_MS)));
                String phase = phase(p.stderrLines(), version);
                p.kill();
                // The trial's journal, in the test's output: what a failing trial needs to be understood.
                System.out.println("trial " + t + ": " + kind + " " + version + " killed " + phase + "; the runtime had said:\n  "
                        + String.join("\n  ", p.stderrLines().stream().filter(l -> l.startsWith("doitlive: ")).toList()));

                long t0 = System.nanoTime();
                p = RuntimeProcess.start(dir, config, WAIT, args);
                List<String> allowed = kind == Kind.GOOD ? List.of(lastGood, version) : List.of(lastGood);
                String serving = awaitServing(p, allowed);
                restartMillis.add((System.nanoTime() - t0) / 1_000_000);
                String context = "trial " + t + " (seed " + seed + "), " + kind + " " + version + " killed " + phase;
                assertLiveRowIs(p, serving, context);
                assertAllBundlesActive(p, context);
                RuntimeProcess restarted = p;
                for (String alarm : ALARMS) {
                    assertFalse(restarted.stderrHas(alarm), () -> context + ": after the restart the runtime said:\n" + restarted.stderrText());
                }
                int[] checked = checkStorage(context);
                jarsChecked += checked[0];
                tmpLeft += checked[1];
                outcomes.merge(kind.name().toLowerCase().replace('_', ' ') + " | " + phase + " | "
                        + (serving.equals(version) ? "the new version" : "the version before"), 1, Integer::sum);
                lastGood = serving;
                awaitThroughProbation(p); // the next kill must not find the last good version still on probation
            }
            p.exit(WAIT); // a clean stop at the end (status 1: the state polls before the first arrival failed)
        } finally {
            p.close();
        }

        StringBuilder rows = new StringBuilder();
        outcomes.forEach((k, n) -> rows.append("| ").append(k).append(" | ").append(n).append(" |\n"));
        List<Long> sorted = restartMillis.stream().sorted().toList();
        ReliabilityReport.section("30-crash", """
                ## Crash

                The packaged runtime (`java -jar launcher/target/doitlive.jar`) runs a loop at 200 Hz; a new version of its
                step is dropped (6 in 10 good, 2 its step throws, 2 its constructor throws) and the process is killed with
                SIGKILL 0-%d ms later, at random, then started again on the same storage. %d trials (seed %d). `CrashIT`
                (4 trials in the default `mvn verify`, 60 with `-Preliability`):

                    mvn -pl launcher -am verify -Dtest=none -Dleak.test=none -Dit.test=CrashIT -Ddoitlive.crash.trials=60 -Ddoitlive.crash.seed=%d -Dsurefire.failIfNoSpecifiedTests=false

                Probation is set to %d ms. Asserted after every restart: the last good version serves (the one live before
                the kill, or the new one if it was through its probation: a version still on probation may be what killed the
                runtime, so it is not brought back) and the loop runs; `live:history` reads and its live row is the version serving; every
                jar the history keeps opens with its manifest and every index line parses; every bundle is active again
                from the framework's own cache; no error, no "unreadable", no "missing" line.

                | new version | when the kill came (last line printed about it) | serving after the restart | trials |
                |---|---|---|---|
                %s

                | figure | value |
                |---|---|
                | history jars opened and checked after restarts | %,d |
                | temporary or unnamed files in the history after a restart (a kill's leftovers are swept at the start) | %d |
                | restart to serving, median / max | %d ms / %d ms |
                """.formatted(MAX_DELAY_MS, TRIALS, seed, seed, PROBATION_MS, rows.toString().strip(), jarsChecked, tmpLeft, sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1)));
    }

    /** Waits until the live version is no longer noted on disk as on probation. */
    private void awaitThroughProbation(RuntimeProcess p) {
        String liveSeq = liveRow(p).split("\\s+")[1];
        Path marker = historyDir().resolve("probation");
        Await.until(() -> {
            try {
                return !Files.exists(marker) || !Files.readString(marker).strip().split(" ")[0].equals(liveSeq); // "SEQ BEFORE"
            } catch (IOException e) {
                return false; // deleted while read
            }
        }, WAIT, () -> "seq " + liveSeq + " through its probation; the runtime said:\n" + p.stderrText());
    }

    /** Puts the version's jar in the watched folder in one step (written outside, then renamed in). */
    private void drop(String version, Kind kind) throws IOException {
        Path staged = dir.resolve("staged.jar");
        Files.write(staged, Jars.withVersion(kind.jar, version));
        Files.move(staged, load.resolve("ticker.jar"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Waits until one of the allowed versions serves and its loop steps on; returns it. */
    private static String awaitServing(RuntimeProcess p, List<String> allowed) {
        String[] label = new String[1];
        long[] count = {-1};
        Await.until(() -> {
            Map<String, String> state = state(p);
            String l = state.get("label");
            if (l == null || !allowed.contains(l.replace("\"", ""))) {
                return false;
            }
            long c = Long.parseLong(state.get("count"));
            boolean stepping = label[0] != null && label[0].equals(l) && count[0] >= 0 && c > count[0];
            label[0] = l;
            count[0] = c;
            return stepping;
        }, WAIT, () -> "one of " + allowed + " to serve, its loop stepping: " + state(p) + "\n" + p.stderrText());
        return label[0].replace("\"", "");
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

    /** The row of live:history marked live: {@code *  SEQ  VERSION ...}. */
    private static String liveRow(RuntimeProcess p) {
        return p.run("live:history ticker", WAIT).lines().filter(l -> l.startsWith("*")).findFirst().orElseThrow();
    }

    private static void assertLiveRowIs(RuntimeProcess p, String version, String context) {
        String history = p.run("live:history ticker", WAIT);
        List<String> live = history.lines().filter(l -> l.startsWith("*")).toList();
        assertEquals(1, live.size(), () -> context + ": one live row in\n" + history);
        assertEquals(version, live.get(0).split("\\s+")[2], () -> context + ": the live row is what serves:\n" + history);
    }

    /** Gogo's lb: every bundle the framework brought back from its cache is active. */
    private static void assertAllBundlesActive(RuntimeProcess p, String context) {
        String lb = p.run("lb", WAIT);
        List<String> rows = lb.lines().filter(l -> l.matches("\\s*\\d+\\|.*")).toList();
        assertTrue(rows.size() >= 10, () -> context + ": lb lists the bundles:\n" + lb);
        for (String row : rows) {
            assertEquals("Active", row.split("\\|")[1].strip(), () -> context + ": every bundle active:\n" + lb);
        }
    }

    /**
     * The history on disk: every index line parses, exactly one is live, every version that says it has bytes has a
     * jar that opens with the ticker's manifest. Returns {jars checked, temporary or unnamed files}.
     */
    private Path historyDir() {
        try (Stream<Path> s = Files.walk(dir.resolve("storage"))) {
            return s.filter(x -> x.endsWith(Path.of("history", "ticker"))).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int[] checkStorage(String context) {
        Path history = historyDir();
        int jars = 0;
        int live = 0;
        java.util.Set<String> named = new java.util.HashSet<>();
        try {
            for (String line : Files.readAllLines(history.resolve("index.tsv"))) {
                String[] f = line.split("\t", -1);
                assertEquals(9, f.length, () -> context + ": index line " + line);
                long seq = Long.parseLong(f[0]);
                live += f[1].equals("LIVE") ? 1 : 0;
                Long.parseLong(f[3]);
                Long.parseLong(f[5]);
                if (Boolean.parseBoolean(f[6])) {
                    named.add(seq + ".jar");
                    try (JarFile jar = new JarFile(history.resolve(seq + ".jar").toFile())) {
                        Manifest m = jar.getManifest();
                        assertEquals("t.ticker", m.getMainAttributes().getValue("Bundle-SymbolicName"), context);
                        jars++;
                    }
                }
            }
            assertEquals(1, live, () -> context + ": one live version in the index");
            try (Stream<Path> s = Files.list(history)) {
                return new int[] {jars, (int) s.map(x -> x.getFileName().toString())
                        .filter(n -> n.endsWith(".tmp") || n.endsWith(".jar") && !named.contains(n)).count()};
            }
        } catch (IOException e) {
            throw new AssertionError(context + ": the history on disk does not read: " + e, e);
        }
    }

    /** How far the refresh of {@code version} had got when the kill came, from the last line printed about it. */
    private static String phase(List<String> stderr, String version) {
        String phase = "before the runtime saw it";
        boolean seen = false;
        for (String l : stderr) {
            if (l.contains("(" + version + ")") || l.contains("ticker.jar:")) {
                seen = true;
            }
            if (!seen) {
                continue;
            }
            if (l.contains("(" + version + ") is live")) {
                phase = "after it went live";
            } else if (l.contains("did not activate") || l.contains("reverting ticker")) {
                phase = "after its failure, before the restore";
            } else if (l.contains("restored into") || (l.contains("is live") && phase.startsWith("after its failure"))) {
                phase = "after the restore";
            }
        }
        return phase;
    }
}
