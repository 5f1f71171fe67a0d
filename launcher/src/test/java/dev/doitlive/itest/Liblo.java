package dev.doitlive.itest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OSC tools (liblo-tools), the real peers of the controls kit's OSC tests: {@code oscsend} sends a message
 * (or writes its bytes to standard output), {@code oscdump} prints each message it receives, one line each
 * ({@code eeb95679.b21144cb /live/x/level f 0.600000}). Only loopback traffic.
 */
final class Liblo {
    private Liblo() {
    }

    /** Whether oscsend and oscdump are on the PATH. */
    static boolean installed() {
        return onPath("oscsend") && onPath("oscdump");
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** {@code oscsend 127.0.0.1 PORT ADDRESS [TYPES VALUES...]}: one datagram from a port of its own. */
    static void send(int port, String address, String... typesAndValues) {
        List<String> cmd = new ArrayList<>(List.of("oscsend", "127.0.0.1", Integer.toString(port), address));
        cmd.addAll(List.of(typesAndValues));
        run(cmd);
    }

    /** The bytes oscsend makes of a message ({@code oscsend - ADDRESS ...} writes them to standard output). */
    static byte[] encode(String address, String... typesAndValues) {
        List<String> cmd = new ArrayList<>(List.of("oscsend", "-", address));
        cmd.addAll(List.of(typesAndValues));
        return run(cmd);
    }

    private static byte[] run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + ": did not end within 10 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + ": exit status " + p.exitValue());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * An {@code oscdump -L PORT} running: what it prints, line by line. liblo binds every interface for it (a host in its
     * URL is taken as a multicast group), so it runs only while a test reads one answer; nothing but loopback is sent.
     */
    static final class Dump implements AutoCloseable {
        private final Process process;
        private final int port;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Dump() throws IOException {
            try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            process = new ProcessBuilder("oscdump", "-L", Integer.toString(port)).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    // oscdump ended
                }
            }, "oscdump-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * What oscdump prints for {@code packet}, sent from {@code from} (again every 200 ms until it prints: it may not
         * listen yet), its time tag taken off: {@code /live/x/level f 0.600000}.
         */
        String print(DatagramSocket from, byte[] packet, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                from.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    return line.substring(line.indexOf(' ') + 1);
                }
                if (!process.isAlive()) {
                    throw new AssertionError("oscdump ended with status " + process.exitValue() + ": " + lines);
                }
            }
            throw new AssertionError("oscdump printed nothing within " + timeout.toMillis() + " ms");
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
