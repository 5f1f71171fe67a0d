package dev.doitlive.launcher;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;

/**
 * Standard input as a script: each line is one Gogo command, run through the CommandProcessor service.
 * Results (return values too) go to {@code out}; a failing command prints {@code error: <message>} to
 * {@code err} and the script goes on. {@code exit} or {@code exit N} ends it, as in the interactive shell: the runner
 * reads it itself, since a command that stopped the framework would leave the launcher waiting on standard input
 * (a terminal, when only standard output is piped).
 */
final class ScriptRunner {
    private static final Duration PROCESSOR_TIMEOUT = Duration.ofSeconds(10);
    /** {@code exit}, with a status or with anything else (said to be no number). */
    private static final Pattern EXIT = Pattern.compile("exit(?:\\s+(\\S.*))?");

    private final BundleContext context;
    private final PrintStream out;
    private final PrintStream err;

    ScriptRunner(BundleContext context, PrintStream out, PrintStream err) {
        this.context = context;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the lines of {@code in} until its end or an {@code exit}; returns the launcher's status: exit's number, else
     * 1 if a command failed, else 0.
     */
    int run(InputStream in) throws LaunchException, IOException {
        // Commands get no stdin of their own: the script is what the launcher reads from it.
        try (GogoSession session = GogoSession.open(context, PROCESSOR_TIMEOUT, new ByteArrayInputStream(new byte[0]), out, err)) {
            return runLines(session, new BufferedReader(new InputStreamReader(in, Charset.defaultCharset())));
        }
    }

    private int runLines(GogoSession session, BufferedReader lines) throws IOException {
        int failed = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String command = line.strip();
            if (command.isEmpty() || command.startsWith("#")) {
                continue;
            }
            Matcher exit = EXIT.matcher(command);
            if (exit.matches()) {
                if (exit.group(1) == null) {
                    return 0;
                }
                try {
                    return Integer.parseInt(exit.group(1).strip());
                } catch (NumberFormatException e) {
                    failed++;
                    out.flush();
                    err.println("error: exit takes a whole number, the status to exit with: " + exit.group(1).strip());
                    continue;
                }
            }
            try {
                Object result = session.execute(command);
                if (result != null) {
                    out.println(session.format(result));
                }
            } catch (Exception e) {
                failed++;
                out.flush();
                err.println("error: " + message(e));
            }
            out.flush();
        }
        return failed == 0 ? 0 : 1;
    }

    /** The failure's message, as the console prints it: never a class name but for a failure with nothing to say. */
    static String message(Throwable e) {
        if (e instanceof ExecutionException && e.getCause() != null && e.getCause() != e) {
            return message(e.getCause()); // Gogo's wrapper of an Error a command threw: its message is the class name
        }
        return e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
    }
}
