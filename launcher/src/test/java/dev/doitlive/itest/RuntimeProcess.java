package dev.doitlive.itest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The packaged runtime ({@code launcher/target/doitlive.jar}) as a process of its own, driven as a script through
 * its standard input, which stays open: each command's output is read up to a marker echoed after it. What it
 * prints on standard error is kept, line by line. Used by the tests that kill it or look at it from outside.
 */
final class RuntimeProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("doitlive.jar", "target/doitlive.jar")).toAbsolutePath();
    static final Path CONFIG = Path.of(System.getProperty("doitlive.config", "../config")).toAbsolutePath();
    private static final String READY = "Reading commands from standard input";

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> stderr = new ArrayList<>();
    private int commands;

    private RuntimeProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                stdout::add), "runtime-stdout");
        Thread err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                l -> {
                    synchronized (stderr) {
                        stderr.add(l);
                    }
                }), "runtime-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /**
     * The OSC port at a free one (a framework property falls back to the JVM's system property): a runtime or a test
     * holding 9000 would otherwise add a line to what the test reads.
     */
    static final String OSC_ANY_PORT = "-Ddoitlive.osc.port=0";

    /** No audio thread (there is no sound device here; its "no sound device" line would add to what the test reads). */
    static final String AUDIO_OFF = "-Ddoitlive.audio.sink=off";

    /** Starts {@code java -jar doitlive.jar --config CONFIG ARGS} in {@code dir} and waits until it reads commands. */
    /** A copy of the shipped config folder in {@code dir}/config, for a test that edits it. */
    static Path copyOfConfig(Path dir) throws java.io.IOException {
        Path config = java.nio.file.Files.createDirectories(dir.resolve("config"));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(CONFIG)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                java.nio.file.Files.copy(f, config.resolve(f.getFileName()));
            }
        }
        return config;
    }

    static RuntimeProcess start(Path dir, Path config, Duration timeout, String... args) {
        return start(List.of(), dir, config, timeout, args);
    }

    /** {@link #start(Path, Path, Duration, String...)} under a wrapper: {@code ip netns exec NS} runs it in a network namespace. */
    static RuntimeProcess start(List<String> wrapper, Path dir, Path config, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), OSC_ANY_PORT, AUDIO_OFF,
                "-jar", JAR.toString(), "--config", config.toString()));
        cmd.addAll(List.of(args));
        if (cmd.stream().noneMatch(a -> a.startsWith("--web") || a.equals("--no-web"))) {
            cmd.add("--no-web"); // the page only where a test asks for it: the fixed port may be taken
        }
        RuntimeProcess p;
        try {
            p = new RuntimeProcess(new ProcessBuilder(cmd).directory(dir.toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Await.until(() -> p.stderrHas(READY) || !p.process.isAlive(), timeout, () -> "the runtime to start:\n" + p.stderrText());
        } catch (AssertionError e) {
            p.kill();
            throw e;
        }
        if (!p.process.isAlive()) {
            throw new AssertionError("the runtime exited with " + p.process.exitValue() + ":\n" + p.stderrText());
        }
        return p;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Runs one command; returns what it printed on standard output. An {@code error:} line goes to stderr. */
    String run(String command, Duration timeout) {
        String marker = "@@done-" + (++commands);
        try {
            stdin.write((command + "\necho " + marker + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the runtime no longer reads commands", e);
        }
        StringBuilder sb = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            String line;
            try {
                line = stdout.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
            if (line == null) {
                throw new AssertionError(command + ": no answer within " + timeout.toMillis() + " ms; stderr:\n" + stderrText());
            }
            if (line.equals(marker)) {
                return sb.toString().strip();
            }
            sb.append(line).append('\n');
        }
    }

    List<String> stderrLines() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    boolean stderrHas(String fragment) {
        return stderrLines().stream().anyMatch(l -> l.contains(fragment));
    }

    String stderrText() {
        return String.join("\n", stderrLines());
    }

    /** SIGKILL: no shutdown hook, no finally, nothing flushed. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Types a last line and waits for the process to end with standard input still open, as a user who typed it on
     * a terminal while standard output is piped; returns its status.
     */
    int lastLine(String line, Duration timeout) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return awaitEnd(timeout, "'" + line + "' did not stop the runtime");
    }

    private int awaitEnd(Duration timeout, String what) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError(what + " within " + timeout.toMillis() + " ms");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Ends the script (EOF on standard input): the runtime stops as a user's Ctrl-D stops it. */
    int exit(Duration timeout) {
        try {
            stdin.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return awaitEnd(timeout, "the runtime did not stop");
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static void pump(BufferedReader r, java.util.function.Consumer<String> sink) {
        try (r) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                sink.accept(l);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }
}
