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
 * refreshable's name; Ctrl-C stops a call spinning in a refreshable's loop; what a refreshable prints itself goes
 * above the prompt too. Under the TERM values users have (tmux's, screen's, one no terminfo describes) the screen
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
    /** The console's process ({@code script}), for a thread dump of the runtime under it when a wait fails. */
    private Process console;

    @Test
    void errorsAreOneLineEventsGoAboveThePromptAndTabCompletesNames() throws Exception {
        Path load = Files.createDirectories(dir.resolve("load"));
        Process p = start("xterm", load);
        try (OutputStream keys = p.getOutputStream()) {
            awaitScreen("g! ", 0);

            int from = type(keys, "live:state nope\r");
            String line = awaitScreen("error: no refreshable named 'nope'", from);
            assertFalse(line.contains("Exception") || line.contains("java."), line);

            from = type(keys, "live:revert\r");
            awaitScreen("error: live:revert: wrong arguments; usage: live:revert [--to SEQ] [--timeout MS] NAME", from);
            from = type(keys, "live:nope\r");
            awaitScreen("error: unknown command 'live:nope' (live commands: at, audio, bar, bpm, call, cancel, cluster, downbeat, errors,", from);
            // gogo.jline's help printed the method behind live:new, _new, once per method: the command's usage instead.
            from = type(keys, "help live:new\r");
            awaitScreen("live:new [--loop | --signal | --synth] NAME", from);
            awaitScreen("g! ", plain().indexOf("live:new [--loop | --signal | --synth] NAME", from));
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

    /** v1 of a live source counting its calls; the call fails while the count is negative. */
    private static final String SPIN = """
            package live;
            import java.util.function.LongSupplier;
            import org.osgi.service.component.annotations.*;
            import dev.doitlive.api.*;
            @Component(service = LongSupplier.class)
            @Refreshable(name = "spin")
            public class Spin implements LongSupplier {
                long count;
                public long getAsLong() { if (count < 0) throw new IllegalStateException("negative count " + count); return ++count; }
            }
            """;

    /**
     * Ctrl-C on a {@code live:call} that spins in a refreshable's loop (v2 saved live, on probation) stops the call: the
     * version is reverted and the console prints the reverted version's answer, not {@code InterruptedException}. A call
     * that fails prints {@code error:} and its message, as every failed command does.
     */
    @Test
    void ctrlCOnASpinningCallPrintsTheRevertedVersionsAnswerAndAFailedCallIsAnError() throws Exception {
        Path load = Files.createDirectories(dir.resolve("load"));
        Process p = start("xterm", load);
        try (OutputStream keys = p.getOutputStream()) {
            awaitScreen("g! ", 0);
            save(load, "Spin.java", SPIN);
            awaitScreen("doitlive: spin: live at seq 1", 0);
            int from = type(keys, "live:call spin getAsLong\r");
            awaitRow("1");
            save(load, "Spin.java", SPIN.replace("return ++count; }",
                    "++count; System.out.println(\"spinning\"); long x = 0; while (count > 0) { x++; } return count; }"));
            awaitScreen("doitlive: spin: seq 2", from);

            from = type(keys, "live:call spin getAsLong\r");
            awaitScreen("spinning", from);
            from = type(keys, "\u0003");
            awaitRow("3"); // the reverted version answers the call, on the count v2 made (2)
            String shown = awaitScreen("doitlive: spin: seq 1 (0.0.0) is live", from);
            assertTrue(shown.contains("threw RunawayStopped: loop in Spin.getAsLong() stopped by Ctrl-C (on probation)"
                    + " - reverting spin to seq 1"), shown);
            assertFalse(shown.contains("Interrupted"), shown);

            from = type(keys, "live:set spin count -7\r");
            awaitScreen("spin.count: 3 -> -7", from);
            from = type(keys, "live:call spin getAsLong\r");
            awaitScreen("error: negative count -7", from);

            type(keys, "exit\r");
            assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "exit stops the runtime:\n" + screen);
        } finally {
            p.destroyForcibly();
        }
    }

    /** A live source whose call prints a line, then spins while {@code spin} is true, printing every 10000 turns. */
    private static final String TALK = """
            package live;
            import java.util.function.LongSupplier;
            import org.osgi.service.component.annotations.*;
            import dev.doitlive.api.*;
            @Component(service = LongSupplier.class)
            @Refreshable(name = "talk")
            public class Talk implements LongSupplier {
                long calls;
                boolean spin = true;
                public long getAsLong() {
                    System.out.println("call " + (++calls));
                    long turns = 0;
                    while (spin) { if (++turns % 10000 == 0) System.out.println("talking"); }
                    return calls;
                }
            }
            """;

    /**
     * Ctrl-C on a call that prints as it spins: the call stops, and the console goes on showing everything, what
     * commands print too. Gogo writes a command's output through an interruptible channel: interrupted while it
     * wrote, the thread closed it and the terminal under it, and the console showed nothing any more.
     */
    @Test
    void ctrlCOnACallThatPrintsAsItSpinsLeavesTheConsoleShowingWhatCommandsPrint() throws Exception {
        Path load = Files.createDirectories(dir.resolve("load"));
        Process p = start("xterm", load);
        try (OutputStream keys = p.getOutputStream()) {
            awaitScreen("g! ", 0);
            save(load, "Talk.java", TALK);
            awaitScreen("doitlive: talk: live at seq 1", 0);
            int from = type(keys, "live:call talk getAsLong\r");
            awaitScreen("talking", from);
            from = type(keys, "\u0003");
            awaitScreen("error: loop in Talk.getAsLong() stopped", from); // one version: nothing to revert to
            from = type(keys, "live:set talk spin false\r");
            awaitScreen("talk.spin: true -> false", from);
            from = type(keys, "live:call talk getAsLong\r");
            awaitScreen("call 2", from);
            awaitRow("2");
            type(keys, "exit\r");
            assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "exit stops the runtime:\n" + screen);
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Started with SIGINT ignored (a script's {@code command &}), Ctrl-C cannot reach the runtime while a command runs:
     * the console says so once, at the start, instead of leaving Ctrl-C to do nothing without a word.
     */
    @Test
    void startedWithInterruptsIgnoredTheConsoleSaysCtrlCCannotStopACommand() throws Exception {
        Process p = start("xterm", Files.createDirectories(dir.resolve("load")), "trap '' INT; exec ");
        try (OutputStream keys = p.getOutputStream()) {
            awaitScreen("g! ", 0);
            awaitScreen("console: Ctrl-C cannot stop a command: this process was started with SIGINT ignored (as 'command &' in a"
                    + " script leaves it); 'live:interrupt NAME' stops a call spinning in NAME's code, or start doitlive from an"
                    + " interactive shell", 0);
            type(keys, "exit\r");
            assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "exit stops the runtime:\n" + screen);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(1, plain().split("Ctrl-C cannot stop a command", -1).length - 1, "said once: " + plain());
    }

    /**
     * A live source that prints with System.out: {@code ticks} lines from a thread of its own at activation, a line from
     * its postRefresh (the swap thread), and from a thread that a call starts and that prints once the call is over.
     */
    private static String chatter(int ticks, String label) {
        return """
                package live;
                import java.util.function.IntSupplier;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                @Component(service = IntSupplier.class)
                @Refreshable(name = "chatter")
                public class Chatter implements IntSupplier, RefreshHooks {
                    int calls;
                    @Activate void start() {
                        Thread t = new Thread(() -> { for (int i = 1; i <= %d; i++) System.out.println("tick " + i); }, "ticks");
                        t.setDaemon(true);
                        t.start();
                    }
                    public void postRefresh() { System.out.println("chatter %s took over"); }
                    public int getAsInt() {
                        Thread t = new Thread(() -> {
                            try { Thread.sleep(500); } catch (InterruptedException e) { return; }
                            System.out.println("late from call " + calls);
                        }, "late");
                        t.setDaemon(true);
                        t.start();
                        return ++calls;
                    }
                }
                """.formatted(ticks, label);
    }

    /**
     * What a refreshable prints itself while a line is being typed goes above the prompt, as the runtime's events do:
     * 2,000 lines from a thread of its own each on a row of its own and in order, its postRefresh line before the
     * runtime's line that the version is live, the line of a thread a call started once the call is over; the typed
     * line is drawn again below them, and the console goes on answering.
     */
    @Test
    void aRefreshablesOwnOutputGoesAboveThePromptInOrder() throws Exception {
        Path load = Files.createDirectories(dir.resolve("load"));
        Process p = start("xterm", load);
        try (OutputStream keys = p.getOutputStream()) {
            awaitScreen("g! ", 0);
            int from = type(keys, "live:histo");
            awaitScreen("live:histo", from);
            save(load, "Chatter.java", chatter(2000, "v1"));
            awaitScreen("tick 2000", from);
            awaitScreen("doitlive: chatter: live at seq 1", from);
            save(load, "Chatter.java", chatter(0, "v2"));
            awaitScreen("doitlive: chatter: seq 2", from);
            awaitScreen("g! live:histo", plain().indexOf("doitlive: chatter: seq 2", from));

            List<String> rows = Screen.render(screen, COLUMNS);
            String shown = "the screen:\n" + String.join("\n", rows);
            List<String> ticks = rows.stream().filter(r -> r.contains("tick ")).toList();
            assertEquals(java.util.stream.IntStream.rangeClosed(1, 2000).mapToObj(i -> "tick " + i).toList(), ticks,
                    "each line on a row of its own, none lost, in order: " + shown);
            int tookOver = rows.indexOf("chatter v2 took over");
            int live = indexOf(rows, "doitlive: chatter: seq 2 (0.0.0) is live");
            assertTrue(tookOver >= 0 && tookOver < live, "the refreshable's line first, then the runtime's: " + shown);
            assertTrue(Pattern.compile(Pattern.quote("g! live:histo") + RIGHT_PROMPT).matcher(rows.get(rows.size() - 1)).matches(),
                    "the typed line drawn again under them: " + shown);

            from = type(keys, "\u0015live:call chatter getAsInt\r"); // Ctrl-U: the line typed so far is gone
            awaitScreen("late from call 1", from);
            rows = Screen.render(screen, COLUMNS);
            assertTrue(rows.contains("late from call 1"), "printed after the call, above the next prompt: " + String.join("\n", rows));
            from = type(keys, "live:history chatter\r");
            awaitScreen("SEQ  VERSION", from);

            type(keys, "exit\r");
            assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "exit stops the runtime:\n" + screen);
        } finally {
            p.destroyForcibly();
        }
    }

    private static int indexOf(List<String> rows, String start) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).startsWith(start)) {
                return i;
            }
        }
        return -1;
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
            awaitScreen("error: no refreshable named 'nope'", from);
            awaitScreen("g! ", plain().indexOf("error: no refreshable named 'nope'", from));

            List<String> rows = Screen.render(screen, COLUMNS);
            String shown = "TERM=" + term + ", the screen:\n" + String.join("\n", rows);
            int list = promptRow(rows, "live:list", shown);
            assertTrue(rows.get(list + 1).startsWith("No refreshables yet."), shown);
            int state = promptRow(rows, "live:state nope", shown);
            assertEquals(list + 2, state, shown);
            assertTrue(rows.get(state + 1).startsWith("error: no refreshable named 'nope'"), shown);
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

    /**
     * {@code java -jar doitlive.jar} on a pseudo-terminal {@value #COLUMNS} columns wide, with {@code TERM=term}, as
     * from an interactive shell: SIGINT at its default, whatever this JVM inherited (Maven started with
     * {@code mvn &} from a script passes it on ignored, and Ctrl-C never reached the runtime).
     */
    private Process start(String term, Path load) throws IOException {
        return start(term, load, "exec env --default-signal=INT ");
    }

    /** As {@link #start(String, Path)}, the java command after {@code launch} (how the shell starts it). */
    private Process start(String term, Path load, String launch) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux's script for a pseudo-terminal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "stty cols " + COLUMNS + " rows 50; " + launch + java + " " + RuntimeProcess.OSC_ANY_PORT + " " + RuntimeProcess.AUDIO_OFF + " -jar " + RuntimeProcess.JAR + " --config "
                + RuntimeProcess.CONFIG + " --storage " + dir.resolve("store") + " --watch " + load;
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("TERM", term);
        Process p = pb.start();
        console = p;
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
        Await.until(() -> plain().indexOf(text, from) >= 0, WAIT, () -> "'" + text + "' on the console:\n" + plain() + threads());
        return plain().substring(from);
    }

    /** Waits until a row of the screen is {@code text}, whole. */
    private void awaitRow(String text) {
        Await.until(() -> Screen.render(screen, COLUMNS).contains(text), WAIT,
                () -> "a row '" + text + "' on the console:\n" + String.join("\n", Screen.render(screen, COLUMNS)) + threads());
    }

    /** The runtime's threads (jcmd's dump of the java process under {@code script}): what a failed wait waited on. */
    private String threads() {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        StringBuilder out = new StringBuilder();
        console.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).forEach(h -> {
            try {
                Process dump = new ProcessBuilder(jcmd, Long.toString(h.pid()), "Thread.print").redirectErrorStream(true).start();
                out.append("\n\nthreads of the runtime (pid ").append(h.pid()).append("):\n")
                        .append(new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                dump.waitFor(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                out.append("\n(no thread dump: ").append(e).append(")");
            }
        });
        return out.toString();
    }

    /** What was printed, without the terminal's escape sequences (colours, modes, cursor moves). */
    private String plain() {
        return screen.toString().replaceAll("\u001b\\[[0-9;?]*[A-Za-z~]|\u001b[=>]", "");
    }

    /** A source saved into the watched folder in one step: written outside it, then renamed in. */
    private void save(Path load, String name, String text) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, load.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
