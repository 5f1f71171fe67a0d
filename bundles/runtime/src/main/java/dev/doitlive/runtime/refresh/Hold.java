package dev.doitlive.runtime.refresh;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.osgi.framework.ServiceReference;

import dev.doitlive.api.Boundary;
import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.report.Failures;

/**
 * Hold (DESIGN.md, the life of a refresh, step 3): a version that lands on a beat or a bar is prepared at once (its
 * bundle resolved and started, its instance built on arrival, its transfer planned here) and waits, while the live
 * version serves on, until the beat clock reaches the beat it was given; the swap then only copies. The beat is
 * fixed when it is held and its time read again from the clock as it comes near, so a tempo change moves the landing
 * with the music. A version whose planning fails, whose service goes, or that is cancelled, never lands. Swap thread
 * only, but for {@link #landsInMillis}.
 */
final class Hold {
    /** How early the swap thread wakes before the beat; the rest is waited out precisely. */
    private static final long EARLY_NANOS = 2_000_000;
    /** The longest the swap thread leaves a held version unchecked: a faster tempo brings its beat nearer. */
    private static final long RECHECK_NANOS = 20_000_000;
    /** The last stretch is spun rather than parked: a park may oversleep by tens of microseconds. */
    private static final long SPIN_NANOS = 200_000;

    /**
     * One held version: what lands, where (null: with its {@link Group}), on which beat, and its transfer planned
     * against {@code plannedOn}.
     */
    static final class Held {
        final Version next;
        final Boundary at;
        final double beat;
        final History.Entry entry;
        final Preparation.Prepared prepared;
        final Version plannedOn;
        /** Whether its history entry was made for it: only such an entry is marked failed when it never lands. */
        final boolean newEntry;

        Held(Version next, Boundary at, double beat, History.Entry entry, Preparation.Prepared prepared, Version plannedOn,
                boolean newEntry) {
            this.next = next;
            this.at = at;
            this.beat = beat;
            this.entry = entry;
            this.prepared = prepared;
            this.plannedOn = plannedOn;
            this.newEntry = newEntry;
        }
    }

    private final Lifecycle lifecycle;
    private final Swap swap;
    private final Restore restore;
    private final Supplier<BeatClock> clock;

    Hold(Lifecycle lifecycle, Swap swap, Restore restore, Supplier<BeatClock> clock) {
        this.lifecycle = lifecycle;
        this.swap = swap;
        this.restore = restore;
        this.clock = clock;
    }

    /** Where {@code next} lands: a {@code live:at} once or for good, else what it declares; STEP when nothing to hold for. */
    Boundary boundaryFor(LiveRefreshable live, Version next) {
        if (live.restoring != null || live.restoringBehind || live.endOfCurrent != VersionDTO.Status.REPLACED) {
            return Boundary.STEP; // a restore or a revert puts things right at once (and leaves a live:at --next be)
        }
        if (next.content.checksum.equals(live.current.content.checksum)) {
            if (live.atOnce != null && live.atOnce != Boundary.STEP) {
                // Asked for by live:refresh --at or live:at --next: say why it does not wait.
                lifecycle.say(live.name + ": " + next.file() + " is unchanged, nothing new to land on the " + live.atOnce.word()
                        + "; it is reloaded at once");
            }
            live.atOnce = null;
            return Boundary.STEP; // the same bytes again: a reload, nothing to land
        }
        Boundary b = live.boundaryOf(next);
        live.atOnce = null;
        return b;
    }

    /** A new version of {@code live} arrived and lands at {@code at}: swaps it in now, or plans it and holds it. */
    void arrived(LiveRefreshable live, Version next, Boundary at) {
        drop(live, "a newer version arrived", false);
        BeatClock c = clock.get();
        if (at == Boundary.STEP || c == null) {
            if (at != Boundary.STEP) {
                lifecycle.say(live.name + ": no beat clock to hold " + next.bundleVersion + " for the " + at.word() + "; it lands at once");
            }
            swap.swap(live, next, null, "");
            return;
        }
        Version prev = live.current;
        Preparation.Prepared prepared;
        try {
            prepared = Preparation.plan(lifecycle, live, prev, next, false);
        } catch (RuntimeException | LinkageError e) {
            restore.failed(live, live.name, next.bundle, next.content, "cannot be held for the " + at.word()
                    + ": its state transfer cannot be planned: " + Failures.describe(e), e);
            return;
        }
        Held held = holdAs(live, next, at, nextBoundary(c, at), prepared);
        History.Entry entry = held.entry;
        String line = live.name + ": seq " + entry.seq + " (" + next.bundleVersion + ") held, lands on the next " + at.word()
                + " in " + millis(c.nanosAt(held.beat) - System.nanoTime()) + " (live:cancel " + live.name + " drops it)";
        if (!live.commandWaiting()) {
            lifecycle.say(line); // a command waiting for it prints it itself
        }
        live.complete(OutcomeDTO.of(true, line, live.liveSeq()));
        schedule(live, held, c);
    }

    /**
     * Makes {@code next} the held version of {@code live}, recorded in its history (a new entry only when its bytes are
     * not kept yet); the live version serves on. Also the {@link Group}'s way to hold (at null, beat NaN).
     */
    static Held holdAs(LiveRefreshable live, Version next, Boundary at, double beat, Preparation.Prepared prepared) {
        History h = live.history;
        History.Entry entry = h.findByChecksum(next.content.checksum).orElse(null);
        boolean newEntry = entry == null;
        if (newEntry) {
            entry = h.add(next.content.jar, next.content.checksum, next.bundleVersion, VersionDTO.Status.REPLACED, null);
            h.pruneAndSave();
        }
        Held held = new Held(next, at, beat, entry, prepared, live.current, newEntry);
        live.held = held;
        live.updating = false; // the live version serves on: not updating, but holding one
        live.compileFixed(); // the attempt after a compile error built: that error is no longer its last attempt
        return held;
    }

    /**
     * The beat the next beat or bar falls on. A bar starts on a whole beat, not always on a multiple of the beats in a
     * bar (a downbeat moves it): the bar now began {@code barPhase} bars ago.
     */
    static double nextBoundary(BeatClock c, Boundary at) {
        double now = c.beat();
        if (at != Boundary.BAR) {
            return Math.floor(now) + 1;
        }
        int beats = c.beatsPerBar();
        double thisBar = Math.rint(now - c.barPhase() * beats);
        return thisBar + beats > now ? thisBar + beats : thisBar + 2 * beats;
    }

    private void schedule(LiveRefreshable live, Held held, BeatClock c) {
        long wait = c.nanosAt(held.beat) - System.nanoTime() - EARLY_NANOS;
        lifecycle.scheduleNanos(() -> land(live, held), Math.max(0, Math.min(wait, RECHECK_NANOS)));
    }

    /** On the swap thread, just before the beat: waits it out and swaps, unless it was dropped or the tempo moved it. */
    private void land(LiveRefreshable live, Held held) {
        if (live.held != held) {
            return; // dropped, cancelled or replaced meanwhile
        }
        BeatClock c = clock.get();
        if (c == null) {
            lifecycle.say(live.name + ": the beat clock went; " + held.next.label() + " lands now");
        } else {
            long target = c.nanosAt(held.beat);
            long left = target - System.nanoTime();
            if (left > 2 * EARLY_NANOS) {
                schedule(live, held, c); // not yet (and the tempo may still change): look again
                return;
            }
            while ((left = target - System.nanoTime()) > SPIN_NANOS) {
                LockSupport.parkNanos(left - SPIN_NANOS);
            }
            while (target - System.nanoTime() > 0) {
                Thread.onSpinWait();
            }
        }
        live.held = null;
        long late = c == null ? 0 : System.nanoTime() - c.nanosAt(held.beat);
        Preparation.Prepared plan = live.current == held.plannedOn ? held.prepared : null; // planned on what is live now?
        swap.swap(live, held.next, plan, " on the " + held.at.word() + (c == null ? "" : " (" + millis(late) + " after it)"));
    }

    /** Drops what {@code live} holds, if anything: it never lands. {@code say}: one line says so. */
    boolean drop(LiveRefreshable live, String why, boolean say) {
        Held held = live.held;
        if (held == null) {
            return false;
        }
        live.held = null;
        if (held.newEntry) { // a version kept from before (a revert's, a drop of old bytes) stays as it was
            try {
                live.history.fail(held.entry, "never landed: " + why);
                live.history.pruneAndSave();
            } catch (RuntimeException e) {
                // the history cannot record it: the line says it
            }
        }
        if (say) {
            String line = live.name + ": seq " + held.entry.seq + " (" + held.next.bundleVersion + ") never lands: " + why + "; "
                    + live.current.label() + " stays live";
            lifecycle.say(line);
            live.note("hold", held.entry.seq, line);
        }
        return true;
    }

    /** The held version's raw service went (its bundle stopped or was updated again): it never lands. */
    void serviceGone(ServiceReference<?> ref) {
        for (LiveRefreshable l : lifecycle.refreshables().values()) {
            Held h = l.held;
            if (h != null && h.next.ref.equals(ref)) {
                drop(l, "its bundle changed or stopped before " + (h.at == null ? "its group came" : "the " + h.at.word())
                        + " (a newer version, a restore, the runtime stopping)", true);
            }
        }
    }

    /**
     * live:cancel: the held version never lands and the bundle goes back to the live version's bytes (whose arrival
     * is a reload, state kept).
     */
    String cancel(LiveRefreshable live) {
        Held held = live.held;
        if (held == null) {
            return live.name + ": nothing is held (live:list shows what is)";
        }
        drop(live, "cancelled by live:cancel", false);
        String line = live.name + ": seq " + held.entry.seq + " (" + held.next.bundleVersion + ") cancelled, it never lands; "
                + live.current.label() + " stays live";
        restore.putBack(live, held.next.bundle, line);
        return line;
    }

    /** In how many milliseconds the held version lands, at the tempo now; 0 when nothing is held. Any thread. */
    long landsInMillis(Held held) {
        BeatClock c = clock.get();
        return held == null || c == null || Double.isNaN(held.beat) ? 0 : Math.max(0, (c.nanosAt(held.beat) - System.nanoTime()) / 1_000_000);
    }

    private static String millis(long nanos) {
        return nanos >= 1e9 ? String.format(Locale.ROOT, "%.1f s", nanos / 1e9) : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
