package dev.doitlive.runtime.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Saves the live states every period (the runtime's {@code stateSaveMillis}; 0: never, but at a clean stop), on a
 * thread of its own: the {@link Source} reads them while their callers are held, this thread then writes those that
 * changed since their last save. A crash loses at most the last period.
 */
public final class StateSaver {
    /** While saving is off, how often the setting is looked at again. */
    private static final long IDLE_MILLIS = 500;

    /** Where the states come from. */
    public interface Source {
        /**
         * The states to save now, each read while its refreshable's calls are held. Runs on the saver's thread.
         *
         * @param last the runtime is stopping: nothing else changes the refreshables any more
         */
        List<Snapshot> take(boolean last) throws Exception;
    }

    /** One refreshable's state, to be written to {@code file}. */
    public record Snapshot(String name, Path file, StateFile.Saved saved) {
    }

    private final Source source;
    private final LongSupplier periodMillis;
    private final Consumer<String> out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(StateThreads.factory("doitlive-state"));
    /** What each file holds (digest), written by this saver or read by a restore; guarded by itself. */
    private final Map<Path, byte[]> onDisk = new HashMap<>();
    /** Files whose last write failed, said once until one succeeds; guarded by onDisk. */
    private final Set<Path> failing = new HashSet<>();
    /** The last periodic save failed as a whole (saver's thread only). */
    private boolean failed;

    public StateSaver(Source source, LongSupplier periodMillis, Consumer<String> out) {
        this.source = source;
        this.periodMillis = periodMillis;
        this.out = out;
    }

    public void start() {
        schedule(Math.max(IDLE_MILLIS, periodMillis.getAsLong()));
    }

    private void schedule(long millis) {
        try {
            timer.schedule(this::tick, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopped
        }
    }

    private void tick() {
        long period = periodMillis.getAsLong();
        if (period <= 0) {
            schedule(IDLE_MILLIS);
            return;
        }
        try {
            write(source.take(false));
            failed = false;
        } catch (InterruptedException e) {
            return; // stopping
        } catch (Exception | LinkageError | StackOverflowError e) {
            if (!failed) {
                failed = true; // said once, until a save goes through again
                out.accept("state saver: " + e + "; it tries again every " + period + " ms");
            }
        }
        if (!Thread.currentThread().isInterrupted()) {
            schedule(period);
        }
    }

    /** Notes what a file holds (read by a restore), so that an unchanged state is not written again. */
    public void seen(Path file, StateFile.Saved saved) {
        synchronized (onDisk) {
            onDisk.put(file, saved.digest());
        }
    }

    /**
     * {@code file} is dropped for good (live:forget): once the save in progress, if any, has written what it took, its
     * record goes and {@code delete} runs, on this saver's thread; then returns. A later state of the same name is
     * written anew.
     *
     * @throws IllegalStateException when {@code delete} fails or the saver does not get to it within 30 s
     */
    public void forget(Path file, Runnable delete) {
        Runnable task = () -> {
            synchronized (onDisk) {
                onDisk.remove(file);
                failing.remove(file);
                delete.run();
            }
        };
        try {
            timer.submit(task).get(30, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            task.run(); // stopped: no save runs any more
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the state saver is busy (a save has been running for 30 s); try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Stops the periodic saves; a save in progress is stopped where it waits, or finishes its writes. */
    public void stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Saves every state now (at a clean stop, after {@link #stop()}), on a thread with the saver's deep stack. */
    public void saveNow() {
        try {
            StateThreads.call(() -> {
                write(source.take(true));
                return null;
            });
        } catch (Exception | LinkageError e) {
            out.accept("state saver: " + e + "; the states are as saved last");
        }
    }

    private void write(List<Snapshot> snapshots) {
        for (Snapshot s : snapshots) {
            byte[] digest = s.saved().digest();
            synchronized (onDisk) {
                if (Arrays.equals(digest, onDisk.get(s.file()))) {
                    continue; // unchanged since the last save
                }
                try {
                    StateFile.write(s.file(), s.saved());
                    onDisk.put(s.file(), digest);
                    if (failing.remove(s.file())) {
                        out.accept(s.name() + ": its state is saved again to " + s.file());
                    }
                } catch (IOException | RuntimeException e) {
                    onDisk.remove(s.file());
                    if (failing.add(s.file())) {
                        out.accept(s.name() + ": cannot save its state to " + s.file() + ": " + e.getMessage()
                                + "; tried again at every save");
                    }
                }
            }
        }
    }
}
