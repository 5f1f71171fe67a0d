package dev.doitlive.runtime.refresh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.doitlive.api.TransferStrategy;
import dev.doitlive.runtime.proxy.RefreshableProxy;
import dev.doitlive.runtime.report.Failures;
import dev.doitlive.runtime.state.RootState;
import dev.doitlive.runtime.state.StateCodec;
import dev.doitlive.runtime.state.StateFile;
import dev.doitlive.runtime.state.StateSaver;
import dev.doitlive.runtime.transfer.TransferException;

/**
 * The state that survives a restart: each live refreshable's state saved beside its history every period and at a
 * clean stop, and restored when its first version arrives at the next start, as a refresh from the version that saved
 * it. The {@link Lifecycle} calls {@link #restore} (swap thread) and {@link #stop}/{@link #saveAll} (stopping).
 *
 * <p>A periodic save must see a state no swap is changing: the saver's thread has the swap thread wait for it (a task
 * that blocks until the saver is done), then closes each proxy's gate just long enough to serialize its instance. The
 * file is written after the gates open and the swap thread goes on, on the saver's thread.
 */
final class DurableState {
    /** How long a periodic save waits for the calls in flight (callers wait meanwhile); then it tries again next period. */
    private static final long GATE_MILLIS = 50;
    /** At a clean stop, as {@code live:set} does. */
    private static final long LAST_GATE_MILLIS = 10_000;
    private static final long SWAP_WAIT_SECONDS = 30;

    private final Lifecycle lifecycle;
    private final Path historyRoot;
    private final Supplier<List<TransferStrategy>> strategies;
    private final StateSaver saver;
    /** Per refreshable, on the saver's thread only: the codec of its live version (Kryo keeps what it learnt per class). */
    private final Map<LiveRefreshable, Kept> kept = new IdentityHashMap<>();

    private static final class Kept {
        Version version;
        StateCodec codec;
        long maxBytes;
        boolean saidTooLarge;
        boolean saidBusy;
        boolean saidUnreadable;
    }

    DurableState(Lifecycle lifecycle, Path historyRoot, Supplier<List<TransferStrategy>> strategies) {
        this.lifecycle = lifecycle;
        this.historyRoot = historyRoot;
        this.strategies = strategies;
        this.saver = new StateSaver(this::take, () -> lifecycle.config().stateSaveMillis(), lifecycle::say);
        saver.start();
    }

    private Path file(String name) {
        return StateFile.of(historyRoot.resolve(Lifecycle.dirName(name)));
    }

    // ------------------------------------------------------------------ restore (swap thread)

    /**
     * Brings back the state saved for {@code name} into its first version's instance, before its proxy is registered.
     * Whatever goes wrong is one line and a fresh instance; nothing is thrown.
     */
    void restore(String name, Version v) {
        Path file = file(name);
        try {
            if (!v.settings.saveState()) {
                Files.deleteIfExists(file); // saveState = false: starts fresh at every start
                return;
            }
            StateFile.Saved saved;
            try {
                saved = StateFile.read(file, lifecycle.config().stateMaxBytes());
            } catch (IOException e) {
                Path aside = dev.doitlive.runtime.history.History.aside(file);
                Files.move(file, aside);
                unrestorable(name, file + ": " + e.getMessage() + "; kept as " + aside.getFileName());
                return;
            }
            if (saved == null) {
                return;
            }
            StateCodec.Decoded decoded = new StateCodec(v.model.loader(), (int) maxBytes()).decode(saved.groups());
            RootState.Restored r = RootState.restore(decoded, saved.notSaved(), v.instance, v.model, v.injectedFields,
                    v.settings.autoNone(), strategies.get());
            saver.seen(file, saved);
            if (r.fields() == 0 && !r.notRestored().isEmpty()) {
                unrestorable(name, String.join(", ", r.notRestored()));
                return;
            }
            boolean sameVersion = v.entry != null && saved.seq() == v.entry.seq && saved.checksum().equals(v.content.checksum);
            String line = name + ": state " + (sameVersion ? "" : "saved by seq " + saved.seq() + " ") + "restored"
                    + (sameVersion ? "" : " into " + v.label() + " by field name") + " (" + r.fields() + (r.fields() == 1 ? " field" : " fields")
                    + ", saved " + when(saved.savedAt()) + ")"
                    + (r.notRestored().isEmpty() ? "" : "; kept as the new instance made them: " + String.join(", ", r.notRestored()))
                    + (r.notes().isEmpty() ? "" : "; " + String.join("; ", r.notes()));
            lifecycle.say(line);
        } catch (TransferException e) {
            unrestorable(name, e.getMessage());
        } catch (Exception | LinkageError | StackOverflowError e) {
            unrestorable(name, Failures.describe(e));
        }
    }

    private void unrestorable(String name, String cause) {
        String line = name + ": its saved state cannot be restored (" + cause + "); " + name + " starts fresh";
        lifecycle.say(line);
        lifecycle.orphanError(name, line);
    }

    private static String when(long millis) {
        var t = Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault());
        return t.format(DateTimeFormatter.ofPattern(t.toLocalDate().equals(LocalDate.now()) ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss"));
    }

    private long maxBytes() {
        return Math.min(lifecycle.config().stateMaxBytes(), Integer.MAX_VALUE - 64);
    }

    // ------------------------------------------------------------------ saving (the saver's thread)

    /**
     * A version is coming or going: a call may be waiting, in flight, for the revert or the swap that the swap thread
     * (held by this save) is to run. The next period saves the state it settles on. At the last save only a revert
     * counts: the refreshables' bundles are stopping (their services going away), and no revert comes any more.
     */
    private static boolean inFlux(LiveRefreshable l, boolean last) {
        if (!last && (l.updating || l.restoring != null)) {
            return true;
        }
        synchronized (l) {
            // A revert under way; a finished one (or one that found nothing to revert to) is kept only to answer later
            // failures of its version at once, and holds nothing up.
            return l.autoRevert != null && !l.autoRevert.isDone();
        }
    }

    /**
     * {@code name}'s saved state is dropped for good (live:forget; it is no refreshable of the runtime any more): after
     * the save in progress, {@code delete} removes its files. Not on the swap thread: a save in progress may wait for it.
     */
    void forget(String name, Runnable delete) {
        saver.forget(file(name), delete);
    }

    /** No periodic save from now on. */
    void stop() {
        saver.stop();
    }

    /** Saves every live state (a clean stop: the swap thread is done, the loops are closed). */
    void saveAll() {
        saver.saveNow();
    }

    private List<StateSaver.Snapshot> take(boolean last) throws Exception {
        if (last) {
            return snapshots(true);
        }
        CountDownLatch parked = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        try {
            lifecycle.onSwapThread(() -> {
                parked.countDown();
                try {
                    done.await(SWAP_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            if (!parked.await(SWAP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return List.of(); // a swap has been busy all that time: next period
            }
            return snapshots(false);
        } catch (RejectedExecutionException e) {
            return List.of(); // the swap thread is stopping
        } finally {
            done.countDown();
        }
    }

    /** Every live state, each serialized while its proxy's gate is closed. No swap runs meanwhile. */
    private List<StateSaver.Snapshot> snapshots(boolean last) {
        List<StateSaver.Snapshot> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        kept.keySet().removeIf(l -> lifecycle.refreshables().get(l.name) != l); // forgotten ones
        for (LiveRefreshable l : lifecycle.refreshables().values()) {
            Version v = l.current;
            if (v == null || v.entry == null || !v.settings.saveState() || inFlux(l, last)) {
                continue;
            }
            Kept k = kept.computeIfAbsent(l, x -> new Kept());
            if (k.version != v || k.maxBytes != maxBytes()) {
                k.version = v;
                k.maxBytes = maxBytes();
                k.codec = new StateCodec(v.model.loader(), (int) k.maxBytes);
                k.saidBusy = false;
            }
            RefreshableProxy proxy = l.proxy;
            if (!proxy.close(last ? LAST_GATE_MILLIS : GATE_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!k.saidBusy) {
                    k.saidBusy = true;
                    lifecycle.say(l.name + ": state not saved this time: its calls did not pause within " + (last ? LAST_GATE_MILLIS : GATE_MILLIS)
                            + " ms; tried again every period");
                }
                continue;
            }
            StateCodec.Encoded e;
            try {
                e = k.codec.encode(RootState.entries(v.instance, v.model, v.injectedFields));
            } catch (StateCodec.TooLarge t) {
                if (!k.saidTooLarge) {
                    k.saidTooLarge = true;
                    lifecycle.say(l.name + ": state not saved: " + t.getMessage() + "; the saved state stays as it was");
                }
                continue;
            } catch (IllegalAccessException | RuntimeException | LinkageError | StackOverflowError t) {
                if (!k.saidUnreadable) {
                    k.saidUnreadable = true;
                    lifecycle.say(l.name + ": state not saved: " + Failures.describe(t));
                }
                continue;
            } finally {
                proxy.open();
            }
            k.saidTooLarge = false;
            out.add(new StateSaver.Snapshot(l.name, file(l.name), new StateFile.Saved(v.entry.seq, v.content.checksum, now, e.notSaved(),
                    e.groups())));
        }
        return out;
    }
}
