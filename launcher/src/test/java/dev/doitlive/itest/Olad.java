package dev.doitlive.itest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * A real Open Lighting Architecture daemon (Debian's {@code ola}), the receiver nobody here wrote, set up as measured in
 * shared/reference/led-receivers-measured.md: started as its own user {@code olad} (it refuses root) with a config dir
 * of its own (absolute, owned by olad, else it silently loads every plugin), only the plugins given enabled, its ports
 * patched to universes by a pre-written {@code ola-port.conf}. What it received is read back from its HTTP API,
 * {@code /get_dmx?u=N}, with curl (inside the namespace, when it runs in one).
 */
final class Olad implements AutoCloseable {
    /** Every plugin config file olad writes on a first start; all are turned off but the ones a test enables. */
    private static final List<String> PLUGINS = List.of("artnet", "dummy", "e131", "espnet", "ftdidmx", "gpio", "karate", "kinet",
            "milinst", "opendmx", "openpixelcontrol", "osc", "pathport", "renard", "sandnet", "shownet", "spi", "stageprofi",
            "uartdmx", "usbdmx", "usbserial");
    private static final java.util.regex.Pattern DMX = java.util.regex.Pattern.compile("\"dmx\":\\s*\\[([^\\]]*)\\]");

    private final Path dir;
    private final List<String> wrapper;
    private final int httpPort;
    private final Process process;

    private Olad(Path dir, List<String> wrapper, int httpPort, Process process) {
        this.dir = dir;
        this.wrapper = wrapper;
        this.httpPort = httpPort;
        this.process = process;
    }

    /** Skips the test (one line) without root, olad, runuser or curl. */
    static void assumeAvailable() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (to start olad as user olad): skipped");
        assumeTrue(Programs.onPath("olad"), "needs olad (Debian package ola): skipped");
        assumeTrue(Programs.onPath("runuser"), "needs runuser (util-linux) to start olad as its user: skipped");
        assumeTrue(Programs.onPath("curl"), "needs curl to read olad's HTTP API: skipped");
    }

    /**
     * Starts olad and waits until every universe patched is there.
     *
     * @param netns     where it runs; null: the host's namespace (loopback only: OPC)
     * @param plugins   plugin config file name ({@code e131}) to its content, besides {@code enabled = true}
     * @param ports     lines of ola-port.conf, {@code 11-1-I-0 = 1}
     * @param universes the universes those ports are patched to
     */
    static Olad start(Netns netns, Map<String, String> plugins, List<String> ports, int httpPort, int rpcPort, int... universes) {
        Path dir;
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "doitlive-olad-");
            for (String p : PLUGINS) {
                String conf = plugins.containsKey(p) ? "enabled = true\n" + plugins.get(p) + "\n" : "enabled = false\n";
                Files.writeString(dir.resolve("ola-" + p + ".conf"), conf);
            }
            Files.writeString(dir.resolve("ola-port.conf"), String.join("\n", ports) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Netns.run("chown", "-R", "olad", dir.toString());
        List<String> wrapper = netns == null ? List.of() : netns.exec();
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of("runuser", "-u", "olad", "--", "olad", "--config-dir", dir.toString(), "-l", "3",
                "--no-register-with-dns-sd", "-p", String.valueOf(httpPort), "-r", String.valueOf(rpcPort)));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("olad.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Olad olad = new Olad(dir, wrapper, httpPort, p);
        try {
            for (int u : universes) {
                Await.until(() -> olad.dmx(u) != null || !p.isAlive(), Duration.ofSeconds(15), () -> "olad's universe " + u + "; its log:\n"
                        + olad.log());
                if (!p.isAlive()) {
                    throw new AssertionError("olad exited; its log:\n" + olad.log());
                }
            }
        } catch (RuntimeException | Error e) {
            olad.close();
            throw e;
        }
        return olad;
    }

    /** The slots olad holds for a universe (as many as the last frame carried), or null while the universe is not there. */
    int[] dmx(int universe) {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of("curl", "-s", "--max-time", "2", "http://127.0.0.1:" + httpPort + "/get_dmx?u=" + universe));
        String json;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        Matcher m = DMX.matcher(json);
        if (!json.replace(" ", "").contains("\"error\":\"\"") || !m.find()) {
            return null;
        }
        String values = m.group(1).replaceAll("\\s", "");
        return values.isEmpty() ? new int[0] : Arrays.stream(values.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** Waits until olad holds exactly these slots for the universe. */
    void awaitDmx(int universe, int[] expected, Duration timeout) {
        int[][] seen = new int[1][];
        Await.until(() -> Arrays.equals(expected, seen[0] = dmx(universe)), timeout,
                () -> "olad's universe " + universe + " to hold " + expected.length + " slots " + Arrays.toString(expected)
                        + "\n  it holds " + (seen[0] == null ? "nothing" : seen[0].length + " slots " + Arrays.toString(seen[0]))
                        + "\n  olad's log:\n" + log());
    }

    String log() {
        try {
            return Files.readString(dir.resolve("olad.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to olad itself (runuser's child) and to runuser; then its folder is deleted. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder fails no test
        }
    }
}
