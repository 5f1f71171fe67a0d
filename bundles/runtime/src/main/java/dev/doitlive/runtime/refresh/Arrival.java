package dev.doitlive.runtime.refresh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.doitlive.api.Refreshable;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.report.Failures;
import dev.doitlive.runtime.report.LogTap;
import dev.doitlive.runtime.settings.Settings;
import dev.doitlive.runtime.transfer.ClassModel;

/**
 * Arrival (DESIGN.md, the life of a refresh, step 1): a raw refreshable service registered by a bundle that
 * started (a first install, an update, a revert or restore: all bundle updates). Reads what the transfer needs
 * from the new revision at once (its class loader closes on the next update), then hands the first version of a
 * name to {@link #first} (history, proxy, registration) and every later one to the {@link Hold} (which swaps at once
 * or at its beat). An update after
 * which no version arrives is watched, and its cause reported. Swap thread only, but for {@link #arrivedAndWait}.
 */
final class Arrival {
    private static final long ARRIVAL_TIMEOUT_MS = 5000;
    /** How long a failed activation waits for the framework's explanation to reach the log. */
    private static final long SERVICE_PROBLEM_WAIT_MS = 1000;

    private final Lifecycle lifecycle;
    private final Path historyRoot;
    private final LogTap logTap;
    private final Recovery recovery;
    private final Probation probation;
    private final Proxies proxies;
    private final Hold hold;
    private final Group group;
    private final Restore restore;
    private final DurableState state;
    /**
     * The raw service refused last for each name, because another bundle still installed owned it (two files declaring
     * one refreshable name): it takes the name over when that bundle goes. Swap thread only.
     */
    private final java.util.Map<String, ServiceReference<?>> refused = new java.util.HashMap<>();

    Arrival(Lifecycle lifecycle, Path historyRoot, LogTap logTap, Recovery recovery, Probation probation, Proxies proxies, Hold hold,
            Group group, Restore restore, DurableState state) {
        this.lifecycle = lifecycle;
        this.historyRoot = historyRoot;
        this.logTap = logTap;
        this.recovery = recovery;
        this.probation = probation;
        this.proxies = proxies;
        this.hold = hold;
        this.group = group;
        this.restore = restore;
        this.state = state;
    }

    /**
     * Handles an arrival on the swap thread and holds the registering thread (the framework starting a
     * bundle, FileInstall) until it is done: when a bundle's start returns, its refreshable is live (or its
     * failure reported), so a start level or a FileInstall scan that completes means the versions are in.
     * Bounded, so that a revert waiting for a lock that thread holds cannot stall it for good.
     */
    void arrivedAndWait(ServiceReference<?> ref) {
        if (lifecycle.isSwapThread()) {
            lifecycle.onSwapThread(() -> arrived(ref)); // a revert's own update: after the revert's task
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        lifecycle.onSwapThread(() -> {
            try {
                arrived(ref);
            } finally {
                done.complete(null);
            }
        });
        try {
            done.get(ARRIVAL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            // the swap goes on by itself
        }
    }

    private void arrived(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        if (bundle == null) {
            return; // unregistered before we got to it: a newer version is on its way
        }
        String name = nameOf(ref);
        LiveRefreshable live = lifecycle.refreshables().get(name);
        if (live != null) {
            Bundle owner = live.current.bundle;
            if (owner.getBundleId() != bundle.getBundleId() && owner.getState() != Bundle.UNINSTALLED) {
                // Another bundle that is still installed owns the name: two would take turns as each other's versions.
                String line = Version.fileOf(bundle.getLocation()) + ": the refreshable name '" + name + "' is taken by "
                        + owner.getSymbolicName() + " (" + Version.fileOf(owner.getLocation()) + "), which stays live at "
                        + live.current.label() + "; give this one another @Refreshable(name = ...)";
                lifecycle.say(line);
                lifecycle.orphanError(name, line);
                refused.put(name, ref);
                return;
            }
            live.arrivalsAtUpdate = live.updatesSeen.get();
            if (live.renamedTo != null) {
                renamed(name, bundle); // named so again: the name it went by meanwhile is detached in turn
                live.renamedTo = null;
            }
        } else if (recovery.holdBack(name, bundle)) {
            return; // after a crash: the bundle holds a version that may not come back; the history's is put back
        }
        long asked = System.currentTimeMillis();
        Object instance;
        try {
            instance = lifecycle.context().getService(ref);
        } catch (RuntimeException e) {
            instance = null;
        }
        if (instance == null) {
            if (ref.getBundle() == null) {
                return;
            }
            String cause = logTap.lastProblem(bundle, asked - 1000);
            if (cause == null) {
                cause = logTap.serviceProblem(lifecycle.context().getBundle(), asked, SERVICE_PROBLEM_WAIT_MS);
            }
            String component = String.valueOf(ref.getProperty("component.name"));
            restore.failed(live, name, bundle, "component " + component + " did not activate: " + (cause == null ? "see the log" : cause), null);
            return;
        }
        Version v;
        try {
            BundleContent content = BundleContent.read(bundle);
            ClassModel model = new ClassModel(instance.getClass().getClassLoader());
            model.preload(content.classNames);
            v = new Version(bundle, ref, instance, model, content, Settings.of(ref, lifecycle.config()),
                    ComponentFields.injected(lifecycle.context(), bundle, (String) ref.getProperty("component.name")));
        } catch (IOException | RuntimeException e) {
            lifecycle.context().ungetService(ref);
            if (ref.getBundle() == null) {
                return;
            }
            restore.failed(live, name, bundle, "cannot read the bundle: " + Failures.describe(e), e);
            return;
        }
        if (live == null) {
            renamed(name, bundle);
            first(name, v);
        } else if (!group.arrived(live, v) // held until the others importing a shared bundle come too
                && !lifecycle.coordinated().arrived(live, v)) { // held until its coordinator lands it
            hold.arrived(live, v, hold.boundaryFor(live, v)); // at once, or held for its beat
        }
    }

    /**
     * A bundle that served another refreshable now declares {@code name} (its file's {@code @Refreshable(name)} was
     * changed): that one is detached, its service withdrawn, its state and history kept under its name, which comes
     * back with them if the file is named so again; live:forget drops them.
     */
    private void renamed(String name, Bundle bundle) {
        List<LiveRefreshable> same = lifecycle.refreshables().values().stream().filter(other -> !other.name.equals(name)
                && other.renamedTo == null && other.current.bundle.getBundleId() == bundle.getBundleId()).toList();
        java.util.Set<String> declared = same.isEmpty() ? null : DeclaredNames.of(lifecycle.context(), bundle);
        for (LiveRefreshable other : same) {
            String base = other.name.contains("~") ? other.name.substring(0, other.name.indexOf('~')) : other.name;
            if (declared == null || declared.contains(base)) {
                continue; // another component of the same bundle (a folder of several), still declared
            }
            other.renamedTo = name;
            other.updating = false;
            Proxies.withdraw(other);
            String line = other.current.file() + ": now declares " + name + " instead of " + other.name + " - "
                    + other.name + "'s service is withdrawn; its state and history are kept (detached): naming it "
                    + other.name + " again takes them up, live:forget " + other.name + " drops them";
            lifecycle.say(line);
            other.note("watched folder", line);
        }
    }

    private void first(String name, Version v) {
        List<Class<?>> interfaces;
        History history;
        List<String> problems = new ArrayList<>();
        try {
            interfaces = Proxies.interfaces(v);
            history = History.open(historyRoot.resolve(Lifecycle.dirName(name)), lifecycle.config().historyDepth(), problems);
            history.writeOn(lifecycle.journal()::write);
            problems.forEach(p -> lifecycle.say(name + ": " + p));
            // Recovery has acted on a note of probation left by a crash; any left is stale (its seq may be reused).
            history.clearProbation();
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            restore.failed(null, name, v.bundle, e.getMessage(), e);
            return;
        }
        History.Entry wasLive = history.live().orElse(null);
        History.Entry entry = history.findByChecksum(v.content.checksum).orElse(null);
        boolean restored = entry != null && entry.status() == VersionDTO.Status.LIVE;
        if (entry == null) {
            entry = history.add(v.content.jar, v.content.checksum, v.bundleVersion, VersionDTO.Status.LIVE, null);
        }
        history.makeLive(entry, VersionDTO.Status.REPLACED);
        // A version never proven comes first after a restart: the framework took it just before a crash (then a
        // failure goes back to the one live before the restart), or it was still on probation at a clean stop (then to
        // the one it replaced). On probation like any new version, its note on disk again.
        History.Entry before = entry.proven() ? null : wasLive != null && wasLive != entry ? wasLive : history.previous().orElse(null);
        if (before != null) {
            v.before = before;
            probation.started(history, entry, before, v);
        }
        history.pruneAndSave();
        v.entry = entry;

        state.restore(name, v); // the state saved at the last stop, before anyone can call
        LiveRefreshable live = new LiveRefreshable(name, proxies.create(name, interfaces, v), interfaces, history, lifecycle.journal());
        live.current = v;
        v.wentLive(0);
        problems.forEach(p -> live.error("history", name + ": " + p, null));
        lifecycle.refreshables().put(name, live); // before the proxy is visible: whoever finds it can ask the runtime about it
        live.registration = Proxies.register(lifecycle.context(), live, v);
        lifecycle.say(name + ": " + (restored ? "back live at " : "live at ") + v.label() + " from " + v.file());
    }

    /**
     * The bundle of {@code live}'s version was uninstalled (swap thread): a bundle that was refused because it declares
     * the same name, and still runs, takes the name over now, as a new file of it would: with the state, its proxy
     * staying registered. One line says so. Returns whether it did; if not, the refreshable is detached.
     */
    boolean takeOver(LiveRefreshable live, Bundle gone) {
        ServiceReference<?> ref = refused.get(live.name);
        Bundle next = ref == null ? null : ref.getBundle();
        if (next == null || live.current.bundle.getBundleId() != gone.getBundleId() || next.getBundleId() == gone.getBundleId()) {
            return false;
        }
        refused.remove(live.name);
        String from = Version.fileOf(gone.getLocation());
        String line = from + ": " + (Version.fileGone(gone.getLocation()) ? "deleted from the watched folder" : "its bundle was uninstalled")
                + " - " + Version.fileOf(next.getLocation()) + ", which declares " + live.name + " too, takes " + live.name
                + " over with its state";
        lifecycle.say(line);
        live.note("watched folder", line);
        arrived(ref);
        return live.current.bundle.getBundleId() == next.getBundleId(); // else refused: its own line said why
    }

    /** After an update or install: if no version arrives, find out why and say so. */
    void watch(LiveRefreshable live, Bundle bundle, long gen, long since) {
        if (live != null && (live.arrivalsAtUpdate >= gen || live.renamedTo != null)) {
            return; // arrived; or its bundle serves another name now (no version of this one will come)
        }
        if (bundle.getState() == Bundle.UNINSTALLED) {
            return;
        }
        if (live == null && liveFor(bundle) != null) {
            live = liveFor(bundle); // reinstalled under a new id
        }
        long elapsed = System.currentTimeMillis() - since;
        String name = live != null ? live.name : String.valueOf(bundle.getSymbolicName());
        int state = bundle.getState();
        if (live == null && state == Bundle.ACTIVE) {
            return; // a first install that started: its arrival (or failure) is reported there
        }
        if (state == Bundle.INSTALLED) {
            // Off the swap thread: a refresh under way holds the framework's lock the resolve needs, and may itself
            // be waiting for the swap thread (an arrival). What it finds comes back to the swap thread.
            LiveRefreshable l = live;
            lifecycle.framework(() -> {
                try {
                    FrameworkWiring fw = lifecycle.context().getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
                    if (!fw.resolveBundles(List.of(bundle)) && elapsed > 200) {
                        bundle.start(Bundle.START_TRANSIENT); // throws the resolver's explanation
                    }
                    lifecycle.onSwapThread(() -> watchAgain(l, bundle, gen, since, elapsed));
                } catch (BundleException | IllegalStateException e) {
                    lifecycle.onSwapThread(() -> {
                        if (l == null || l.arrivalsAtUpdate < gen) { // not arrived meanwhile
                            notStarted(l, name, bundle, state, e, gen, since, elapsed);
                        }
                    });
                }
            });
            return;
        }
        try {
            if (state == Bundle.RESOLVED && elapsed > 1000) {
                bundle.start(Bundle.START_TRANSIENT);
            } else if (state == Bundle.ACTIVE && elapsed > ARRIVAL_TIMEOUT_MS && live != null && !rawServiceUp(bundle)) {
                String cause = logTap.lastProblem(bundle, since);
                if (cause == null) {
                    cause = ComponentWait.of(lifecycle.context(), bundle);
                }
                restore.failed(live, name, bundle, "bundle started but its refreshable service did not appear"
                        + (cause == null ? "" : ": " + cause), null);
                return;
            }
        } catch (BundleException | IllegalStateException e) {
            notStarted(live, name, bundle, state, e, gen, since, elapsed);
            return;
        }
        watchAgain(live, bundle, gen, since, elapsed);
    }

    private void watchAgain(LiveRefreshable live, Bundle bundle, long gen, long since, long elapsed) {
        if (elapsed < 4 * ARRIVAL_TIMEOUT_MS) {
            lifecycle.schedule(() -> watch(live, bundle, gen, since), 50);
        }
    }

    /** The bundle would not resolve or start: said, unless only another thread held the resolver (then tried again). */
    private void notStarted(LiveRefreshable live, String name, Bundle bundle, int state, Exception e, long gen, long since, long elapsed) {
        if (Starting.busy(e) && elapsed < 4 * ARRIVAL_TIMEOUT_MS) {
            lifecycle.schedule(() -> watch(live, bundle, gen, since), 100); // not this bundle's fault
            return;
        }
        String why = Failures.once(String.valueOf(e.getMessage()));
        if (e.getCause() != null) {
            why += " " + Failures.describe(Failures.root(e)); // an activator's own exception
        }
        restore.failed(live, name, bundle, (state == Bundle.INSTALLED ? "does not resolve: " : "does not start: ") + why, e);
    }

    /**
     * Whether the bundle has registered its raw refreshable service: its arrival is queued on the swap thread behind
     * others (a hundred jars dropped at once on a busy machine), not missing.
     */
    private static boolean rawServiceUp(Bundle bundle) {
        try {
            ServiceReference<?>[] refs = bundle.getRegisteredServices();
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    if (dev.doitlive.runtime.proxy.ServiceHider.isRaw(r)) {
                        return true;
                    }
                }
            }
        } catch (IllegalStateException e) {
            // uninstalled meanwhile
        }
        return false;
    }

    LiveRefreshable liveFor(Bundle b) {
        for (LiveRefreshable l : lifecycle.refreshables().values()) {
            Bundle lb = l.current.bundle;
            if (lb.getBundleId() == b.getBundleId() || (lb.getState() == Bundle.UNINSTALLED && b.getSymbolicName() != null
                    && b.getSymbolicName().equals(lb.getSymbolicName()))) {
                return l;
            }
        }
        return null;
    }

    private static String nameOf(ServiceReference<?> ref) {
        Object n = ref.getProperty(Refreshable.NAME_PROPERTY);
        String name = n == null || n.toString().isBlank() ? ref.getBundle().getSymbolicName() : n.toString();
        Object pid = ref.getProperty(Constants.SERVICE_PID);
        if (pid instanceof String p && p.contains("~")) {
            name += "~" + p.substring(p.indexOf('~') + 1);
        }
        return name;
    }
}
