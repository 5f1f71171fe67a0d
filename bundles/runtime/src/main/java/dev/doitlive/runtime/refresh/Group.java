package dev.doitlive.runtime.refresh;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.namespace.PackageNamespace;

import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.report.Failures;

/**
 * Shared code swapped together: when a bundle that the bundles of two or more refreshables import is updated (an API
 * jar dropped again, a rebuilt shared source), the framework's refresh brings those refreshables back one by one.
 * Each is prepared and held as it arrives, while the live versions serve on; when all are in, they swap one after
 * the other in one task of the swap thread, so no other change comes between them. If one does not come up, none
 * swaps: the others' new versions never land and every live version serves on, with its state.
 */
final class Group {
    /** How long the group waits for all its refreshables to come back; the framework's refresh takes milliseconds. */
    private static final long WAIT_MS = 5000;
    /** How often a group's probation is looked at, to let its note go. */
    private static final long PROBATION_CHECK_MS = 1000;

    /** The refreshables a shared bundle's update brings back, and those that are in. Swap thread only. */
    private static final class Open {
        final String shared;
        final Set<String> expected;
        final Map<String, LiveRefreshable> in = new LinkedHashMap<>();
        /** Why none swaps, once one did not come up; those still to come are turned away until all are accounted for. */
        String failure;
        final Set<String> out = new TreeSet<>();
        /** The shared bundle, what it held before this change (null: unknown), and which of its updates this is. */
        final Bundle bundle;
        final BundleContent before;
        final long generation;
        /** Set when this change is a group going back after a member failed on probation. */
        Together back;

        Open(String shared, Set<String> expected, Bundle bundle, BundleContent before, long generation) {
            this.shared = shared;
            this.expected = expected;
            this.bundle = bundle;
            this.before = before;
            this.generation = generation;
        }

        boolean accountedFor() {
            Set<String> seen = new TreeSet<>(in.keySet());
            seen.addAll(out);
            return seen.containsAll(expected);
        }
    }

    private final Lifecycle lifecycle;
    private final Hold hold;
    private final Swap swap;
    private Open open;
    /** A group going back (swap thread): the next change of its shared bundle is that. */
    private Together goingBack;
    /** How many times each bundle was updated: a group's record is stale once its shared bundle changed again. */
    private final Map<Long, Long> generations = new java.util.concurrent.ConcurrentHashMap<>();
    /** What each exporting bundle of the user's held at its last install or update ({@link #keep}). */
    private final Map<Long, BundleContent> kept = new java.util.concurrent.ConcurrentHashMap<>();

    private final GroupNotes notes;

    Group(Lifecycle lifecycle, Hold hold, Swap swap, GroupNotes notes) {
        this.notes = notes;
        this.lifecycle = lifecycle;
        this.hold = hold;
        this.swap = swap;
    }

    /**
     * {@code b} was updated (on the updating thread, before the framework's refresh: the wires to its old revision are
     * still there). The refreshables whose bundles import from it, directly or through another, are one group.
     */
    void updated(Bundle b) {
        long generation = generations.merge(b.getBundleId(), 1L, Long::sum);
        BundleContent before = kept.get(b.getBundleId());
        keep(b);
        Set<Long> closure = new java.util.HashSet<>();
        closure.add(b.getBundleId());
        boolean grew = true;
        List<LiveRefreshable> lives = new ArrayList<>(lifecycle.refreshables().values());
        Set<String> names = new TreeSet<>();
        while (grew) {
            grew = false;
            for (LiveRefreshable l : lives) {
                Bundle own = l.current.bundle;
                if (names.contains(l.name)) {
                    continue;
                }
                if (closure.contains(own.getBundleId()) || importsFrom(own, closure)) {
                    names.add(l.name);
                    grew |= closure.add(own.getBundleId());
                }
            }
        }
        if (names.size() < 2 || closure.size() < 2) {
            return; // one refreshable, or the instances of one bundle (each lands as it declares), swap as always
        }
        String shared = Version.fileOf(b.getLocation());
        lifecycle.onSwapThread(() -> {
            if (open != null && open.failure == null && open.expected.containsAll(names) && open.in.isEmpty()) {
                return; // a user of the shared bundle updated with it (rebuilt against it): the same change
            }
            if (open != null && open.failure == null) {
                dropAll(open, "a newer change of " + shared + " came first");
            }
            Open o = new Open(shared, names, b, before, generation);
            if (goingBack != null && goingBack.shared.getBundleId() == b.getBundleId()) {
                o.back = goingBack;
                goingBack = null;
            }
            open = o;
            lifecycle.scheduleNanos(() -> timedOut(o), WAIT_MS * 1_000_000L);
        });
    }

    /**
     * A bundle of the user's that exports packages (a jar in the watched folder, a source folder) was installed or
     * updated: what it holds now is kept, because once it is updated again the framework reads only its new revision
     * (Felix's entry URLs of a revision about to go resolve to the current one), and a group that fails on probation
     * must put the bytes before back. Only such bundles: they are the ones others import; a copy is a few kB.
     */
    void keep(Bundle b) {
        String location = b.getLocation();
        if (location == null || !(location.startsWith("file:") || location.startsWith("doitlive-source:"))
                || b.getHeaders("").get(org.osgi.framework.Constants.EXPORT_PACKAGE) == null) {
            return;
        }
        try {
            kept.put(b.getBundleId(), BundleContent.readAsInstalled(b));
        } catch (java.io.IOException | RuntimeException e) {
            kept.remove(b.getBundleId()); // unreadable now: should a group of its users fail, each goes back alone
        }
    }

    /** A bundle was uninstalled: nothing of it is kept. */
    void gone(Bundle b) {
        kept.remove(b.getBundleId());
        generations.remove(b.getBundleId());
    }

    private static boolean importsFrom(Bundle bundle, Set<Long> providers) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null) {
            return false;
        }
        for (BundleWire w : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (providers.contains(w.getProvider().getBundle().getBundleId())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A later version of {@code live} arrived (swap thread): if it belongs to the open group it is held, and the group
     * swaps once all are in. Returns whether the group took it.
     */
    boolean arrived(LiveRefreshable live, Version next) {
        Open o = open;
        if (o == null || !o.expected.contains(live.name)) {
            return false;
        }
        hold.drop(live, "a newer version arrived", false);
        if (o.failure != null) {
            // Another of the group did not come up: this one does not land either.
            o.out.add(live.name);
            live.updating = false; // the live version serves on
            String line = live.name + ": its new version (" + next.bundleVersion + ") does not land: " + o.shared + " changed and " + o.failure
                    + "; " + live.current.label() + " serves on with its state";
            lifecycle.say(line);
            live.note("group", line);
            closeIfAccountedFor(o);
            return true;
        }
        Preparation.Prepared prepared;
        try {
            prepared = Preparation.plan(lifecycle, live, live.current, next, false);
        } catch (RuntimeException | LinkageError e) {
            failed(live.name, "its state transfer cannot be planned: " + Failures.describe(e));
            return false; // it goes the way of any arrival, and fails there with its own line
        }
        Hold.holdAs(live, next, null, Double.NaN, prepared); // the live version serves on while the others come
        o.in.put(live.name, live);
        if (o.in.keySet().containsAll(o.expected)) {
            land(o);
        }
        return true;
    }

    /** Every refreshable of the group is in: they swap one after the other, in this one task. */
    private void land(Open o) {
        open = null;
        // Kept on each member's version while on probation, so that one failing takes all back; not for a way back.
        Together together = o.back == null && o.before != null
                ? new Together(o.bundle, o.shared, o.before, o.generation, o.expected) : null;
        Set<String> swapped = new TreeSet<>();
        for (LiveRefreshable live : o.in.values()) {
            Hold.Held held = live.held;
            if (held == null) {
                continue; // dropped meanwhile (its service went): its own line said so
            }
            live.held = null;
            held.next.together = together;
            Preparation.Prepared plan = live.current == held.plannedOn ? held.prepared : null;
            swap.swap(live, held.next, plan, (o.back == null ? " together with " : " back together with ") + others(o, live.name));
            if (live.current == held.next) {
                live.lastFailure = null; // it did not come up with an earlier change of the group: that is over now
            }
            swapped.add(live.name);
        }
        if (o.back != null) {
            notes.clear(o.back);
            lifecycle.say(o.shared + " is back at what it held before its change: " + String.join(", ", swapped)
                    + " swapped back together, state kept");
            o.back.back.complete(true);
        } else {
            BundleContent now = kept.get(o.bundle.getBundleId());
            if (together != null && now != null) {
                notes.write(together, now.checksum); // a crash while on probation puts the shared code's bytes before back
                lifecycle.schedule(() -> probationOver(together), PROBATION_CHECK_MS);
            }
            lifecycle.say(o.shared + " changed: " + String.join(", ", swapped) + " swapped together");
        }
    }

    /**
     * The group's note goes once its probation is over: every member at its group's version is through its probation,
     * or none is at it any more (each moved on). Its way back clears it itself.
     */
    private void probationOver(Together t) {
        if (t.back != null) {
            return;
        }
        boolean onProbation = false;
        for (String name : t.members) {
            LiveRefreshable l = lifecycle.refreshables().get(name);
            if (l != null && l.current.together == t && l.current.inProbation(l.proxy.calls())) {
                onProbation = true;
            }
        }
        if (onProbation) {
            lifecycle.schedule(() -> probationOver(t), PROBATION_CHECK_MS);
        } else {
            notes.clear(t);
        }
    }

    /** At the start: a shared bundle whose group was on probation when the runtime died gets its bytes before back. */
    void recover() {
        notes.recover(lifecycle.context());
    }

    /** A clean stop: nothing is held against a group. */
    void stopped() {
        notes.clearAll();
    }

    /**
     * A member of a group that landed together failed on probation (swap thread): the shared bundle goes back to what
     * it held before, with every member that was rebuilt for it (to its version before), in one refresh; the group then
     * lands back together, each member's state kept, and the returned future completes (true: it landed). Null when
     * the group cannot go back as one (the shared bundle changed since, a member moved on or went): the member then
     * reverts alone, as any version failing on probation.
     */
    CompletableFuture<Boolean> revertTogether(LiveRefreshable failing, String reason) {
        Together t = failing.current.together;
        if (t == null) {
            return null;
        }
        if (t.back != null) {
            return t.back; // another member failed first: its way back is the way back of all
        }
        if (generations.getOrDefault(t.shared.getBundleId(), 0L) != t.generation || t.shared.getState() == Bundle.UNINSTALLED) {
            return null;
        }
        List<LiveRefreshable> members = new ArrayList<>();
        for (String name : t.members) {
            LiveRefreshable l = lifecycle.refreshables().get(name);
            if (l == null || l.current.together != t || l.updating) {
                return null;
            }
            members.add(l);
        }
        Map<Bundle, byte[]> updates = new LinkedHashMap<>();
        updates.put(t.shared, t.before.jar);
        for (LiveRefreshable l : members) {
            History.Entry before = l.current.before; // set only when the group's change rebuilt it: its bytes changed
            if (before != null && before.revertable()) {
                try {
                    updates.put(l.current.bundle, l.history.bytes(before));
                } catch (java.io.IOException | RuntimeException e) {
                    return null; // its version before cannot be read back: it reverts alone
                }
                l.endOfCurrent = l == failing ? VersionDTO.Status.FAILED : VersionDTO.Status.REVERTED;
                l.endReason = l == failing ? reason : "went back with " + t.file + ": " + failing.name + " " + reason;
            }
            l.note("group", t.file + " went back: " + failing.name + " " + reason);
        }
        t.back = new CompletableFuture<>();
        lifecycle.say(failing.current.file() + ": " + reason + " - reverting " + t.file + " and " + String.join(", ", t.members)
                + " together to what they ran before " + t.file + " changed");
        goingBack = t;
        Together.install(lifecycle, t.file, updates, () -> {
            if (goingBack == t) {
                goingBack = null; // its shared bundle was not updated: the next change of it is the user's
            }
            t.back.complete(false); // the failing call is answered by its failure; the members serve where they are
        });
        return t.back;
    }

    /**
     * {@code name} could not be brought in (Restore, swap thread): if it belongs to the open group, none of the group
     * swaps.
     */
    void failed(String name, String cause) {
        Open o = open;
        if (o == null || !o.expected.contains(name)) {
            return;
        }
        o.out.add(name);
        if (o.failure == null) {
            dropAll(o, name + " did not come up (" + cause + ")");
        }
        closeIfAccountedFor(o);
    }

    private void timedOut(Open o) {
        if (open != o) {
            return;
        }
        open = null;
        if (o.failure == null) {
            Set<String> missing = new TreeSet<>(o.expected);
            missing.removeAll(o.in.keySet());
            dropAll(o, String.join(", ", missing) + " did not come back within " + WAIT_MS / 1000 + " s");
        }
    }

    private void closeIfAccountedFor(Open o) {
        if (open == o && o.accountedFor()) {
            open = null;
        }
    }

    /** One of the group did not come up: none of it swaps; those still to come are turned away as they arrive. */
    private void dropAll(Open o, String why) {
        o.failure = why;
        if (o.back != null) {
            o.back.back.complete(false); // the way back did not land: the members serve on where they are
        }
        for (LiveRefreshable live : o.in.values()) {
            hold.drop(live, o.shared + " changed and " + why, false);
        }
        lifecycle.say(o.shared + " changed, and " + why + ": none of " + String.join(", ", o.expected) + " swaps, each serves"
                + " on at its live version with its state (fix it, then live:refresh each to take the new code)");
        for (LiveRefreshable live : o.in.values()) {
            live.note("group", o.shared + " changed and " + why + "; none of the group swapped");
        }
    }

    private static String others(Open o, String name) {
        Set<String> rest = new TreeSet<>(o.expected);
        rest.remove(name);
        return String.join(", ", rest);
    }
}
