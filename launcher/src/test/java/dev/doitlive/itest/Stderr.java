package dev.doitlive.itest;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the user sees on the terminal: the runtime prints its events to standard error as {@code doitlive: ...}
 * lines. While installed, everything written to {@code System.err} still reaches the real stream and is also
 * kept, line by line, for the test to look at.
 */
final class Stderr implements AutoCloseable {
    private static final String PREFIX = "doitlive: ";

    private final PrintStream original;
    private final List<String> lines = new ArrayList<>();

    private Stderr() {
        original = System.err;
    }

    /** Starts keeping what is written to System.err. */
    static Stderr capture() {
        Stderr s = new Stderr();
        System.setErr(new PrintStream(new Tee(s), true, StandardCharsets.UTF_8));
        return s;
    }

    /** The runtime's lines so far ({@code doitlive: } taken off), oldest first. */
    List<String> runtimeLines() {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(PREFIX)).map(l -> l.substring(PREFIX.length())).toList();
        }
    }

    /** Forgets the lines so far. */
    void clear() {
        synchronized (lines) {
            lines.clear();
        }
    }

    /** Waits for a runtime line holding every fragment; returns it (without the prefix). */
    String await(Duration timeout, String... fragments) {
        String[] found = new String[1];
        Await.until(() -> (found[0] = find(fragments)) != null, timeout,
                () -> "a doitlive: line with " + Arrays.toString(fragments) + "; lines so far:\n  "
                        + String.join("\n  ", runtimeLines()));
        return found[0];
    }

    /** The newest runtime line holding every fragment, or null. */
    String find(String... fragments) {
        List<String> all = runtimeLines();
        for (int i = all.size() - 1; i >= 0; i--) {
            String l = all.get(i);
            if (Arrays.stream(fragments).allMatch(l::contains)) {
                return l;
            }
        }
        return null;
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }

    private void line(String line) {
        synchronized (lines) {
            lines.add(line);
        }
    }

    /** Writes through to the real stream and splits what passes into lines. */
    private static final class Tee extends OutputStream {
        private final Stderr owner;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Tee(Stderr owner) {
            this.owner = owner;
        }

        @Override
        public synchronized void write(int b) {
            owner.original.write(b);
            if (b == '\n') {
                owner.line(pending.toString(StandardCharsets.UTF_8).stripTrailing());
                pending.reset();
            } else {
                pending.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public void flush() {
            owner.original.flush();
        }
    }
}
