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
 * Standard output and standard error while the interactive console runs: every line written to them outside a
 * command (the runtime's {@code doitlive:} events, Felix's log, what a refreshable prints from the swap thread, a loop
 * or a thread of its own) goes to the console's line printer, which prints it above the prompt and redraws the line
 * being typed; without a console (before it starts, after it stops) the line goes to the real stream. Installed as
 * {@code System.out} and {@code System.err} before the framework starts, so that Gogo's per-thread streams keep them
 * as their defaults: what a command run in the shell writes still goes to the shell.
 */
final class ConsoleLines {
    /** The console bundle's {@code Consumer<String>}, found by this property. */
    static final String FILTER = "(&(objectClass=" + Consumer.class.getName() + ")(doitlive.console.lines=above-prompt))";

    private volatile ServiceTracker<Object, Object> console;
    private final Lines out;
    private final Lines err;

    private ConsoleLines(PrintStream out, PrintStream err) {
        this.out = new Lines(out);
        this.err = new Lines(err);
    }

    /** Replaces System.out and System.err; returns what to {@link #attach} once the framework is up. */
    static ConsoleLines install() {
        ConsoleLines lines = new ConsoleLines(System.out, System.err);
        System.setOut(new PrintStream(lines.out, true, Charset.defaultCharset()));
        System.setErr(new PrintStream(lines.err, true, Charset.defaultCharset()));
        return lines;
    }

    /** At the end: what was written without a line break yet is a line too. */
    void finish() {
        out.finish();
        err.finish();
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

    /** One of the two streams, cut into lines; each line to the console, or to {@code real} without one. */
    private final class Lines extends OutputStream {
        private final PrintStream real;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(PrintStream real) {
            this.real = real;
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

        synchronized void finish() {
            if (line.size() > 0) {
                deliver();
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
                    // the console is closing: the real stream takes the line
                }
            }
            real.println(text);
        }
    }
}
