package dev.doitlive.runtime.refresh;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.doitlive.api.ErrorPolicy;
import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.guard.RunawayStopped;
import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.proxy.FailureHandler;
import dev.doitlive.runtime.report.Failures;

/**
 * What a proxy does when a call into the live version throws (on the caller's thread): on probation, or with
 * {@link ErrorPolicy#REVERT}, the version is reverted once for all callers failing on it, and the call retried
 * on the version that is live then; otherwise the error policy decides. A checked exception the interface
 * declares is a result, never a failure.
 */
final class Probation {
    private final Lifecycle lifecycle;
    private final Restore restore;
    /** Set once, right after construction: a swap needs its probation, and a revert on probation its swap-back. */
    private Swap swap;

    Probation(Lifecycle lifecycle, Restore restore) {
        this.lifecycle = lifecycle;
        this.restore = restore;
    }

    /**
     * A version went live (swap thread): notes on disk that it is on probation, unless it went through one before, so
     * that a start after a crash does not bring back a version that may have caused it; and ends it when its time is over.
     */
    void started(History h, History.Entry e, History.Entry before, Version v) {
        if (e.proven()) {
            h.clearProbation(); // a note left about another version is stale now
        } else {
            // Every time a version that never went through a probation goes live: one distrusted after a crash
            // and taken again is distrusted again should the runtime die again.
            h.startProbation(e, before);
        }
        lifecycle.schedule(() -> probationOver(h, e, v), v.settings.probationMillis());
    }

    /**
     * The probation time of {@code v} is over: once its calls are over too (both limits, as live:list's status has
     * it), it is proven if it is still live, and the version it replaced goes. Proven on its time alone, a version
     * killed before its calls were served came back trusted after a crash while live:list still said probation.
     */
    private void probationOver(History h, History.Entry e, Version v) {
        // Its own instance, or the same bytes reloaded (restored behind a swap-back): still the probation of e.
        LiveRefreshable live = lifecycle.refreshables().values().stream()
                .filter(l -> l.current == v || (l.history == h && l.current.entry == e)).findFirst().orElse(null);
        if (live == null) {
            v.cameFrom = null;
            return;
        }
        Version now = live.current;
        if (now.inProbation(live.proxy.calls())) {
            lifecycle.schedule(() -> probationOver(h, e, now), 1000);
        } else {
            h.passProbation(e);
            v.cameFrom = null;
            now.cameFrom = null;
        }
    }

    void use(Swap s) {
        this.swap = s;
    }

    FailureHandler handlerFor(String name) {
        return new Handler(name);
    }

    /** What a proxy does when its target throws: probation and the error policy. */
    private final class Handler implements FailureHandler {
        private final String name;

        Handler(String name) {
            this.name = name;
        }

        @Override
        public int failed(Throwable failure, Object target, String method, int attempt) throws Throwable {
            if (failure instanceof RunawayStopped stopped) {
                stopped.reachedProxy(); // the stop ended the call: not one its own code caught
            }
            if (!(failure instanceof RuntimeException) && !(failure instanceof Error)) {
                throw failure; // a checked exception the interface declares is a result
            }
            LiveRefreshable live = lifecycle.refreshables().get(name);
            if (live == null) {
                throw failure;
            }
            Version v = live.current;
            if (v.instance != target && attempt < 3) {
                return RETRY; // served by a version replaced meanwhile: the live one answers
            }
            String what = "call " + method + "() threw " + Failures.describe(failure);
            if ((live.updating || live.restoringBehind) && failure instanceof LinkageError && attempt < 3) {
                // The old revision's class loader is gone mid-update: wait for the new version.
                awaitVersionChange(live, v, lifecycle.config().revertWaitMillis());
                if (live.current != v) {
                    return RETRY;
                }
            }
            if (live.waitingFor != null) {
                // Its bundle does not resolve (an API it imports is gone): a class it loads now cannot be found, which
                // is no fault of the version. The call fails; the version stays, reverted or failed it would not be.
                live.error("call " + method, name + ": " + what + " in " + v.label() + ", while " + name
                        + " waits for what its bundle imports - no revert: the version is not at fault", failure);
                throw failure;
            }
            live.error("call " + method, name + ": " + what + " in " + v.label(), failure);
            live.callFailed(v);
            if (attempt >= 1) {
                throw failure;
            }
            boolean probation = v.inProbationAtFailure(live.proxy.calls());
            ErrorPolicy policy = probation ? ErrorPolicy.REVERT : v.settings.onError();
            switch (policy) {
                case PROPAGATE:
                    throw failure;
                case DEFAULT_VALUE:
                    return DEFAULT_VALUE;
                default:
                    if (lifecycle.isSwapThread()) {
                        throw failure;
                    }
                    return autoRevert(live, v, what + (probation ? " (on probation)" : "")) ? RETRY : rethrow(failure);
            }
        }

        private int rethrow(Throwable t) throws Throwable {
            throw t;
        }
    }

    private void awaitVersionChange(LiveRefreshable live, Version v, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (live.current == v && (live.updating || live.restoringBehind) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A caller says the call it just made failed although it returned ({@link dev.doitlive.api.LiveRuntime#callFailed}):
     * handled as a failing call of the live version, without holding the caller (any thread, a real-time one too).
     *
     * @return whether a revert of the live version is started or under way
     */
    boolean resultFailed(String name, String why) {
        LiveRefreshable live = lifecycle.refreshables().get(name);
        if (live == null) {
            return false;
        }
        Version v = live.current;
        synchronized (live) {
            CompletableFuture<Boolean> under = live.autoRevert;
            if (live.autoRevertOf == v && under != null) {
                return !under.isDone() || under.getNow(false); // said already: one revert (or one "nothing to revert to")
            }
        }
        live.error("call", name + ": " + why + " in " + v.label(), null);
        live.callFailed(v);
        boolean probation = v.inProbationAtFailure(live.proxy.calls());
        if (!probation && v.settings.onError() != ErrorPolicy.REVERT) {
            return false; // PROPAGATE, DEFAULT_VALUE: the caller has the result; the version stays live
        }
        startRevert(live, v, why + (probation ? " (on probation)" : ""));
        return true;
    }

    /** Reverts away from a failing version, once for all callers failing on it; true when another version is live. */
    private boolean autoRevert(LiveRefreshable live, Version failing, String reason) {
        CompletableFuture<Boolean> f = startRevert(live, failing, reason);
        Stalls.waitedFor(live.name);
        try {
            return f.get(lifecycle.config().revertWaitMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Starts the revert away from {@code failing} on the swap thread, unless one is under way: its outcome. */
    private CompletableFuture<Boolean> startRevert(LiveRefreshable live, Version failing, String reason) {
        synchronized (live) {
            if (live.autoRevertOf == failing && live.autoRevert != null) {
                return live.autoRevert;
            }
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            live.autoRevertOf = failing;
            live.autoRevert = f;
            lifecycle.onSwapThread(() -> revertAfterFailure(live, failing, reason, f));
            return f;
        }
    }

    private void revertAfterFailure(LiveRefreshable live, Version failing, String reason, CompletableFuture<Boolean> f) {
        if (live.current != failing) {
            f.complete(true);
            forget(live, failing);
            return;
        }
        boolean probation = reason.endsWith("(on probation)");
        CompletableFuture<Boolean> together = probation ? lifecycle.group().revertTogether(live, reason) : null;
        if (together != null) {
            // Landed with its group: the group goes back as one, the shared bundle first (Group says the line).
            failing.failure = reason;
            live.autoReverts.incrementAndGet();
            together.whenComplete((landed, e) -> {
                f.complete(live.current != failing);
                forget(live, failing);
            });
            return;
        }
        // Back to the version live before the failing one (not merely the newest older one: that may be a version
        // the user reverted away from), if the history still has it.
        History.Entry before = failing.before;
        History.Entry target = before != null && before.revertable() && live.history.find(before.seq).orElse(null) == before
                ? before : live.history.previous().orElse(null);
        String file = failing.file();
        if (target == null) {
            String line = file + ": " + reason + " - nothing to revert to; " + live.name + " stays at " + failing.label();
            lifecycle.say(line);
            f.complete(false);
            return;
        }
        failing.failure = reason;
        String line = file + ": " + reason + " - reverting " + live.name + " to " + target;
        live.endOfCurrent = probation ? VersionDTO.Status.FAILED : VersionDTO.Status.REVERTED;
        live.endReason = reason;
        live.autoReverts.incrementAndGet();
        // The version before live again at once, its kept instance serving: the failing callers are let go as soon as
        // the gate opens, before the lines and the history; its bundle is restored behind it.
        if (probation && swap.back(live, failing, target, line, () -> f.complete(true))) {
            forget(live, failing);
            lifecycle.coordinated().reverted(live, reason);
            return;
        }
        lifecycle.say(line);
        CompletableFuture<OutcomeDTO> outcome = new CompletableFuture<>();
        live.await(outcome, false);
        outcome.whenComplete((o, e) -> {
            f.complete(live.current != failing);
            forget(live, failing);
            if (live.current != failing) {
                lifecycle.coordinated().reverted(live, reason); // the other runtimes of a stage revert too
            }
        });
        restore.startUpdate(live, target, outcome, failing);
    }

    /**
     * Once the revert is done, the failed version is no longer needed: holding it would keep its instance, and so
     * its class loader and every class of its bundle revision, until the next failure. A caller that fails on it
     * later finds another version live and is retried there.
     */
    private static void forget(LiveRefreshable live, Version failing) {
        synchronized (live) {
            if (live.autoRevertOf == failing) {
                live.autoRevertOf = null;
                live.autoRevert = null;
            }
        }
    }
}
