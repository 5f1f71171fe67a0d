package dev.doitlive.launcher;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Standard error while the interactive console runs: every line written to it (the runtime's {@code doitlive:}
 * events, Felix's log) goes to the console's line printer, which prints it above the prompt and redraws the line
 * being typed; without a console (before it starts, after it stops) the line goes to the real stderr. Installed
 * as {@code System.err} before the framework starts, so that Gogo's per-thread streams keep it as their default:
 * what a command run in the shell writes to stderr still goes to the shell.
 */
final class ConsoleLines extends OutputStream {
    /** The console bundle's {@code Consumer<String>}, found by this property. */
    static final String FILTER = "(&(objectClass=" + Consumer.class.getName() + ")(doitlive.console.lines=above-prompt))";

    private final PrintStream err;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile ServiceTracker<Object, Object> console;

    private ConsoleLines(PrintStream err) {
        this.err = err;
    }

    /** Replaces System.err; returns the stream to {@link #attach} once the framework is up. */
    static ConsoleLines install() {
        ConsoleLines lines = new ConsoleLines(System.err);
        System.setErr(new PrintStream(lines, true, Charset.defaultCharset()));
        return lines;
    }

    /** From now on, lines go to the console's printer when there is one. */
    void attach(BundleContext context) {
        try {
            ServiceTracker<Object, Object> t = new ServiceTracker<>(context, context.createFilter(FILTER), null);
            t.open(true);
            console = t;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            deliver();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void deliver() {
        String text = line.toString(Charset.defaultCharset());
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        ServiceTracker<Object, Object> t = console;
        Object printer = t == null ? null : t.getService();
        if (printer instanceof Consumer<?> c) {
            try {
                @SuppressWarnings("unchecked")
                Consumer<String> print = (Consumer<String>) c;
                print.accept(text);
                return;
            } catch (RuntimeException e) {
                // the console is closing: the real stderr takes the line
            }
        }
        err.println(text);
    }
}
