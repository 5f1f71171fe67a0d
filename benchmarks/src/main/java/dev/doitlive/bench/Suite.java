package dev.doitlive.bench;


import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.doitlive.bench.harness.AudioBench;
import dev.doitlive.bench.harness.BeatClockBench;
import dev.doitlive.bench.harness.CallsDuringSwap;
import dev.doitlive.bench.harness.ClusterCommit;
import dev.doitlive.bench.harness.HeldLanding;
import dev.doitlive.bench.harness.LiveSourceLatency;
import dev.doitlive.bench.harness.ProjectLatency;
import dev.doitlive.bench.harness.LoopContinuity;
import dev.doitlive.bench.harness.OscLatency;
import dev.doitlive.bench.harness.PixelsOut;
import dev.doitlive.bench.harness.ProxyCallCost;
import dev.doitlive.bench.harness.StagePage;
import dev.doitlive.bench.harness.StartToReady;
import dev.doitlive.bench.harness.StateSaveCost;
import dev.doitlive.bench.harness.StateTransferScaling;
import dev.doitlive.bench.harness.SwapLatency;

/**
 * The whole benchmark suite, one part after another, each in a JVM of its own (JMH forks its own again), then
 * BENCHMARKS.md: the machine, the targets met and missed, and each part's figures with their anchors.
 *
 * <pre>
 * java -cp ... dev.doitlive.bench.Suite [--out BENCHMARKS.md] [--only proxy,swap,...] [--quick]
 * </pre>
 *
 * Started by {@code benchmarks/run}, from the repository's root. {@code --quick} runs every part with few samples, to
 * check the harness; its figures mean nothing.
 */
public final class Suite {
    /**
     * The parts, in the order. A part is a main class that takes a results folder and writes
     * {@code <part>.md} and {@code <part>.targets.tsv} into it ({@link dev.doitlive.bench.harness.Results}).
     */
    static final List<Part> PARTS = List.of(
            new Part("proxy", "1. Proxy call cost (JMH)", ProxyCallCost.class, "-Dbench.jmh.warmup=1", "-Dbench.jmh.iterations=1",
                    "-Dbench.jmh.frameForks=1"),
            new Part("swap", "2. Swap latency", SwapLatency.class, "-Dbench.swap.warmup=1", "-Dbench.swap.samples=5", "-Dbench.swap.slowSamples=2"),
            new Part("calls", "3. Calls during a swap", CallsDuringSwap.class, "-Dbench.calls.warmup=1", "-Dbench.calls.refreshes=5"),
            new Part("loop", "4. Loop continuity", LoopContinuity.class, "-Dbench.loop.warmup=1", "-Dbench.loop.refreshes=5"),
            new Part("transfer", "5. State transfer scaling", StateTransferScaling.class, "-Dbench.transfer.warmup=1", "-Dbench.transfer.iterations=1"),
            new Part("start", "6. Start to ready", StartToReady.class, "-Dbench.start.runs=2"),
            new Part("source", "7. Saved .java → live", LiveSourceLatency.class, "-Dbench.source.warmup=1",
                    "-Dbench.source.samples=5", "-Dbench.source.mavenRuns=1"),
            new Part("state", "8. State saves under a 60 Hz loop", StateSaveCost.class, "-Dbench.state.seconds=3"),
            new Part("stage", "9. The stage (web page)", StagePage.class, "-Dbench.stage.windows=2", "-Dbench.stage.windowSeconds=3",
                    "-Dbench.stage.sets=10", "-Dbench.stage.setWarmup=3", "-Dbench.stage.saves=3", "-Dbench.stage.saveWarmup=1"),
            new Part("beat", "10. The beat clock", BeatClockBench.class, "-Dbench.beat.trials=50", "-Dbench.jmh.warmup=1",
                    "-Dbench.jmh.iterations=1"),
            new Part("held", "11. Swaps held for the beat", HeldLanding.class, "-Dbench.held.warmup=1", "-Dbench.held.samples=5"),
            new Part("pixels", "12. Pixels out (sACN, Art-Net, OPC, DDP)", PixelsOut.class, "-Dbench.pixels.seconds=3", "-Dbench.pixels.windows=1",
                    "-Dbench.pixels.windowSeconds=2"),
            new Part("osc", "13. OSC message → field changed", OscLatency.class, "-Dbench.osc.warmup=10", "-Dbench.osc.samples=50"),
            new Part("projects", "14. Live source for real projects: a folder, a module in dev mode", ProjectLatency.class,
                    "-Dbench.projects.warmup=1", "-Dbench.projects.samples=5", "-Dbench.projects.mavenRuns=1"),
            new Part("audio", "15. Audio blocks through swaps", AudioBench.class, "-Dbench.audio.swaps=5"),
            new Part("cluster", "16. A stage of several runtimes (cluster)", ClusterCommit.class, "-Dbench.cluster.warmup=1",
                    "-Dbench.cluster.samples=5"));

    /** One part: its id, its section title, its main class, and its options in --quick. */
    record Part(String id, String title, Class<?> main, String... quick) {
    }

    private Suite() {
    }

    public static void main(String[] args) throws Exception {
        try {
            suite(args);
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks: " + e.getMessage()); // a usage error is one line, not a trace
            System.exit(2);
        }
    }

    private static final String USAGE = "benchmarks/run [--out FILE] [--only PART,...] [--quick]; parts: ";

    private static void suite(String[] args) throws Exception {
        Path outFile = Path.of("BENCHMARKS.md");
        List<String> only = null;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> outFile = Path.of(value(args, ++i, "--out"));
                case "--only" -> only = List.of(value(args, ++i, "--only").split(","));
                case "--quick" -> quick = true;
                case "--help", "-h" -> {
                    System.out.println(USAGE + String.join(", ", PARTS.stream().map(Part::id).toList()));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "' (--out FILE, --only part,..., --quick)");
            }
        }
        if (only != null) {
            for (String id : only) {
                if (PARTS.stream().noneMatch(p -> p.id.equals(id))) {
                    throw new IllegalArgumentException("--only: no part '" + id + "' (parts: "
                            + String.join(", ", PARTS.stream().map(Part::id).toList()) + ")");
                }
            }
        }
        Path results = Files.createTempDirectory("doitlive-bench-results-");
        Machine machine = new Machine();
        long start = System.nanoTime();
        Map<String, String> loads = new LinkedHashMap<>();
        for (Part part : PARTS) {
            if (only != null && !only.contains(part.id)) {
                continue;
            }
            System.out.println("== " + part.title + " (log: " + results.resolve(part.id + ".log") + ")");
            Machine.Usage usage = Machine.Usage.start();
            long t0 = System.nanoTime();
            int status = run(part, results, quick);
            String took = String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - t0) / 1e9);
            loads.put(part.id, took + " | " + usage.stop());
            if (status != 0) {
                Files.writeString(results.resolve(part.id + ".md"), "**The part failed** (exit status " + status + "); the end of its log:\n\n```\n"
                        + tail(results.resolve(part.id + ".log"), 15) + "\n```\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            System.out.println("   " + loads.get(part.id).replace(" | ", ", ") + (status == 0 ? "" : " - FAILED, see the log"));
        }
        long total = System.nanoTime() - start;
        String md = Report.write(PARTS, only, results, machine, loads, total, quick);
        Files.writeString(outFile, md, StandardCharsets.UTF_8);
        System.out.println("Wrote " + outFile.toAbsolutePath() + " (" + String.format(Locale.ROOT, "%.1f", total / 60e9) + " min; logs in " + results + ")");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** Runs one part in a JVM of its own, with the suite's class path; its output goes to its log. */
    private static int run(Part part, Path results, boolean quick) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Ddoitlive.config=" + Path.of(System.getProperty("doitlive.config", "config")).toAbsolutePath());
        if (quick) {
            cmd.addAll(List.of(part.quick));
        }
        cmd.add(part.main.getName());
        cmd.add(results.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(results.resolve(part.id + ".log").toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** What the numbers were measured on: CPU, memory, OS, JDK, and how busy the machine was. */
    static final class Machine {
        final String cpu = cpuModel();
        final int cores = Runtime.getRuntime().availableProcessors();
        final long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        final String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")";
        final String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.vendor") + ")";
        final String when = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
        final String commit = git();

        private static String cpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
            } catch (IOException e) {
                return System.getProperty("os.arch");
            }
        }

        private static String git() {
            try {
                Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
                String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return p.waitFor() == 0 ? s : "unknown";
            } catch (IOException | InterruptedException e) {
                return "unknown";
            }
        }

        /**
         * How busy the machine was while a part ran: the share of all cores in use (ours and everyone else's) and the
         * load average at the end, from /proc (Linux); other processes show as the difference to what a part needs.
         */
        record Usage(long[] before) {
            static Usage start() {
                return new Usage(cpuTimes());
            }

            String stop() {
                long[] after = cpuTimes();
                if (before == null || after == null) {
                    return "? | ? | ?";
                }
                long busy = (after[0] - after[1]) - (before[0] - before[1]);
                long all = after[0] - before[0];
                long steal = after[2] - before[2];
                return String.format(Locale.ROOT, "%.0f%% | %.0f%% | %s", 100.0 * busy / Math.max(1, all), 100.0 * steal / Math.max(1, all),
                        loadAverage());
            }

            /** {total, idle + iowait, steal} jiffies of all CPUs, or null off Linux. */
            private static long[] cpuTimes() {
                try {
                    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                    long total = 0;
                    for (int i = 1; i < f.length; i++) {
                        total += Long.parseLong(f[i]);
                    }
                    return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5]), f.length > 8 ? Long.parseLong(f[8]) : 0};
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            }

            static String loadAverage() {
                try {
                    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
                    return f[0] + " / " + f[1] + " / " + f[2];
                } catch (IOException | RuntimeException e) {
                    return "?";
                }
            }
        }
    }

}
