package dev.doitlive.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One node of a stage on this machine: the packaged runtime as a process (a small heap), with a folder of its own (its
 * storage, its watched folder, its config with {@code dev.doitlive.cluster.cfg}), on loopback.
 */
public final class ClusterNode implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(60);
    /** JVM options through the environment: the launcher's command line is the test helper's. */
    private static final String JVM = "JAVA_TOOL_OPTIONS=-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    final String name;
    final Path dir;
    final int port;
    private final String clusterCfg;
    RuntimeProcess process;

    private ClusterNode(String name, Path dir, int port, String clusterCfg) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.clusterCfg = clusterCfg;
    }

    /** Free loopback ports for {@code n} nodes, each with its failure detector's port (+100) free too. */
    public static int[] ports(int n) {
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            for (;;) {
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                        ServerSocket fd = new ServerSocket(s.getLocalPort() + 100, 1, InetAddress.getLoopbackAddress())) {
                    ports[i] = s.getLocalPort();
                    break;
                } catch (IOException e) {
                    // +100 taken (or beyond 65535): another
                }
            }
        }
        return ports;
    }

    /** The member list of nodes on these ports. */
    static String members(int[] ports) {
        StringBuilder sb = new StringBuilder();
        for (int p : ports) {
            sb.append(sb.length() == 0 ? "" : ", ").append("127.0.0.1:").append(p);
        }
        return sb.toString();
    }

    static ClusterNode create(Path root, String name, int port, String members, String secret, String more) {
        return create(root, name, "cluster = t\nnode = " + name + "\nbind = 127.0.0.1:" + port + "\nmembers = " + members + "\nsecret = "
                + secret + "\nleadMillis = 300\n" + more, port);
    }

    /** A node with the cluster settings {@code cfg} as they are. */
    static ClusterNode create(Path root, String name, String cfg, int port) {
        ClusterNode n = new ClusterNode(name, root.resolve(name), port, cfg);
        try {
            Path config = n.dir.resolve("config");
            Files.createDirectories(config);
            Files.createDirectories(n.dir.resolve("load"));
            try (Stream<Path> files = Files.list(RuntimeProcess.CONFIG)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, config.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(config.resolve("dev.doitlive.cluster.cfg"), cfg);
            Files.writeString(config.resolve("dev.doitlive.runtime.cfg"), "probationMillis = 1000\nprobationCalls = 5\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    ClusterNode start() {
        return start(List.of());
    }

    /** Starts it under {@code wrapper} (e.g. {@code ip netns exec NS}). */
    ClusterNode start(List<String> wrapper) {
        List<String> w = new java.util.ArrayList<>(wrapper);
        w.addAll(List.of("env", JVM));
        process = RuntimeProcess.start(w, dir, dir.resolve("config"), START, "--storage", "storage", "--watch", "load");
        return this;
    }

    /** Writes a jar beside the watched folder and renames it in, as a script should. */
    void drop(String file, byte[] jar) {
        try {
            Path tmp = dir.resolve(file + ".tmp");
            Files.write(tmp, jar);
            Files.move(tmp, dir.resolve("load").resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String run(String command) {
        return process.run(command, Duration.ofSeconds(30));
    }

    /** The Bundle-Version live of {@code refreshable}, from live:list, or null when it is not listed. */
    String live(String refreshable) {
        for (String line : run("live:list").split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length > 4 && cols[0].equals(refreshable)) {
                return cols[4]; // NAME BUNDLE FILE SEQ VERSION ...
            }
        }
        return null;
    }

    /**
     * The frame the stage's commit named for {@code refreshable}'s last landing here, from live:cluster (where it landed,
     * or the commit frame it says it was late for); -1 if none.
     */
    long commitFrame(String refreshable) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(refreshable) + ": seq \\d+ landed on frame (\\d+)(?:, -?\\d+ after its commit frame (\\d+))?")
                .matcher(run("live:cluster"));
        return !m.find() ? -1 : Long.parseLong(m.group(2) != null ? m.group(2) : m.group(1));
    }

    /** The stage's leader as this node sees it, from live:cluster's ROLE column; null when none is shown. */
    String leader() {
        for (String line : run("live:cluster").split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length > 1 && line.contains(" leader ")) {
                return cols[0];
            }
        }
        return null;
    }

    boolean said(String fragment) {
        return process.stderrHas(fragment);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
