package dev.doitlive.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.doitlive.itest.TestBundles;

/**
 * The cluster (issue 17): stages of 3 and 5 runtimes on this machine (the packaged doitlive.jar, a process each, TCP on
 * loopback, each node's clock put off by up to a few ms with {@code clockOffsetMillis}), each running a 60 Hz loop whose
 * step is the refreshable. A new version of the step is dropped on one node after the other, {@value #SAMPLES_DEFAULT}
 * times: from the rename into its watched folder until the leader says it landed everywhere; on which frame each node
 * swapped (by its own clock, and by the machine's one clock); the loop's largest gap between two steps. The anchor: one
 * runtime with the cluster off, the same drops landing at once, its loop's largest gap.
 */
public final class ClusterCommit {
    private static final int SAMPLES_DEFAULT = 100;
    private static final int SAMPLES = Integer.getInteger("bench.cluster.samples", SAMPLES_DEFAULT);
    private static final int WARMUP = Integer.getInteger("bench.cluster.warmup", 5);
    /** The stage's leadMillis: its default, 100 ms, unless given. */
    private static final int LEAD = Integer.getInteger("bench.cluster.leadMillis", 100);
    private static final String SECRET = "bench-stage-secret";
    private static final Pattern HERE = Pattern.compile("(?m)^show: seq \\d+ landed on frame (\\d+)[^\\n]*?(?:\\(frame (\\d+) by the system clock)?");
    private static final Pattern GAP = Pattern.compile("(?m)^\\s*maxGapNanos\\s*=\\s*(\\d+)");

    private ClusterCommit() {
    }

    /** The loop's step: it keeps its largest gap between two steps (carried across swaps). */
    static byte[] show(String version) {
        return loop("show", version);
    }

    /** A 60 Hz loop named {@code name} that keeps its largest gap between two steps. */
    static byte[] loop(String name, String version) {
        return TestBundles.bundle("bench." + name, version, java.util.Map.of("bench." + name + ".Show", ("""
                package bench.NAME;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                @Component(service = Step.class)
                @Refreshable(name = "NAME")
                @Loop(rate = 60)
                public class Show implements Step {
                    long steps;
                    long last;
                    long maxGapNanos;
                    public void step() {
                        long now = System.nanoTime();
                        if (last != 0 && steps > 60) { maxGapNanos = Math.max(maxGapNanos, now - last); }
                        last = now;
                        steps++;
                    }
                }
                """).replace("NAME", name)));
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("cluster");
        Path dir = Harness.tempDir("cluster");
        try {
            r.line("Stages of runtimes on this machine: `java -jar doitlive.jar` processes (-Xmx160m each), TCP on 127.0.0.1 with a"
                    + " member list, AUTH and ASYM_ENCRYPT on, 60 frames a second, commit lead " + LEAD + " ms at least; node i's clock put off by"
                    + " (-1)^i·i ms (`clockOffsetMillis`: 0, -1, +2, -3, +4 ms). Each node runs a 60 Hz loop whose step is the refreshable."
                    + " " + SAMPLES + " new versions of the step, each dropped on the next node in turn (" + WARMUP + " more first, not counted);"
                    + " *committed everywhere*: from the rename into that node's watched folder until the leader's line that every node"
                    + " landed it (FileInstall's 50 ms poll, the arrival, every node's prepare, the lead, the landing). The anchor: one"
                    + " runtime with the cluster off, the same drops going live at once.");
            r.line("");
            r.line("| nodes | committed everywhere | same frame on every node (own clocks) | same frame (the machine's clock) | largest gap: the loop refreshed | another 60 Hz loop |");
            r.line("|---|---|---|---|---|---|");
            List<String> lateLines = new ArrayList<>();
            Trial off = trial(dir.resolve("off"), 1, false);
            r.line("| 1, cluster off (anchor) | " + off.latency.summary() + " | - | - | " + Stats.ms(off.maxGap) + " | " + Stats.ms(off.tickerGap) + " |");
            for (int n : new int[] {3, 5}) {
                Trial t = trial(dir.resolve("n" + n), n, true);
                r.line("| " + n + " | " + t.latency.summary() + " | " + t.sameOwn + " of " + t.commits + " | " + t.sameSystem + " of " + t.commits
                        + " | " + Stats.ms(t.maxGap) + " | " + Stats.ms(t.tickerGap) + " |");
                lateLines.add(n + " nodes: " + t.late + (t.late == 1 ? " landing" : " landings") + " (of " + n * (t.commits + WARMUP)
                        + ") came a frame or more after the commit frame, " + t.stalls + " of them with the commit there in time (the node"
                        + " stalled before its landing), the others with the commit late; each said so on its node (the part's log has the lines)");
                r.target("Drop → committed on " + n + " nodes, median (p99 " + Stats.ms(t.latency.p99()) + ")", Stats.ms(t.latency.median())
                        + " (n=" + t.latency.n() + ")", "one runtime, cluster off: median " + Stats.ms(off.latency.median()), "-", null);
                r.target("Same swap frame on all " + n + " nodes, clocks up to " + (n - 1) + " ms apart", t.sameSystem + " of " + t.commits
                        + " by the machine's clock (" + t.sameOwn + " by each node's own)", "-", "≥ 99 %", t.sameSystem * 100 >= 99L * t.commits);
                r.target("60 Hz loop's largest gap with " + n + " nodes (a loop beside the one refreshed)", Stats.ms(t.tickerGap),
                        "cluster off: " + Stats.ms(off.tickerGap), "-", null);
            }
            r.line("");
            lateLines.forEach(l -> r.line("- " + l));
            r.line("");
            r.line("At 20 nodes, on paper: each commit is one multicast of the jar (TCP sends it to each member: 20 copies from the leader)"
                    + " and 20 small unicasts back, twice (ready, landed); a member's prepare runs in parallel with the others', so the time"
                    + " to commit grows with the slowest member's prepare and the leader's upload (20 × a 10 kB jar is nothing on a LAN),"
                    + " not with the count. Pings are n² (380 a second at 20 nodes, ~100 bytes each). The lead stays 2 × the slowest"
                    + " delivery. JGroups' own limits (a view change, a merge) are seconds at 20 nodes; a split leaves a minority of up to"
                    + " 10 holding its versions.");
        } finally {
            r.write(out);
            Harness.delete(dir);
        }
    }

    /** One stage's figures. */
    private record Trial(Stats latency, int commits, int sameOwn, int sameSystem, long maxGap, long tickerGap, int late, int stalls) {
    }

    private static Trial trial(Path root, int n, boolean on) throws Exception {
        int[] ports = dev.doitlive.itest.ClusterNode.ports(n);
        StringBuilder members = new StringBuilder();
        for (int p : ports) {
            members.append(members.length() == 0 ? "" : ", ").append("127.0.0.1:").append(p);
        }
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                double offset = i % 2 == 0 ? i : -i;
                String cfg = on ? "cluster = bench\nnode = n" + i + "\nbind = 127.0.0.1:" + ports[i] + "\nmembers = " + members + "\nsecret = "
                        + SECRET + "\nclockOffsetMillis = " + offset + "\nleadMillis = " + LEAD + "\n" : "";
                nodes.add(Node.start(root.resolve("n" + i), cfg));
            }
            Node leader = nodes.get(0);
            if (on) {
                Harness.await(() -> leader.run("live:cluster").contains(n + " nodes"), n + " nodes on the stage");
            }
            for (Node node : nodes) {
                node.drop(show("1.0.0"));
                node.drop("ticker.jar", loop("ticker", "1.0.0")); // never refreshed: what the stage costs a loop beside it
            }
            for (Node node : nodes) {
                Harness.await(() -> node.run("live:list").contains("1.0.0"), "show 1.0.0 live");
            }
            long[] latency = new long[SAMPLES];
            int sameOwn = 0;
            int sameSystem = 0;
            for (int k = -WARMUP; k < SAMPLES; k++) {
                String version = "1.0." + (k + WARMUP + 1);
                byte[] jar = show(version);
                Node origin = nodes.get(Math.floorMod(k, n));
                Harness.settle(50, 100);
                // The leader's line once every node said it landed ("... landed on n0, n1, n2 on frame F"); off: the runtime's.
                String done = on ? "landed on n" : "is live";
                Node waitOn = on ? leader : origin;
                int seen = waitOn.count(done);
                long t0 = origin.drop(jar);
                Harness.await(() -> waitOn.count(done) > seen, version + " committed");
                long t1 = waitOn.lastAt(done);
                if (k < 0) {
                    continue;
                }
                latency[k] = t1 - t0;
                if (on) {
                    List<Long> own = new ArrayList<>();
                    List<Long> system = new ArrayList<>();
                    for (Node node : nodes) {
                        Matcher m = HERE.matcher(node.run("live:cluster"));
                        if (m.find()) {
                            own.add(Long.parseLong(m.group(1)));
                            system.add(m.group(2) == null ? Long.parseLong(m.group(1)) : Long.parseLong(m.group(2)));
                        }
                    }
                    sameOwn += own.size() == n && own.stream().distinct().count() == 1 ? 1 : 0;
                    sameSystem += system.size() == n && system.stream().distinct().count() == 1 ? 1 : 0;
                }
            }
            long gap = 0;
            long tickerGap = 0;
            for (Node node : nodes) {
                Matcher m = GAP.matcher(node.run("live:state show"));
                if (m.find()) {
                    gap = Math.max(gap, Long.parseLong(m.group(1)));
                }
                Matcher t = GAP.matcher(node.run("live:state ticker"));
                if (t.find()) {
                    tickerGap = Math.max(tickerGap, Long.parseLong(t.group(1)));
                }
            }
            int late = 0;
            int stalls = 0;
            for (Node node : nodes) {
                late += node.count(" after its commit frame"); // "1 frame after …" and "N frames after …"
                stalls += node.count("and this node stalled");
                node.lines("frames after its commit frame").forEach(l -> System.out.println(node + ": " + l)); // in the part's log
            }
            return new Trial(new Stats(latency), SAMPLES, sameOwn, sameSystem, gap, tickerGap, late, stalls);
        } finally {
            for (Node node : nodes) {
                node.close();
            }
        }
    }

    /** One runtime as a process, driven through its standard input; its standard error kept with the time each line came. */
    private static final class Node implements AutoCloseable {
        private static final Path JAR = Path.of(System.getProperty("bench.jar", "launcher/target/doitlive.jar")).toAbsolutePath();
        private final Path dir;
        private final Process process;
        private final OutputStream stdin;
        private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        private final List<String> stderr = new ArrayList<>();
        private final List<Long> stderrAt = new ArrayList<>();
        private int commands;

        private Node(Path dir, Process process) {
            this.dir = dir;
            this.process = process;
            this.stdin = process.getOutputStream();
            pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), l -> stdout.add(l));
            pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), l -> {
                long at = System.nanoTime();
                synchronized (stderr) {
                    stderr.add(l);
                    stderrAt.add(at);
                }
            });
        }

        static Node start(Path dir, String clusterCfg) throws IOException {
            Path config = dir.resolve("config");
            Files.createDirectories(config);
            Files.createDirectories(dir.resolve("load"));
            try (Stream<Path> files = Files.list(Path.of(System.getProperty("doitlive.config", "config")))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, config.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(config.resolve("dev.doitlive.cluster.cfg"), clusterCfg);
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx160m", "-Ddoitlive.osc.port=0",
                    "-jar", JAR.toString(), "--config", config.toString(), "--storage", "storage", "--watch", "load", "--no-web");
            Node n = new Node(dir, new ProcessBuilder(cmd).directory(dir.toFile()).start());
            Harness.await(() -> n.count("Reading commands from standard input") > 0 || !n.process.isAlive(), "the runtime to start");
            if (!n.process.isAlive()) {
                throw new IllegalStateException("the runtime exited: " + String.join("\n", n.stderr));
            }
            return n;
        }

        private static void pump(BufferedReader r, java.util.function.Consumer<String> sink) {
            Thread t = new Thread(() -> {
                try (r) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        sink.accept(l);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "bench-node-pump");
            t.setDaemon(true);
            t.start();
        }

        long drop(byte[] jar) {
            return drop("show.jar", jar);
        }

        long drop(String file, byte[] jar) {
            try {
                Path tmp = dir.resolve(file + ".tmp");
                Files.write(tmp, jar);
                Files.move(tmp, dir.resolve("load").resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return System.nanoTime();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<String> lines(String fragment) {
            synchronized (stderr) {
                return stderr.stream().filter(l -> l.contains(fragment)).toList();
            }
        }

        int count(String fragment) {
            synchronized (stderr) {
                return (int) stderr.stream().filter(l -> l.contains(fragment)).count();
            }
        }

        long lastAt(String fragment) {
            synchronized (stderr) {
                for (int i = stderr.size() - 1; i >= 0; i--) {
                    if (stderr.get(i).contains(fragment)) {
                        return stderrAt.get(i);
                    }
                }
            }
            throw new IllegalStateException("no line with " + fragment);
        }

        String run(String command) {
            String marker = "@@done-" + (++commands);
            try {
                stdin.write((command + "\necho " + marker + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                StringBuilder sb = new StringBuilder();
                for (;;) {
                    String line = stdout.poll(Harness.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    if (line == null) {
                        throw new IllegalStateException(command + ": no answer");
                    }
                    if (line.equals(marker)) {
                        return sb.toString();
                    }
                    sb.append(line).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "node in %s", dir);
        }
    }
}
