package dev.doitlive.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CPU a runtime at rest takes: {@code java -jar doitlive.jar} as a user starts it (shipped config, its watched
 * folder holding the counter example when it was built), once it is ready, over a quiet window: the process's user and
 * system time from {@code /proc/<pid>/stat}, and which of its threads took it ({@code /proc/<pid>/task}).
 */
final class IdleCpu {
    /** Clock ticks per second of /proc's times: USER_HZ, 100 on Linux everywhere it runs. */
    private static final double TICKS_PER_SECOND = 100;

    /** The share of one core the process took, and the busiest threads ("name 0.31 %"). */
    record Result(double percentOfCore, long seconds, List<String> threads) {
    }

    private IdleCpu() {
    }

    static Result measure(Path jar, Path config, Path dir, long settleSeconds, long seconds) throws IOException, InterruptedException {
        Path watch = Files.createDirectories(dir.resolve("load"));
        for (String module : List.of("counter-api", "counter")) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("bundles/examples", module, "target"), "example.*.jar")) {
                for (Path j : jars) {
                    Files.copy(j, watch.resolve(j.getFileName()));
                }
            } catch (IOException e) {
                // not built: an empty folder
            }
        }
        String javaCmd = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaCmd, "-jar", jar.toString(), "--config", config.toString(), "--watch", watch.toString(),
                "--storage", dir.resolve("storage").toString(), "--web-port", "0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            for (String line = err.readLine(); line == null || !line.contains("ready in"); line = err.readLine()) {
                if (line == null) {
                    throw new IllegalStateException("the runtime stopped before it was ready");
                }
            }
            Thread drain = new Thread(() -> {
                try {
                    while (err.readLine() != null) {
                        // its lines are not measured
                    }
                } catch (IOException e) {
                    // gone
                }
            }, "idle-stderr");
            drain.setDaemon(true);
            drain.start();
            TimeUnit.SECONDS.sleep(settleSeconds);
            Path proc = Path.of("/proc", Long.toString(p.pid()));
            Map<String, Long> before = threadTicks(proc);
            long t0 = System.nanoTime();
            long c0 = ticks(proc.resolve("stat"));
            TimeUnit.SECONDS.sleep(seconds);
            long c1 = ticks(proc.resolve("stat"));
            double wall = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> after = threadTicks(proc);
            double percent = (c1 - c0) / TICKS_PER_SECOND / wall * 100;
            List<Map.Entry<String, Long>> busy = new ArrayList<>();
            after.forEach((name, t) -> busy.add(Map.entry(name, t - before.getOrDefault(name, 0L))));
            busy.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            List<String> top = new ArrayList<>();
            for (Map.Entry<String, Long> e : busy.subList(0, Math.min(5, busy.size()))) {
                if (e.getValue() > 0) {
                    top.add(e.getKey() + " " + String.format(java.util.Locale.ROOT, "%.2f %%", e.getValue() / TICKS_PER_SECOND / wall * 100));
                }
            }
            return new Result(percent, seconds, top);
        } finally {
            p.getOutputStream().close(); // end of its script: it stops
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** utime + stime of a /proc stat file (fields 14 and 15, counted after the parenthesised name). */
    private static long ticks(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Ticks per thread, by name (threads of one name summed: a pool's workers). */
    private static Map<String, Long> threadTicks(Path proc) throws IOException {
        Map<String, Long> byName = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path t : tasks) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip();
                    byName.merge(name, ticks(t.resolve("stat")), Long::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return byName;
    }
}
