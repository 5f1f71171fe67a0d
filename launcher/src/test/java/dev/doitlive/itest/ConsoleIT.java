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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The interactive console as a user has it: {@code java -jar doitlive.jar} on a real pseudo-terminal (util-linux's
 * {@code script} gives it one), typed at key by key. A failed command is one line without a class name, wrong
 * arguments print the usage, an unknown command names the live commands; an event line that arrives while a line
 * is being typed is printed above the prompt and the typed line is drawn again after it; Tab completes a
 * refreshable's name. Under the TERM values users have (tmux's, screen's, one no terminfo describes) the screen
 * shows a clean prompt and results from column 0.
 */
class ConsoleIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path EXAMPLES = Path.of("../bundles/examples").toAbsolutePath();
    private static final int COLUMNS = 200;
    /** The prompt row: the typed line, then blanks and the profile's right prompt (the time), if any. */
    private static final String RIGHT_PROMPT = " *(\\d\\d:\\d\\d:\\d\\d)?";

    @TempDir
    Path dir;

    private final StringBuffer screen = new StringBuffer();

    @Test
    void errorsAreOneLineEventsGoAboveThePromptAndTabCompletesNames() throws Exception {
        Path load = Files.createDirectories(dir.resolve("load"));
        Process p = start("xterm", load);
        try (OutputStream keys = p.getOutputStream()) {
            awaitScreen("g! ", 0);

            int from = type(keys, "live:state nope\r");
            String line = awaitScreen("no refreshable named 'nope'", from);
            assertFalse(line.contains("Exception") || line.contains("java."), line);

            from = type(keys, "live:revert\r");
            awaitScreen("live:revert: wrong arguments; usage: live:revert [--to SEQ] [--timeout MS] NAME", from);
            from = type(keys, "live:nope\r");
            awaitScreen("unknown command 'live:nope' (live commands: call, errors,", from);
            // gogo.jline's help printed the method behind live:new, _new, once per method: the command's usage instead.
            from = type(keys, "help live:new\r");
            awaitScreen("live:new [--loop | --signal] NAME", from);
            awaitScreen("g! ", plain().indexOf("live:new [--loop | --signal] NAME", from));
            assertFalse(plain().substring(from).contains("_new"), plain().substring(from));
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

    /**
     * tmux's own TERM, screen's, and one no terminfo describes (jline used to take infocmp's error message for the
     * capabilities: a {@code ~} for the prompt, words run together, lines out of place): the prompt row is
     * {@code g! } and the typed line, the command's result starts at column 0 on the row below, the next prompt
     * below that.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tmux-256color", "screen", "doitlive-no-such-terminal"})
    void thePromptAndResultsAreCleanUnderTerm(String term) throws Exception {
        Process p = start(term, Files.createDirectories(dir.resolve("load")));
        try (OutputStream keys = p.getOutputStream()) {
            awaitScreen("g! ", 0);
            int from = type(keys, "live:list\r");
            awaitScreen("No refreshables yet.", from);
            awaitScreen("g! ", plain().indexOf("No refreshables yet.", from)); // typed at the prompt, not ahead of it
            from = type(keys, "live:state nope\r");
            awaitScreen("no refreshable named 'nope'", from);
            awaitScreen("g! ", plain().indexOf("no refreshable named 'nope'", from));

            List<String> rows = Screen.render(screen, COLUMNS);
            String shown = "TERM=" + term + ", the screen:\n" + String.join("\n", rows);
            int list = promptRow(rows, "live:list", shown);
            assertTrue(rows.get(list + 1).startsWith("No refreshables yet."), shown);
            int state = promptRow(rows, "live:state nope", shown);
            assertEquals(list + 2, state, shown);
            assertTrue(rows.get(state + 1).startsWith("no refreshable named 'nope'"), shown);
            assertTrue(rows.get(state + 2).startsWith("g! "), shown);
            assertTrue(rows.stream().noneMatch(r -> r.startsWith("~") || r.contains("null")), shown);

            type(keys, "exit\r");
            assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "exit stops the runtime:\n" + screen);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The one row that is the prompt with {@code typed} after it (and the right prompt); fails when there is none. */
    private static int promptRow(List<String> rows, String typed, String shown) {
        Pattern row = Pattern.compile(Pattern.quote("g! " + typed) + RIGHT_PROMPT);
        for (int i = 0; i < rows.size(); i++) {
            if (row.matcher(rows.get(i)).matches()) {
                return i;
            }
        }
        return fail("no row 'g! " + typed + "': " + shown);
    }

    /** {@code java -jar doitlive.jar} on a pseudo-terminal {@value #COLUMNS} columns wide, with {@code TERM=term}. */
    private Process start(String term, Path load) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux's script for a pseudo-terminal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "stty cols " + COLUMNS + " rows 50; exec " + java + " -jar " + RuntimeProcess.JAR + " --config "
                + RuntimeProcess.CONFIG + " --storage " + dir.resolve("store") + " --watch " + load;
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("TERM", term);
        Process p = pb.start();
        Thread pump = new Thread(() -> pump(p.getInputStream()), "console-screen");
        pump.setDaemon(true);
        pump.start();
        return p;
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
