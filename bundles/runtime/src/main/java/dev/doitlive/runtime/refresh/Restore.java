package dev.doitlive.runtime.refresh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.report.Failures;

/**
 * Restore (DESIGN.md, the life of a refresh, steps 5 and 6): a version could not be brought in, or must give way.
 * Records the failure in the history, says one line (the file, the cause, what is live now) and, when the bundle no
 * longer runs the live version's code, puts the live version's bytes back into it: their arrival swaps a fresh
 * instance in with the state kept. {@link #startUpdate} brings any kept version back (reverts). A bundle that holds
 * the live version's own bytes and still does not resolve is not restored in a loop: it {@linkplain Waiting waits}.
 * Swap thread only.
 */
final class Restore {
    private final Lifecycle lifecycle;
    private final Recovery recovery;
    private final Waiting waiting;

    Restore(Lifecycle lifecycle, Recovery recovery, Waiting waiting) {
        this.lifecycle = lifecycle;
        this.recovery = recovery;
        this.waiting = waiting;
    }

    /**
     * A version could not be brought in. Records it, prints one line (file, cause, what is live now) and, when
     * the bundle no longer runs the live version's code, restores it from history.
     */
    void failed(LiveRefreshable live, String name, Bundle bundle, String cause, Throwable t) {
        failed(live, name, bundle, null, cause, t);
    }

    /** @param content the failed version's content when the caller has read it already, else null */
    void failed(LiveRefreshable live, String name, Bundle bundle, BundleContent content, String cause, Throwable t) {
        String file = Version.fileOf(bundle.getLocation());
        String said = Failures.inWords(cause); // the lines' words; the resolver's own are read below
        if (live == null) {
            if (recovery.afterFailedStart(name, bundle, cause)) {
                return;
            }
            String line = file + ": " + said + " - nothing of " + name + " is live";
            lifecycle.say(line);
            lifecycle.orphanError(name, line, t);
            return;
        }
        live.restoringBehind = false; // a failure is said below, and the bundle restored (again) the usual way
        lifecycle.group().failed(name, said); // a refreshable of a group coming back: none of the group swaps
        lifecycle.coordinated().failed(live, said); // a version a coordinator asked for: its prepare fails
        Version cur = live.current;
        BundleContent now = content;
        if (now == null) {
            try {
                now = BundleContent.read(bundle);
            } catch (IOException | RuntimeException e) {
                // unreadable bundle: nothing to record but the line
            }
        }
        if (Waiting.isWait(live, bundle, now, cause)) {
            waiting.enter(live, cause); // the live version's own bytes do not resolve: putting them back would loop
            return;
        }
        if (Waiting.isNewWait(live, bundle, now, cause)) {
            waiting.enterWithNew(live, bundle, cause); // a new version needs what is gone too: it waits in the bundle
            return;
        }
        if (live.restoring != null) {
            // The restore itself failed: keep the old instance serving; nothing more to try.
            String line = file + ": " + said + " while restoring " + cur.label() + "; its last instance keeps serving";
            lifecycle.say(line);
            live.error("restore", line, t);
            live.restoring = null;
            live.updating = false; // not coming: the status says failed, not updating
            live.lastFailure = line;
            live.complete(OutcomeDTO.of(false, line, live.liveSeq()));
            return;
        }
        try {
            BundleContent c = now;
            if (c != null && !c.checksum.equals(cur.content.checksum)) {
                History.Entry known = live.history.findByChecksum(c.checksum).orElse(null);
                if (known == null) {
                    live.history.add(c.jar, c.checksum, bundle.getVersion().toString(), VersionDTO.Status.FAILED, said);
                } else {
                    live.history.fail(known, said);
                }
                live.history.pruneAndSave();
            }
        } catch (RuntimeException e) {
            // the history cannot record it: nothing to record but the line
        }
        String line = file + ": " + said + " - " + live.name + " stays at " + cur.label() + " with its state";
        lifecycle.say(line);
        live.error("refresh", line, t);
        live.lastFailure = line;
        live.endOfCurrent = VersionDTO.Status.REPLACED;
        live.endReason = null;
        // The live version's bytes go back into its own file's bundle only: another file declaring the same name, which
        // failed to take over from a detached refreshable, keeps its own code (refused), and its file its meaning.
        boolean ownFile = bundle.getBundleId() == cur.bundle.getBundleId() || bundle.getLocation().equals(cur.location);
        if (bundle.getState() != Bundle.UNINSTALLED && ownFile) {
            // As a task of its own: the thread that started the failed version may hold the bundle's lock
            // while it waits for this arrival to be handled.
            live.restoring = line;
            lifecycle.onSwapThread(() -> restore(live, bundle, line, null));
        } else {
            live.complete(OutcomeDTO.of(false, line, live.liveSeq()));
        }
    }

    /** A held version cancelled: the live version's bytes go back into its bundle, as after a failure. Swap thread. */
    void putBack(LiveRefreshable live, Bundle bundle, String line) {
        putBack(live, bundle, line, live.liveSeq());
    }

    /** The same, for a line about version {@code seq}. */
    void putBack(LiveRefreshable live, Bundle bundle, String line, long seq) {
        live.note("hold", seq, line);
        if (bundle.getState() != Bundle.UNINSTALLED) {
            live.restoring = line;
            lifecycle.onSwapThread(() -> restore(live, bundle, line, null));
        }
    }

    /**
     * After a swap-back ({@link Swap#back}) the bundle still runs the failed version's code: the live version's bytes go
     * back into it, and their arrival is a reload of the live version, said only when it fails. Swap thread.
     */
    void behind(LiveRefreshable live, Version failing) {
        live.restoringBehind = true;
        restore(live, failing.bundle, null, failing);
    }

    /**
     * Puts the live version's bytes back into the bundle; its arrival swaps a fresh instance in, state kept. Behind a
     * swap-back ({@code expected}: the failed version) only if the bundle still runs it. The update
     * and the start are framework calls, made off the swap thread ({@link Lifecycle#framework}); a failure is said on it.
     */
    private void restore(LiveRefreshable live, Bundle bundle, String line, Version expected) {
        Starting.Failed onFailure = e -> lifecycle.onSwapThread(() -> {
            live.restoring = null;
            live.restoringBehind = false;
            if (line == null && bundle.getState() == Bundle.UNINSTALLED) {
                return; // deleted while restored behind a swap-back: the deletion's own line says what serves
            }
            String l = (line != null ? line : live.name + ": " + live.current.label() + " is live")
                    + "; could not restore the bundle (" + Failures.describe(e) + "), its last instance keeps serving";
            lifecycle.say(l);
            live.error("restore", l, e);
            if (line != null) { // behind a swap-back, the outcome was the swap-back's: nobody waits for this one
                live.complete(OutcomeDTO.of(false, l, live.liveSeq()));
            }
        });
        byte[] bytes;
        try {
            bytes = live.history.bytes(live.current.entry);
        } catch (IOException | RuntimeException e) {
            onFailure.failed(e);
            return;
        }
        live.restoring = line; // null behind a swap-back
        lifecycle.framework(() -> {
            if (expected != null && (!expected.inItsBundle() || expected.ref.getBundle() == null)) {
                // Behind a swap-back, the bundle was updated meanwhile (a newer file, a revert), is being updated (the
                // failed version's service is gone: its bundle stopped) or deleted: that one's arrival (or the deletion)
                // decides; putting the live bytes back now would overwrite it.
                lifecycle.onSwapThread(() -> live.restoringBehind = false);
                return;
            }
            try {
                bundle.update(new ByteArrayInputStream(bytes));
            } catch (BundleException | RuntimeException e) {
                onFailure.failed(e);
                return;
            }
            Starting.startOffSwapThread(lifecycle, bundle, onFailure);
        });
    }

    /**
     * Updates the refreshable's bundle with a version from its history; the arrival swaps it in. Swap thread; the
     * update itself is a framework call, made off it ({@link Lifecycle#framework}): during a refresh it would wait for
     * the bundle's lock while the refresh waits for the swap thread.
     */
    void startUpdate(LiveRefreshable live, History.Entry target, CompletableFuture<?> f) {
        startUpdate(live, target, f, null);
    }

    /**
     * The same, after a failure of the live version {@code failing}: a bundle updated since it came holds a newer
     * version (a file saved right after the failing one): that one's arrival (or failure) is the outcome, and the target
     * is not put over it.
     */
    void startUpdate(LiveRefreshable live, History.Entry target, CompletableFuture<?> f, Version failing) {
        Bundle b = live.current.bundle;
        if (b.getState() == Bundle.UNINSTALLED) {
            live.complete(OutcomeDTO.of(false, live.name + ": its bundle was uninstalled; drop its file into the watched folder again",
                    live.liveSeq()));
            return;
        }
        byte[] bytes;
        try {
            bytes = live.history.bytes(target);
        } catch (IOException | RuntimeException e) {
            cannotBringBack(live, target, e);
            return;
        }
        lifecycle.framework(() -> {
            if (failing != null && b.getState() != Bundle.UNINSTALLED && !failing.inItsBundle()) {
                lifecycle.say(live.name + ": " + Version.fileOf(b.getLocation()) + " changed again meanwhile: the revert to "
                        + target + " gives way to it");
                return;
            }
            Starting.updateOffSwapThread(lifecycle, b, new ByteArrayInputStream(bytes),
                    e -> lifecycle.onSwapThread(() -> cannotBringBack(live, target, e)));
        });
    }

    private void cannotBringBack(LiveRefreshable live, History.Entry target, Exception e) {
        // The resolver's refusal in a performer's words (which package, at which versions), not Felix's.
        String line = live.name + ": cannot bring " + target + " back: "
                + (e instanceof BundleException ? Failures.inWords(Failures.once(String.valueOf(e.getMessage()))) : Failures.describe(e));
        lifecycle.say(line);
        live.error("revert", line, e);
        live.endOfCurrent = VersionDTO.Status.REPLACED;
        live.complete(OutcomeDTO.of(false, line, live.liveSeq()));
    }
}
