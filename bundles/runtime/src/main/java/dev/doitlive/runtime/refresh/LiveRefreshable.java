package dev.doitlive.runtime.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import dev.doitlive.api.Boundary;
import dev.doitlive.api.ErrorDTO;
import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.proxy.RefreshableProxy;
import dev.doitlive.runtime.report.ErrorLog;

/**
 * One refreshable: its proxy, the live version, its history and its recent errors. Mutated only on the
 * runtime's swap thread; read from anywhere.
 */
public final class LiveRefreshable {
    private static final int ERRORS_KEPT = 50;

    final String name;
    /** Replaced (with its registration) only when the service interfaces themselves change: a new API bundle revision. */
    volatile RefreshableProxy proxy;
    volatile List<Class<?>> interfaces;
    final History history;
    ServiceRegistration<?> registration;

    volatile Version current;
    /**
     * The last version to go live from bytes new to it (not a reload, not a swap-back): what a command's answer is
     * about, which may come after that version failed and went back (the answer waits for the history's write).
     */
    volatile Version newest;
    /** The live version's raw service went away; a new version is on its way (or the bundle stopped). */
    volatile boolean updating;
    /** The last attempt to bring a version in failed (cleared by the next good version). */
    volatile String lastFailure;
    /** The {@link #lastFailure} its live source's compile error set, cleared with it when the source is back. */
    private volatile String compileFailure;
    /** Calls into its versions that threw (steps included): the ERRORS of live:list, its other problems not counted. */
    private final AtomicLong callErrors = new AtomicLong();
    /** Its bundle cannot resolve (an API it imports is gone): the line that says what it waits for; null when not waiting. */
    volatile String waitingFor;
    /** Its raw service went while its bundle runs on (its configuration deleted...): detached until it comes back. */
    volatile boolean componentGone;
    /** Its file now declares this other name: detached, its state and history kept, until the name comes back. */
    volatile String renamedTo;
    /**
     * The version whose call failed last (by its instance's identity: holding the version would keep its classes),
     * and the call count then: its calls keep failing while that count holds.
     */
    private volatile java.lang.ref.WeakReference<Object> failedOn = new java.lang.ref.WeakReference<>(null);
    private volatile long callsAtFailure;
    /**
     * Set while the bundle is brought back to the live version's bytes after a swap-back ({@link Swap#back}): the live
     * version serves already; the bundle still runs the failed one's code until that arrival.
     */
    volatile boolean restoringBehind;
    /** Set while the bundle is being restored to the live version after a failure: the failure line. */
    String restoring;
    /** How the live version ends when the next one arrives, and why (set by a revert). */
    VersionDTO.Status endOfCurrent = VersionDTO.Status.REPLACED;
    String endReason;
    /** Futures waiting for the next outcome: of refresh/revert commands, and of automatic reverts. */
    final List<CompletableFuture<OutcomeDTO>> waiting = new ArrayList<>();
    /** How many of them are commands, which print the outcome themselves. */
    private int commands;
    /** The automatic revert in progress, shared by every caller that fails on the same version. */
    Version autoRevertOf;
    CompletableFuture<Boolean> autoRevert;
    /** Counts bundle updates seen and the update count at the last arrival, to notice an update with no arrival. */
    final AtomicLong updatesSeen = new AtomicLong();
    /** Automatic reverts started (a failing version going back), for the loops that run its step. */
    final AtomicLong autoReverts = new AtomicLong();
    volatile long arrivalsAtUpdate;
    /** The version prepared and held for its beat or bar, or null (swap thread writes). */
    volatile Hold.Held held;
    /** Where its new versions land, set by live:at (null: what each version declares), and for the next one only. */
    volatile Boundary at;
    volatile Boundary atOnce;

    private final ErrorLog errors = new ErrorLog();
    /** How long the gate was closed at the last swap, and the longest since the runtime started. */
    private volatile long lastHeld;
    private volatile long longestHeld;

    /** Where its answers go out: after the history's writes given before them. */
    private final Journal journal;

    LiveRefreshable(String name, RefreshableProxy proxy, List<Class<?>> interfaces, History history, Journal journal) {
        this.journal = journal;
        this.name = name;
        this.proxy = proxy;
        this.interfaces = interfaces;
        this.history = history;
    }

    public String name() {
        return name;
    }

    /** The live version. */
    public Version current() {
        return current;
    }

    /** Records a failure in its errors ({@code live:errors NAME}). */
    public void error(String where, String message, Throwable t) {
        errors.add(name, liveSeq(), where, message, t);
    }

    /** A line in its errors that is no error: how one ended. Not counted. */
    public void note(String where, String message) {
        errors.note(name, liveSeq(), where, message);
    }

    /** A note about version {@code seq} (one held, never live): tagged with it, not with the live one's. */
    public void note(String where, long seq, String message) {
        errors.note(name, seq, where, message);
    }

    public List<ErrorDTO> errors() {
        return errors.list();
    }

    void complete(OutcomeDTO outcome) {
        List<CompletableFuture<OutcomeDTO>> done;
        synchronized (waiting) {
            done = new ArrayList<>(waiting);
            waiting.clear();
            commands = 0;
        }
        journal.then(() -> done.forEach(f -> f.complete(outcome))); // after the history's writes given before it
    }

    boolean commandWaiting() {
        synchronized (waiting) {
            return commands > 0;
        }
    }

    /** Completes {@code f} with the next outcome; {@code command}: a shell command that prints it. */
    void await(CompletableFuture<OutcomeDTO> f, boolean command) {
        synchronized (waiting) {
            waiting.add(f);
            commands += command ? 1 : 0;
        }
    }

    /** Notes how long callers were held at the gate during a swap (swap thread only). */
    void held(long nanos) {
        lastHeld = nanos;
        if (nanos > longestHeld) {
            longestHeld = nanos;
        }
    }

    long liveSeq() {
        Version v = current;
        return v == null || v.entry == null ? 0 : v.entry.seq;
    }

    RefreshableDTO.Status status() {
        Version v = current;
        int state = v.bundle.getState();
        if (state == Bundle.UNINSTALLED || (state == Bundle.RESOLVED && !updating && !restoringBehind)) {
            return RefreshableDTO.Status.DETACHED; // restored behind the live version, the bundle passes through RESOLVED
        }
        if (renamedTo != null) {
            return RefreshableDTO.Status.DETACHED;
        }
        if (waitingFor != null) {
            return RefreshableDTO.Status.WAITING;
        }
        if (updating) {
            return state == Bundle.RESOLVED || componentGone ? RefreshableDTO.Status.DETACHED : RefreshableDTO.Status.UPDATING;
        }
        if (lastFailure != null) {
            return RefreshableDTO.Status.FAILED;
        }
        long calls = proxy.calls();
        if (failedOn.get() == v.instance && callsAtFailure == calls) {
            return RefreshableDTO.Status.FAILING;
        }
        return v.inProbation(calls) ? RefreshableDTO.Status.PROBATION : RefreshableDTO.Status.OK;
    }

    /**
     * Its live source does not compile (the line that says so, not each error's): the last attempt to bring a version in
     * failed, as live:list shows, until a version goes live or the source is back to the live one.
     */
    public void compileFailed(String line) {
        compileFailure = line;
        lastFailure = line;
    }

    /**
     * Its live source is back to the live version's text: whatever failed to come in since (a compile error, a
     * version whose component did not activate) is no longer its last attempt.
     */
    public void backToLiveSource() {
        compileFailure = null;
        lastFailure = null;
    }

    /** Its live source is back to the live version's text: its compile error is over. */
    public void compileFixed() {
        String c = compileFailure;
        if (c != null && c.equals(lastFailure)) {
            lastFailure = null;
        }
        compileFailure = null;
    }

    /** A call into the live version failed (any thread): until a later call gets through, its calls are failing. */
    void callFailed(Version v) {
        callErrors.incrementAndGet();
        failedOn = new java.lang.ref.WeakReference<>(v.instance);
        callsAtFailure = proxy.calls();
    }

    /** Where its next version lands: live:at once, live:at, or what the live version declares. */
    Boundary boundary() {
        return boundaryOf(current);
    }

    /** Where version {@code v} lands: live:at once, live:at, or what {@code v} declares. */
    Boundary boundaryOf(Version v) {
        Boundary once = atOnce;
        Boundary set = at;
        return once != null ? once : set != null ? set : v.settings.at();
    }

    RefreshableDTO toDTO(Hold hold) {
        Version v = current;
        RefreshableDTO d = new RefreshableDTO();
        d.name = name;
        d.interfaces = interfaces.stream().map(Class::getName).toArray(String[]::new);
        d.bundleId = v.bundle.getBundleId();
        d.symbolicName = v.bundle.getSymbolicName();
        d.location = v.location;
        d.liveSeq = liveSeq();
        d.liveBundleVersion = v.bundleVersion;
        d.historyDepth = history.depthUsed();
        d.status = status();
        d.calls = proxy.calls();
        d.errors = callErrors.get();
        d.lastHoldNanos = lastHeld;
        d.longestHoldNanos = longestHeld;
        ErrorDTO newest = errors.newest();
        d.lastError = waitingFor != null ? waitingFor : lastFailure != null ? lastFailure : newest == null ? null : newest.message;
        d.at = boundary();
        Hold.Held h = held;
        if (h != null) {
            d.heldSeq = h.entry.seq;
            d.heldBundleVersion = h.next.bundleVersion;
            d.heldAt = h.at;
            d.heldLandsInMillis = hold.landsInMillis(h);
        }
        return d;
    }
}
