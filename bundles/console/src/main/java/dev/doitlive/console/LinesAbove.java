package dev.doitlive.console;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * What the rest of the JVM writes while the console shows its prompt (the runtime's event lines, what a refreshable
 * prints with {@code System.out} from the swap thread, a loop or a thread of its own), printed above the prompt line
 * by one thread of its own, in the order the lines were completed.
 *
 * <p>Writers only queue whole lines and go on: they never wait for the terminal or the line reader's lock, so a
 * writer that holds a lock the console thread wants (the runtime's, while Tab asks for names) cannot deadlock it.
 * The printer takes every line queued and prints them in one go, so a loop printing at a high rate costs one redraw
 * of the prompt per batch, not one per line. The queue is bounded: a writer finding more than {@link #MAX_PENDING}
 * characters queued waits for the printer, but at most {@link #FULL_WAIT_MS} per line, then queues its line anyway:
 * nothing is dropped, and a printer stuck on the terminal holds writers back without stopping them for good.
 */
final class LinesAbove {
    static final int MAX_PENDING = 1 << 16;
    static final long FULL_WAIT_MS = 1000;
    /** How long {@link #stop()} lets the printer finish what is queued. */
    private static final long DRAIN_MS = 2000;

    private final Consumer<String> print;
    private final Consumer<String> fallback;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private int pendingChars;
    private boolean stopped;
    private final Thread printer;
    private final LineSplitter stream = new LineSplitter(this::line);

    /**
     * @param print    prints text of one or more lines above the prompt (the line reader's {@code printAbove})
     * @param fallback where lines go once stopped, and what the printer could not print
     */
    LinesAbove(Consumer<String> print, Consumer<String> fallback) {
        this.print = print;
        this.fallback = fallback;
        this.printer = new Thread(this::run, "doitlive console output");
        printer.setDaemon(true);
    }

    void start() {
        printer.start();
    }

    /** A whole line, without its line break; any thread. */
    void line(String text) {
        lock.lock();
        try {
            if (!stopped && pendingChars > MAX_PENDING) {
                awaitRoom();
            }
            if (!stopped) {
                pending.add(text);
                pendingChars += text.length();
                queued.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        fallback.accept(text);
    }

    /** Bytes cut into lines at each line break (a stream to hand out as a thread's standard output). */
    OutputStream stream() {
        return stream;
    }

    private void awaitRoom() {
        long left = TimeUnit.MILLISECONDS.toNanos(FULL_WAIT_MS);
        try {
            while (!stopped && pendingChars > MAX_PENDING && left > 0) {
                left = room.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the line is queued all the same; the interrupt is the writer's
        }
    }

    private void run() {
        while (true) {
            String batch;
            lock.lock();
            try {
                while (pending.isEmpty() && !stopped) {
                    queued.awaitUninterruptibly();
                }
                if (pending.isEmpty()) {
                    return; // stopped, all printed
                }
                batch = String.join("\n", pending);
                pending.clear();
                pendingChars = 0;
                room.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                print.accept(batch);
            } catch (RuntimeException e) {
                fallback.accept(batch); // the reader is closing: the lines are not lost
            }
        }
    }

    /** Prints what is queued (and a line left unfinished), then hands later lines to the fallback. */
    void stop() {
        stream.finish();
        lock.lock();
        try {
            stopped = true;
            queued.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            printer.join(DRAIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String left;
        lock.lock();
        try {
            left = pending.isEmpty() ? null : String.join("\n", pending); // the printer is stuck: print them elsewhere
            pending.clear();
            pendingChars = 0;
        } finally {
            lock.unlock();
        }
        if (left != null) {
            fallback.accept(left);
        }
    }

    /** Bytes to lines: decoded at each {@code \n} (a {@code \r} before it dropped). */
    static final class LineSplitter extends OutputStream {
        private final Consumer<String> lines;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSplitter(Consumer<String> lines) {
            this.lines = lines;
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
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    line.write(b, start, i - start);
                    deliver();
                    start = i + 1;
                }
            }
            line.write(b, start, off + len - start);
        }

        /** A line left without its line break is a line too, once nothing more comes. */
        synchronized void finish() {
            if (line.size() > 0) {
                deliver();
            }
        }

        private void deliver() {
            String text = line.toString(Charset.defaultCharset());
            line.reset();
            lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
        }
    }
}
