package dev.doitlive.bench.harness;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start to ready (issue 6, item 6): {@code java -jar launcher/target/doitlive.jar} as a user starts it (a fresh
 * storage, then again on the storage it left), with {@code live:list} on standard input: from the process's start to
 * the shell's answer. The launcher starts the console only once the runtime is up and FileInstall has scanned the
 * watched folder, so the answer means both. Also the launcher's own figure ("ready in N ms", from the JVM's start).
 * Anchors: a JVM that prints a line, and bare Felix started and stopped, each as a process of its own.
 */
public final class StartToReady {
    private static final int RUNS = Integer.getInteger("bench.start.runs", 10);
    private static final int WARMUP = 2;
    private static final long TARGET = 300_000_000L;
    private static final Pattern READY = Pattern.compile("ready in (\\d+) ms");
    /** A step of a traced start ({@code -Ddoitlive.start.trace=true}): ms from the process's start, and the step. */
    private static final Pattern STEP = Pattern.compile("(?m)^doitlive start: (\\d+) (.+)$");
    private static final int TRACED = Integer.getInteger("bench.start.traced", 5);

    private StartToReady() {
    }

    /** One start: the time to the first line on standard output, and the launcher's own figure if it printed one. */
    record Start(long answerNanos, long readyMillis, String err) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("start");
        Path jar = Path.of(System.getProperty("bench.jar", "launcher/target/doitlive.jar")).toAbsolutePath();
        Path config = Path.of(System.getProperty("doitlive.config", "config")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: build it first (mvn -DskipTests package)");
        }
        String javaCmd = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The anchors run with no more on their class path than they need: the harness's classes (and Felix).
        String classes = Path.of(StartToReady.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path dir = Harness.tempDir("start");
        try {
            long[] fresh = new long[RUNS];
            long[] again = new long[RUNS];
            long[] freshReady = new long[RUNS];
            long[] hello = new long[RUNS];
            long[] felix = new long[RUNS];
            for (int i = -WARMUP; i < RUNS; i++) {
                Path storage = dir.resolve("storage" + i);
                List<String> doitlive = List.of(javaCmd, "-jar", jar.toString(), "--config", config.toString(), "--watch",
                        dir.resolve("load" + i).toString(), "--storage", storage.toString());
                Start f = start(doitlive, "live:list\n");
                Start a = start(doitlive, "live:list\n");
                Start h = start(List.of(javaCmd, "-cp", classes, Hello.class.getName()), "");
                Start b = start(List.of(javaCmd, "-cp", classes + File.pathSeparator + jar, BareFelix.class.getName()), "");
                if (i >= 0) {
                    fresh[i] = f.answerNanos;
                    freshReady[i] = f.readyMillis * 1_000_000L;
                    again[i] = a.answerNanos;
                    hello[i] = h.answerNanos;
                    felix[i] = b.answerNanos;
                }
            }
            Stats sf = new Stats(fresh);
            Stats sa = new Stats(again);
            Stats sr = new Stats(freshReady);
            Stats sh = new Stats(hello);
            Stats sb = new Stats(felix);
            r.line("Each a process of its own, " + RUNS + " times after " + WARMUP + " warm-up rounds; from the process's start to its first line on"
                    + " standard output.");
            r.line("");
            r.line("| what | start → answer |");
            r.line("|---|---|");
            r.line("| **`java -jar doitlive.jar`, fresh storage: `live:list` answered** | " + sf.summary() + " |");
            r.line("| the same, started again on the storage it left | " + sa.summary() + " |");
            r.line("| its banner's \"ready in\" (JVM start → runtime up, watched folder scanned), fresh storage | " + sr.summary() + " |");
            r.line("| a JVM printing one line (anchor) | " + sh.summary() + " |");
            r.line("| bare Felix 7.0.5 started with no bundle (anchor) | " + sb.summary() + " |");
            r.target("start to ready (shell answers, folder live), fresh storage", Stats.ms(sf.median()) + " (worst " + Stats.ms(sf.max()) + ")",
                    "JVM alone " + Stats.ms(sh.median()) + ", bare Felix " + Stats.ms(sb.median()), "≤ 300 ms", sf.median() <= TARGET);
            breakdown(r, javaCmd, jar, config, dir);
        } finally {
            r.write(out);
            Harness.delete(dir);
        }
    }

    /**
     * Where the time goes: {@value #TRACED} more fresh starts with the launcher's start trace on (not counted above: the
     * trace prints), each step's share (from the step before) and each bundle's start, medians.
     */
    private static void breakdown(Results r, String javaCmd, Path jar, Path config, Path dir) throws IOException, InterruptedException {
        java.util.Map<String, List<Long>> steps = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<Long>> bundles = new java.util.TreeMap<>();
        for (int i = 0; i < TRACED; i++) {
            Path storage = dir.resolve("traced" + i);
            Start s = start(List.of(javaCmd, "-Ddoitlive.start.trace=true", "-jar", jar.toString(), "--config", config.toString(), "--watch",
                    dir.resolve("traced-load" + i).toString(), "--storage", storage.toString()), "live:list\n");
            long before = 0;
            Matcher m = STEP.matcher(s.err);
            while (m.find()) {
                long at = Long.parseLong(m.group(1));
                String step = m.group(2);
                if (step.startsWith("bundle ")) {
                    String[] w = step.split(" ");
                    bundles.computeIfAbsent(w[1], k -> new java.util.ArrayList<>()).add(Long.parseLong(w[2]));
                } else {
                    steps.computeIfAbsent(step, k -> new java.util.ArrayList<>()).add(at - before);
                    before = at;
                }
            }
            steps.computeIfAbsent("first answer on standard output", k -> new java.util.ArrayList<>()).add(s.answerNanos / 1_000_000 - before);
        }
        r.line("");
        r.line("Where a fresh start's time goes: " + TRACED + " more starts with `-Ddoitlive.start.trace=true` (the launcher's steps"
                + " and each bundle's start, printed to stderr), medians in ms. A step's time is from the step before (the first: from the"
                + " process's start, which is the JVM's own start and its loading of the launcher).");
        r.line("");
        r.line("| step | ms |");
        r.line("|---|---|");
        steps.forEach((k, v) -> r.line("| " + k + " | " + median(v) + " |"));
        r.line("");
        r.line("| bundle's start (activator and the components it activates; the page's after the console) | ms |");
        r.line("|---|---|");
        bundles.entrySet().stream().sorted((a, b) -> Long.compare(median(b.getValue()), median(a.getValue())))
                .forEach(e -> r.line("| " + e.getKey() + " | " + median(e.getValue()) + " |"));
    }

    private static long median(List<Long> v) {
        List<Long> s = v.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    private static Start start(List<String> command, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        long answered = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            answered = System.nanoTime() - t0;
            if (first == null) {
                throw new IllegalStateException(command + " printed nothing: " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            while (lines.readLine() != null) {
                // drain until it exits
            }
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not exit");
        }
        Matcher m = READY.matcher(err);
        return new Start(answered, m.find() ? Long.parseLong(m.group(1)) : -1, err);
    }

}
