package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security, on the packaged runtime as a process: the watched folder and the storage it creates are its user's
 * only; a watched folder anyone may write to is refused in one line unless {@code --allow-world-writable} says so;
 * and the runtime listens on no network port beyond loopback: the controls kit's OSC port, on 127.0.0.1 (its sockets,
 * read from /proc, Linux only).
 */
class SecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theFoldersAreTheOwnersAndNoPortListens() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        String listening;
        int sockets;
        int inetSockets;
        try (RuntimeProcess p = RuntimeProcess.start(dir, RuntimeProcess.CONFIG, WAIT, "--storage", "storage", "--watch", "load")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("load"))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("storage"))));
            assumeTrue(Files.isDirectory(Path.of("/proc/" + p.pid() + "/fd")), "/proc");
            // The method sees a listening socket: one of the test's own.
            try (java.net.ServerSocket control = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                assertFalse(bound(socketInodes(ProcessHandle.current().pid())).isEmpty(), "the test's own listening socket is seen");
            }
            Set<String> inodes = socketInodes(p.pid());
            sockets = inodes.size();
            inetSockets = inet(inodes, false).size();
            List<String> bound = bound(inodes);
            listening = bound.isEmpty() ? "none" : String.join(", ", bound);
            List<String> beyond = bound.stream().filter(b -> !loopback(b)).toList();
            assertTrue(beyond.isEmpty(), () -> "the runtime listens beyond loopback: " + beyond + " (all: " + bound + ")");
            assertTrue(bound.stream().noneMatch(b -> b.startsWith("tcp")), () -> "a TCP port listens (the page is off): " + bound);
            assertEquals(0, p.exit(WAIT));
        }
        String refused = refusedLine();
        ReliabilityReport.section("50-security", """
                ## Security

                `SecurityIT`, on the packaged runtime as a process (in the default `mvn verify`):

                    mvn -pl launcher -am verify -Dtest=none -Dleak.test=none -Dit.test=SecurityIT -Dsurefire.failIfNoSpecifiedTests=false

                | check | seen |
                |---|---|
                | the watched folder and the storage, created by the launcher | `rwx------` (owner only) |
                | a watched folder writable by everyone (`chmod 777`), or inside a parent that is (without the sticky bit) | refused, exit status 2: `%s` |
                | the same with `--allow-world-writable` | starts |
                | TCP sockets listening and UDP sockets of the runtime process (its `/proc/PID/fd` against `/proc/net/tcp*`, `udp*`; the method checked on a listening socket of the test's own; the OSC port is on 127.0.0.1, at a free port in this test) | %s (%d sockets in all, %d of them TCP or UDP) |
                """.formatted(refused, listening, sockets, inetSockets));
    }

    /** The line a world-writable watched folder gets, after checking that the option lets the runtime start anyway. */
    private String refusedLine() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Process p = new ProcessBuilder(java(), "-jar", RuntimeProcess.JAR.toString(), "--config", RuntimeProcess.CONFIG.toString(),
                "--storage", "storage2", "--watch", "shared").directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(2, p.exitValue(), out);
        assertEquals("doitlive: --watch shared: it is writable by everyone, and any jar put in the watched folder runs here; chmod o-w "
                + shared + ", or pass --allow-world-writable to run anyway (see --help)", out, "one line, saying why");
        assertFalse(Files.exists(dir.resolve("storage2")), "nothing started");

        try (RuntimeProcess allowed = RuntimeProcess.start(dir, RuntimeProcess.CONFIG, WAIT, "--storage", "storage2", "--watch", "shared",
                "--allow-world-writable")) {
            assertEquals(0, allowed.exit(WAIT));
        }
        return out.substring("doitlive: ".length());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The inodes of the process's sockets: its file descriptors that link to {@code socket:[N]}. */
    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return inodes;
    }

    /** Whether a socket of {@link #bound} is on loopback: 127.0.0.0/8 (written little-endian: "..7F:PORT"), ::1 or ::ffff:127.x. */
    private static boolean loopback(String socket) {
        String address = socket.substring(socket.indexOf(' ') + 1, socket.indexOf(':'));
        return address.length() == 8 ? address.endsWith("7F") : address.equals("00000000000000000000000001000000")
                || address.startsWith("0000000000000000FFFF0000") && address.endsWith("7F");
    }

    /** The process's TCP sockets in LISTEN state and UDP sockets, from /proc/net: "tcp :port" each. */
    private static List<String> bound(Set<String> inodes) throws IOException {
        return inet(inodes, true);
    }

    /** The process's TCP and UDP sockets, listening (or bound, for UDP) only or all. */
    private static List<String> inet(Set<String> inodes, boolean listeningOnly) throws IOException {
        List<String> found = new ArrayList<>();
        for (String table : new String[] {"tcp", "tcp6", "udp", "udp6"}) {
            Path f = Path.of("/proc/net/" + table);
            if (!Files.exists(f)) {
                continue;
            }
            List<String> lines = Files.readAllLines(f); // read once: the table changes as other processes open sockets
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] c = line.strip().split("\\s+");
                boolean listens = !listeningOnly || table.startsWith("udp") || c[3].equals("0A");
                if (c.length > 9 && inodes.contains(c[9]) && listens) {
                    found.add(table + " " + c[1]);
                }
            }
        }
        return found;
    }
}
