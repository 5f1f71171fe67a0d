package dev.doitlive.runtime.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.RefreshHooks;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.guard.RunawayCalls;
import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.proxy.RefreshableProxy;
import dev.doitlive.runtime.report.Failures;
import dev.doitlive.runtime.report.Names;
import dev.doitlive.runtime.transfer.StateTransfer;
import dev.doitlive.runtime.transfer.TransferException;

/**
 * Preparation and swap (DESIGN.md, the life of a refresh, steps 2 and 4): a later version of a live refreshable
 * arrived. Everything that does not read the state is worked out first ({@link Preparation}); then the proxy's gate
 * closes for the shortest moment: calls in flight finish, the state is copied, {@code postRefresh} runs, the target
 * changes and the gate opens. The history records the outcome and {@link Probation} starts; a failure goes to the
 * {@link Restore}. Swap thread only.
 */
final class Swap {
    private static final long DRAIN_ATTEMPT_MS = 100;
    private static final int DRAIN_ATTEMPTS = 100;

    private final Lifecycle lifecycle;
    private final Probation probation;
    private final Proxies proxies;
    private final Restore restore;

    Swap(Lifecycle lifecycle, Probation probation, Proxies proxies, Restore restore) {
        this.lifecycle = lifecycle;
        this.probation = probation;
        this.proxies = proxies;
        this.restore = restore;
    }

    /**
     * @param early    its transfer planned when it was held, against the version live now; null: planned here
     * @param landing  how it landed, said after "is live" (" on the bar (0.1 ms after it)"), or empty
     */
    void swap(LiveRefreshable live, Version next, Preparation.Prepared early, String landing) {
        Version prev = live.current;
        boolean wasDetached = prev.bundle.getState() == Bundle.UNINSTALLED && prev.bundle.getBundleId() != next.bundle.getBundleId();
        // Record the version before the swap, so that whoever sees it live also sees its sequence number.
        History h = live.history;
        History.Entry entry = h.findByChecksum(next.content.checksum).orElse(null);
        boolean same = entry != null && entry == prev.entry;
        if (entry == null) {
            entry = h.add(next.content.jar, next.content.checksum, next.bundleVersion, VersionDTO.Status.REPLACED, null);
        }
        next.entry = entry;
        // Other service types than the proxy's (the component's service = ... changed), or interfaces of another class
        // than the proxy's: the API bundle was updated (a new revision of the same interfaces), and its consumers
        // refreshed with it. They need a proxy of the new interfaces.
        List<Class<?>> newInterfaces = null;
        boolean otherTypes = !Proxies.sameServiceTypes(live, next);
        for (Class<?> i : live.interfaces) {
            if (otherTypes || !i.isInstance(next.instance)) {
                try {
                    newInterfaces = Proxies.interfaces(next);
                } catch (IllegalArgumentException e) {
                    restore.failed(live, live.name, next.bundle, next.content, otherTypes ? e.getMessage()
                            : "the new version does not implement " + i.getName(), null);
                    return;
                }
                break;
            }
        }
        Preparation.Prepared prepared;
        if (early != null) {
            Preparation.preRefresh(lifecycle, live, prev);
            prepared = early;
        } else {
            prepared = Preparation.prepare(lifecycle, live, prev, next, same);
        }
        StateTransfer.Prepared transfer = prepared.transfer();
        Version cameFrom = prepared.cameFrom();
        boolean back = prepared.back();
        List<String> givenBack = prepared.givenBack();
        long closedAt = closeGate(live, prev, next);
        StateTransfer.Result result;
        try {
            result = carry(transfer, next);
        } catch (TransferException e) {
            live.proxy.open();
            restore.failed(live, live.name, next.bundle, next.content, e.getMessage(), e.getCause() != null ? e.getCause() : e);
            return;
        } catch (RuntimeException | LinkageError e) {
            live.proxy.open();
            restore.failed(live, live.name, next.bundle, next.content, "state transfer failed: " + Failures.describe(e), e);
            return;
        }
        prev.cameFrom = null; // whatever happens next, the version before prev is no longer needed
        if (same) {
            next.cameFrom = cameFrom; // the same version restored: still on the probation it was on
            next.untaken = prev.untaken;
        } else if (!back) {
            next.cameFrom = prev;
            next.untaken = result.untaken;
        }
        if (live.waitingFor != null) {
            live.lastFailure = null; // back from waiting: what failed meanwhile is over
        }
        if (newInterfaces == null) {
            lifecycle.swapListeners().swapping(live, prev, next); // gate closed: they see it before the new version serves
            live.proxy.target(next.instance);
            live.current = next;
            live.updating = false;
            next.wentLive(live.proxy.calls());
            live.proxy.open();
        } else {
            reproxy(live, next, newInterfaces, otherTypes);
        }
        // Only now does the status say it serves: whoever looks the service up then finds the proxy of this version.
        live.waitingFor = null;
        live.componentGone = false;
        live.held(System.nanoTime() - closedAt);
        lifecycle.context().ungetService(prev.ref);
        if (live.registration == null) {
            // Withdrawn when its file was deleted: the new file brings it back to its consumers.
            live.registration = Proxies.register(lifecycle.context(), live, next);
        } else if (newInterfaces == null) {
            Proxies.follow(live, prev, next); // its consumers see the service properties the live version declares
        }

        // The live version's own bytes back in its bundle after a swap-back: nothing to say unless it fails.
        boolean behind = same && live.restoringBehind;
        live.restoringBehind = false;
        String message;
        if (same) {
            message = live.restoring != null ? live.restoring
                    : live.name + ": reloaded " + next.label() + " (same version), state kept";
            if (live.restoring != null) {
                lifecycle.say(live.name + ": " + next.label() + " restored into " + next.file() + ", state kept");
            }
        } else {
            History.Entry ended = recordLive(live, entry, prev, next);
            live.newest = next;
            probation.started(h, entry, ended, next);
            message = liveLine(live, prev, next, result, back ? givenBack : null, landing);
        }
        h.pruneAndSave();
        boolean ok = !(same && live.restoring != null);
        live.restoring = null;
        live.endOfCurrent = VersionDTO.Status.REPLACED;
        live.endReason = null;
        if (ok && !behind && !live.commandWaiting()) {
            lifecycle.say(message); // a command waiting for it prints it itself
        }
        if (!behind) { // nobody waits for the restore behind a swap-back: the swap-back's outcome was theirs
            live.complete(OutcomeDTO.of(ok, message, entry.seq));
        }
        if (wasDetached) {
            lifecycle.files().back(live.name, next.file());
        }
    }

    /**
     * Swap-back: {@code failing}, on probation, gives way at once to the version it replaced, whose instance was kept
     * through the probation with its classes loaded. The gate closes, the state is carried back (what the failing one
     * never really had comes back as it was), the target changes and the gate opens: the failing caller's retry runs on
     * it. The bundle is then restored to that version's bytes behind it ({@link Restore#behind}); that arrival is a
     * reload. The instance serving meanwhile has been deactivated by Declarative Services, as the old instance is during
     * any update (README: its {@code @Deactivate}). Swap thread.
     *
     * @param target    where the revert goes: a revertable version of the history ({@link Probation} chose it); the
     *                  swap-back is only for the very version {@code failing} replaced
     * @param reverting the line that says why and where it goes back to, said once it is back
     * @param served    run as soon as the gate is open again: the failing callers' wait is over
     * @return false when it cannot be done (the usual revert, through the bundle, follows): the target and the history
     *         are as they were; the failing instance's {@code preRefresh} may have run (it runs again then)
     */
    boolean back(LiveRefreshable live, Version failing, History.Entry target, String reverting, Runnable served) {
        Version back = failing.cameFrom;
        if (back == null || live.current != failing || back.entry == null || back.entry != target || failing.before != target
                || live.held != null || live.restoring != null || live.restoringBehind || live.updating || live.waitingFor != null
                || back.bundle.getBundleId() != failing.bundle.getBundleId() || failing.bundle.getState() == Bundle.UNINSTALLED) {
            return false;
        }
        if (!Proxies.sameServiceTypes(live, back)) {
            return false; // the failing version provides other service types: a proxy of the old ones serves it again
        }
        for (Class<?> i : live.interfaces) {
            if (!i.isInstance(back.instance)) {
                return false; // the failing version came with new interfaces (an API update): a new proxy serves it
            }
        }
        Preparation.Prepared prepared;
        try {
            prepared = Preparation.prepare(lifecycle, live, failing, back, false);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
        if (!prepared.back()) {
            return false;
        }
        long closedAt = closeGate(live, failing, back);
        StateTransfer.Result result;
        try {
            result = carry(prepared.transfer(), back);
        } catch (TransferException | RuntimeException | LinkageError e) {
            live.proxy.open();
            return false; // the instance may be half written; the usual revert makes a fresh one from the bytes
        }
        failing.cameFrom = null;
        live.restoringBehind = true; // before the target changes: the failing version's bundle is restored behind it
        lifecycle.swapListeners().swapping(live, failing, back);
        live.proxy.target(back.instance);
        live.current = back;
        back.wentLive(live.proxy.calls());
        live.proxy.open();
        History.Entry ended = recordLive(live, back.entry, failing, back); // in memory: what the callers may look at
        served.run(); // the failing callers retry now; the rest is bookkeeping, on disk too
        live.held(System.nanoTime() - closedAt);
        lifecycle.context().ungetService(failing.ref);
        Proxies.follow(live, failing, back);
        // "gave back": what the failing one never had is as it was (its own instance kept it).
        String message = liveLine(live, failing, back, result, prepared.givenBack(), " again");
        probation.started(live.history, back.entry, ended, back);
        live.history.pruneAndSave();
        live.endOfCurrent = VersionDTO.Status.REPLACED;
        live.endReason = null;
        lifecycle.say(reverting);
        if (!live.commandWaiting()) {
            lifecycle.say(message);
        }
        live.complete(OutcomeDTO.of(true, message, back.entry.seq));
        restore.behind(live, failing);
        return true;
    }

    /**
     * Closes the gate for a swap from {@code prev} to {@code next}: calls in flight finish; calls that never return are
     * left behind (said) so that the fix can go live. Returns when it closed.
     */
    private long closeGate(LiveRefreshable live, Version prev, Version next) {
        if (close(live.proxy)) {
            return System.nanoTime();
        }
        // Calls that never return (a loop that never ends, typed live) must not keep the fix from going live.
        long stuck = live.proxy.closeLeavingStuck();
        long closedAt = System.nanoTime();
        String line = live.name + ": " + stuck + (stuck == 1 ? " call" : " calls") + " into " + prev.label()
                + " did not return within " + (DRAIN_ATTEMPT_MS * DRAIN_ATTEMPTS / 1000) + " s (a loop that never ends?); "
                + next.label() + " goes live without waiting: what " + (stuck == 1 ? "that call changes" : "they change")
                + " from now on is not carried";
        lifecycle.say(line);
        live.error("swap", line, null);
        RunawayCalls.stopLeftBehind(live.name, live.proxy.getClass(), () -> live.current == next && !live.proxy.isClosed(),
                prev.label(), lifecycle::say);
        return closedAt;
    }

    /** Inside the closed gate: the state copied into {@code next}, then its {@code postRefresh}. */
    private static StateTransfer.Result carry(StateTransfer.Prepared transfer, Version next) throws TransferException {
        StateTransfer.Result result = transfer.run();
        if (next.instance instanceof RefreshHooks hooks) {
            try {
                hooks.postRefresh();
            } catch (Throwable t) {
                throw new TransferException("postRefresh() threw " + Failures.describe(Failures.root(t)), t);
            }
        }
        return result;
    }

    /**
     * A version other than the live one's bytes is live: its history entry is, in memory (the probation note and the
     * index are written after); returns the entry of the version it replaced.
     */
    private static History.Entry recordLive(LiveRefreshable live, History.Entry entry, Version prev, Version next) {
        History h = live.history;
        History.Entry ended = prev.entry;
        next.before = ended;
        h.makeLive(entry, VersionDTO.Status.REPLACED);
        if (live.endOfCurrent == VersionDTO.Status.FAILED) {
            h.fail(ended, live.endReason);
        } else if (live.endOfCurrent == VersionDTO.Status.REVERTED) {
            h.end(ended, VersionDTO.Status.REVERTED, live.endReason);
        }
        live.lastFailure = null;
        return ended;
    }

    /**
     * The line that says {@code next} is live. {@code givenBack}: going back to the version the failing one replaced,
     * what came back as it was; else null.
     */
    private static String liveLine(LiveRefreshable live, Version prev, Version next, StateTransfer.Result result,
            List<String> givenBack, String landing) {
        List<String> notes = new ArrayList<>(result.notes);
        if (givenBack != null && !prev.untaken.isEmpty()) {
            notes.add("gave back " + Names.few(new TreeSet<>(prev.untaken)) + " as " + next.label()
                    + " had " + (prev.untaken.size() == 1 ? "it" : "them"));
            notes.addAll(givenBack);
        }
        return live.name + ": " + next.label() + " is live" + landing + ", state kept (" + result.fields + (result.fields == 1 ? " field" : " fields")
                + (result.objects > 0 ? ", " + result.objects + " objects migrated" : "") + ")"
                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
    }

    /**
     * Puts a proxy of the new interfaces in place of the old one (whose gate is closed and stays on the old
     * instance for whoever still holds it): registered before the old registration goes, so a consumer never
     * finds neither.
     */
    private void reproxy(LiveRefreshable live, Version next, List<Class<?>> newInterfaces, boolean otherTypes) {
        RefreshableProxy old = live.proxy;
        String were = Proxies.names(live.interfaces);
        ServiceRegistration<?> oldRegistration = live.registration;
        live.proxy = proxies.create(live.name, newInterfaces, next);
        live.interfaces = newInterfaces;
        live.current = next;
        next.wentLive(0);
        old.open();
        live.registration = Proxies.register(lifecycle.context(), live, next);
        try {
            if (oldRegistration != null) {
                oldRegistration.unregister();
            }
        } catch (IllegalStateException e) {
            // already gone
        }
        // Not before: until the old registration is gone, a look-up finds the old proxy, which serves the old instance.
        live.updating = false;
        lifecycle.say(live.name + (otherTypes ? ": its service is now " + Proxies.names(newInterfaces) + " (was " + were + ")"
                : ": its service interfaces come from a new revision of their bundle") + "; a new proxy serves them");
    }

    private boolean close(RefreshableProxy proxy) {
        for (int i = 0; i < DRAIN_ATTEMPTS; i++) {
            if (proxy.close(DRAIN_ATTEMPT_MS, TimeUnit.MILLISECONDS)) {
                return true;
            }
            // A call may be re-entering the proxy: let it through, then try again.
            Thread.yield();
        }
        return false;
    }
}
