package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive console as a user has it: {@code java -jar doitlive.jar} on a real pseudo-terminal (util-linux's
 * {@code script} gives it one), typed at key by key. A failed command is one line without a class name, wrong
 * arguments print the usage, an unknown command names the live commands; an event line that arrives while a line
 * is being typed is printed above the prompt and the typed line is drawn again after it; Tab completes a
 * refreshable's name.
 */
class ConsoleIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path EXAMPLES = Path.of("../bundles/examples").toAbsolutePath();

    @TempDir
    Path dir;

    private final StringBuffer screen = new StringBuffer();

    @Test
    void errorsAreOneLineEventsGoAboveThePromptAndTabCompletesNames() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux's script for a pseudo-terminal");
        Path load = Files.createDirectories(dir.resolve("load"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "stty cols 200 rows 50; exec " + java + " -jar " + RuntimeProcess.JAR + " --config " + RuntimeProcess.CONFIG
                + " --storage " + dir.resolve("store") + " --watch " + load;
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        Thread pump = new Thread(() -> pump(p.getInputStream()), "console-screen");
        pump.setDaemon(true);
        pump.start();
        try (OutputStream keys = p.getOutputStream()) {
            awaitScreen("g! ", 0);

            int from = type(keys, "live:state nope\r");
            String line = awaitScreen("no refreshable named 'nope'", from);
            assertFalse(line.contains("Exception") || line.contains("java."), line);

            from = type(keys, "live:revert\r");
            awaitScreen("live:revert: wrong arguments; usage: live:revert [--to SEQ] [--timeout MS] NAME", from);
            from = type(keys, "live:nope\r");
            awaitScreen("unknown command 'live:nope' (live commands: call, errors,", from);
            assertFalse(plain().contains("Cannot coerce") || plain().contains("CommandNotFoundException")
                    || plain().contains("IllegalArgumentException"), plain());

            // A line half typed when the runtime says something: the event above, the typed line drawn again below it.
            from = type(keys, "live:histo");
            awaitScreen("live:histo", from);
            drop(EXAMPLES.resolve("counter-api/target/example.counter.api-0.1.0-SNAPSHOT.jar"), load.resolve("counter-api.jar"));
            drop(EXAMPLES.resolve("counter/target/example.counter-0.1.0-SNAPSHOT.jar"), load.resolve("counter.jar"));
            awaitScreen("doitlive: counter: live at seq 1", from);
            int event = plain().indexOf("doitlive: counter: live at seq 1", from);
            awaitScreen("g! live:histo", event);

            // Tab completes "cou" to the refreshable's name: the command then shows counter's history.
            from = type(keys, "ry cou\t");
            awaitScreen("nter", from);
            from = type(keys, "\r");
            awaitScreen("SEQ  VERSION", from);

            type(keys, "exit\r");
            assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "exit stops the runtime:\n" + screen);
        } finally {
            p.destroyForcibly();
        }
    }

    private int type(OutputStream keys, String text) throws IOException {
        int from = plain().length();
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
        return from;
    }

    /** Waits until {@code text} is on the screen after {@code from}; returns the screen from there. */
    private String awaitScreen(String text, int from) {
        Await.until(() -> plain().indexOf(text, from) >= 0, WAIT, () -> "'" + text + "' on the console:\n" + plain());
        return plain().substring(from);
    }

    /** What was printed, without the terminal's escape sequences (colours, modes, cursor moves). */
    private String plain() {
        return screen.toString().replaceAll("\u001b\\[[0-9;?]*[A-Za-z~]|\u001b[=>]", "");
    }

    /** Written outside the watched folder, then renamed in: FileInstall never sees half a jar. */
    private void drop(Path jar, Path to) throws IOException {
        Path tmp = dir.resolve(to.getFileName() + ".tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private void pump(InputStream in) {
        byte[] b = new byte[4096];
        try {
            for (int n = in.read(b); n >= 0; n = in.read(b)) {
                screen.append(new String(b, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process is gone
        }
    }
}
