package dev.doitlive.console;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.felix.gogo.jline.Expander;
import org.apache.felix.gogo.jline.Highlighter;
import org.apache.felix.gogo.jline.ParsedLineImpl;
import org.apache.felix.gogo.jline.Parser;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.gogo.runtime.CommandSessionImpl;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Job;
import org.apache.felix.service.threadio.ThreadIO;
import org.jline.builtins.Completers;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * One interactive Gogo session on a terminal: set up as gogo.jline's {@code gosh --login} does (its profile gives
 * the prompt, the scope and the completions of its commands), then read, run, print, until Ctrl-D or {@link #stop()}.
 * A failed command prints {@code error: } and its one line ({@link ErrorLine}), as script mode does. Ctrl-C stops the
 * running command ({@link CommandThreads}). Lines from elsewhere in the JVM go above the prompt ({@link LinesAbove}):
 * the runtime's events and what any thread prints that is not running a command.
 */
final class ConsoleSession implements Runnable {
    private final ThreadIO threadIO;
    private final Terminal terminal;
    private final Function<String, Function<List<String>, List<String>>> completions;
    private final Shell shell;
    private final Runnable onEnd;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CommandThreads commandThreads;
    private final CommandSession session;
    private final LineReader reader;
    private final LinesAbove above;

    /**
     * @param shell       gogo.jline's shell, which sources its profile into the session
     * @param completions the completion source of a command scope, or null
     * @param onEnd       what Ctrl-D does
     * @param stopCall    stops the call a thread is in, in a refreshable's code, without interrupting it (the
     *                    runtime's); false when there is none
     */
    ConsoleSession(CommandProcessor processor, ThreadIO threadIO, Terminal terminal, Shell shell,
            Function<String, Function<List<String>, List<String>>> completions, Runnable onEnd, Predicate<Thread> stopCall) {
        this.threadIO = threadIO;
        this.terminal = terminal;
        this.shell = shell;
        this.completions = completions;
        this.onEnd = onEnd;
        this.commandThreads = new CommandThreads(stopCall, this::printAbove);
        OutputStream out = unclosable(terminal.output());
        this.session = commandThreads.create(() -> processor.createSession(terminal.input(), out, out));
        session.put(Shell.VAR_TERMINAL, terminal);
        session.put(LineReader.HISTORY_FILE, Paths.get(System.getProperty("user.home"), ".gogo.history"));
        this.reader = reader();
        // Once the console stops, straight to the process's standard output (the terminal), never back through System.out.
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, Charset.defaultCharset());
        this.above = new LinesAbove(reader::printAbove, stdout::println);
        session.put(Shell.VAR_READER, reader);
        session.put(Shell.VAR_COMPLETIONS, new HashMap<>());
    }

    /**
     * The terminal's output as Gogo gets it: Gogo writes through a channel over it, which an interrupt of a command
     * writing closes, and with it the stream under it; the terminal stays open for the prompt, results and events.
     */
    private static OutputStream unclosable(OutputStream terminal) {
        return new java.io.FilterOutputStream(terminal) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    private LineReader reader() {
        Completers.CompletionEnvironment environment = new Completers.CompletionEnvironment() {
            @Override
            public Map<String, List<Completers.CompletionData>> getCompletions() {
                return Shell.getCompletions(session);
            }

            @Override
            public Set<String> getCommands() {
                return Shell.getCommands(session);
            }

            @Override
            public String resolveCommand(String command) {
                return Shell.resolve(session, command);
            }

            @Override
            public String commandName(String command) {
                int colon = command.indexOf(':');
                return colon >= 0 ? command.substring(colon + 1) : command;
            }

            @Override
            public Object evaluate(LineReader r, ParsedLine line, String func) throws Exception {
                session.put(Shell.VAR_COMMAND_LINE, line);
                return session.execute(func);
            }
        };
        LineReader r = LineReaderBuilder.builder()
                .terminal(terminal)
                .variables(((CommandSessionImpl) session).getVariables())
                .completer(new NameCompleter(new Completers.Completer(environment), c -> Shell.resolve(session, c), completions))
                .highlighter(new Highlighter(session))
                .parser(new Parser())
                .expander(new Expander(session))
                .build();
        r.setOpt(LineReader.Option.AUTO_FRESH_LINE);
        return r;
    }

    /**
     * A line from elsewhere (the runtime's events, what the JVM prints outside a command): above the prompt, the line
     * being typed redrawn below it.
     */
    void printAbove(String line) {
        above.line(line);
    }

    void stop() {
        stopping.set(true);
        above.stop(); // what is queued is printed before the terminal goes
        try {
            terminal.close();
        } catch (IOException e) {
            // the reader ends on the closed terminal anyway
        }
    }

    @Override
    public void run() {
        above.start();
        try {
            login();
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping.get()) {
                terminal.writer().println("console: " + ErrorLine.of(e, Set.of()));
                terminal.flush();
            }
        } finally {
            session.close();
        }
        if (!stopping.get()) {
            onEnd.run();
        }
    }

    /** The profile and session variables of gogo.jline's login shell, without its console. */
    private void login() {
        session.put(".gosh_quiet", true); // the launcher's banner says hello: no Gogo welcome under it
        try {
            shell.gosh(session, new String[] {"--login", "--nointeractive", "--noshutdown"});
        } catch (Exception e) {
            terminal.writer().println("console: the shell profile failed: " + ErrorLine.of(e, Set.of()));
        }
    }

    private void loop() throws InterruptedException {
        PrintWriter writer = terminal.writer();
        PrintStream out = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writer.write(new String(b, off, len));
            }

            @Override
            public void flush() {
                writer.flush();
            }
        }, true);
        // The streams of this thread, and of the threads it starts and that start from them (Gogo's ThreadIO is
        // inherited) whenever they are not running a command: what they print goes above the prompt.
        PrintStream elsewhere = new PrintStream(above.stream(), true, Charset.defaultCharset());
        threadIO.setStreams(terminal.input(), elsewhere, elsewhere);
        Terminal.SignalHandler interrupt = terminal.handle(Terminal.Signal.INT, s -> {
            if (session.foregroundJob() != null) {
                // The terminal echoed ^C: what the command prints next (a reverted version's answer comes at once)
                // starts a row of its own, as after a shell's ^C.
                terminal.writer().println();
                terminal.writer().flush();
            }
            commandThreads.ctrlC(session);
        });
        try {
            while (!stopping.get()) {
                String line;
                try {
                    line = reader.readLine(Shell.getPrompt(session), Shell.getRPrompt(session), (Character) null, null);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt: a fresh line
                } catch (EndOfFileException e) {
                    saveHistory();
                    return;
                }
                ParsedLine parsed = reader.getParsedLine();
                if (line == null || parsed == null) {
                    return;
                }
                execute(((ParsedLineImpl) parsed).program(), out);
                awaitForeground();
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, interrupt);
            threadIO.close();
        }
    }

    private void execute(CharSequence program, PrintStream out) {
        try {
            Object result = session.execute(program);
            session.put(Shell.VAR_RESULT, result);
            if (result != null && !Boolean.FALSE.equals(session.get(".Gogo.format"))) {
                out.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            session.put(Shell.VAR_EXCEPTION, e); // 'e' prints its whole trace
            AttributedStringBuilder sb = new AttributedStringBuilder();
            sb.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED));
            sb.append(ErrorLine.PREFIX).append(ErrorLine.of(e, Shell.getCommands(session)));
            sb.style(AttributedStyle.DEFAULT);
            terminal.writer().println(sb.toAnsi(terminal));
            terminal.flush();
        }
    }

    private void awaitForeground() throws InterruptedException {
        for (Job job = session.foregroundJob(); job != null; job = session.foregroundJob()) {
            synchronized (job) {
                if (job.status() == Job.Status.Foreground) {
                    job.wait();
                }
            }
        }
    }

    private void saveHistory() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            // history is a convenience
        }
    }
}
