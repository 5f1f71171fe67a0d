package dev.doitlive.runtime.refresh;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The histories' disk writes, and the lines and answers given after them, in the order the runtime gave them, on a
 * thread of their own: the swap thread hands a write over and goes on (the new version's jar was forced to disk before
 * its gate closed, the index's fsync took 0.7 to 6 ms after it, and a call failing on probation right after waited
 * behind that for its revert). A line or an answer given
 * while nothing is queued goes out at once, on the thread that gives it; while writes are queued it takes its turn
 * after them, so that a version is said to be live, and a command answered, only once the history on disk holds it:
 * a kill after the line finds it.
 */
final class Journal {
    private final Consumer<String> say;
    private volatile Thread thread;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "doitlive-journal");
        t.setDaemon(true);
        thread = t;
        return t;
    });
    /** Tasks handed to the writer and not done yet. */
    private int queued;
    /** Writes that failed so far, and the last one's cause: a command that waits for its writes tells from them. */
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    private volatile String lastFailure;

    /** @param say where a write's failure is said, in one line */
    Journal(Consumer<String> say) {
        this.say = say;
    }

    /** A disk write, after what is queued: its failure is one line, and what comes after it goes on. */
    void write(Runnable write) {
        enqueue(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                lastFailure = "history: " + e.getMessage();
                failures.incrementAndGet();
                say.accept(lastFailure + "; the runtime goes on, but a restart may find that history as it"
                        + " was before this change");
            }
        }, true);
    }

    /** A line or an answer: at once when nothing is queued, else after what is. */
    void then(Runnable r) {
        enqueue(r, false);
    }

    private void enqueue(Runnable r, boolean always) {
        if (Thread.currentThread() != thread) {
            synchronized (this) {
                if (always || queued > 0) {
                    try {
                        writer.execute(() -> {
                            try {
                                r.run();
                            } finally {
                                done();
                            }
                        });
                        queued++;
                        return;
                    } catch (RejectedExecutionException e) {
                        // closed: at once, below
                    }
                }
            }
        }
        r.run();
    }

    private synchronized void done() {
        queued--;
    }

    /** How many writes failed so far; read it before a change and again after {@link #flush()}. */
    long failures() {
        return failures.get();
    }

    /** The last failed write's cause ({@code history: cannot write FILE: ...}), or null. */
    String lastFailure() {
        return lastFailure;
    }

    /** Waits until what is queued now is done (not on the swap thread's account: it never waits for the disk). */
    void flush() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            Future<?> f = writer.submit(() -> { });
            f.get(10, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // closed: nothing is queued
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a write that hangs (a dead disk): its line comes when it gives up
        }
    }

    /** What is queued is done, then the writer stops; later writes and lines run at once. */
    void close() {
        flush();
        writer.shutdown();
    }
}
