package dev.doitlive.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.RefreshHooks;
import dev.doitlive.api.TransferStrategy;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.proxy.FailureHandler;
import dev.doitlive.runtime.proxy.ProxyGenerator;
import dev.doitlive.runtime.proxy.RefreshableProxy;
import dev.doitlive.runtime.transfer.ClassModel;
import dev.doitlive.runtime.transfer.StateTransfer;
import dev.doitlive.runtime.transfer.TransferException;

/**
 * The life of a refresh (DESIGN.md): a raw refreshable service arrives, the first one gets a proxy, each
 * later one is swapped in with the state carried across; failures restore the previous version; reverts
 * and refreshes are bundle updates with older or re-read bytes, and so take the same path.
 *
 * <p>Everything that changes a refreshable runs on one thread, the swap thread, in the order events come.
 * Framework callbacks only queue work; callers of a proxy are never blocked except for the moment the gate
 * is closed to copy the state.
 */
final class Lifecycle {
    private static final long DRAIN_ATTEMPT_MS = 100;
    private static final int DRAIN_ATTEMPTS = 100;
    private static final long ARRIVAL_TIMEOUT_MS = 5000;
    /** How long a failed activation waits for the framework's explanation to reach the log. */
    private static final long SERVICE_PROBLEM_WAIT_MS = 1000;

    private final BundleContext context;
    private final Path historyRoot;
    private final LogTap logTap;
    private final Consumer<String> out;
    private final Supplier<List<TransferStrategy>> strategies;
    private final Map<String, LiveRefreshable> byName = new ConcurrentHashMap<>();
    /** Failures that belong to no live refreshable: first installs that failed, plain bundles FileInstall could not start. */
    private final ErrorLog orphanErrors = new ErrorLog();
    private final ScheduledExecutorService swap;
    private volatile Thread swapThread;
    private volatile RuntimeConfig config;
    private final Probation probation = new Probation(this);
    private final Recovery recovery;
    private final WatchedFolder watchedFolder = new WatchedFolder(this);
    private final DurableState state; // saved states: restored in first(), saved periodically and in close()

    Lifecycle(BundleContext context, Path historyRoot, RuntimeConfig config, LogTap logTap, Supplier<List<TransferStrategy>> strategies,
            Consumer<String> out) {
        this.context = context;
        this.historyRoot = historyRoot;
        this.config = config;
        this.logTap = logTap;
        this.strategies = strategies;
        this.out = out;
        this.recovery = new Recovery(this, historyRoot);
        this.swap = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "doitlive-swap");
            t.setDaemon(true);
            swapThread = t;
            return t;
        });
        this.state = new DurableState(this, historyRoot, strategies); // starts saving: after the swap thread exists
    }

    void config(RuntimeConfig config) {
        this.config = config;
        onSwapThread(() -> byName.values().forEach(l -> {
            l.history.depth(config.historyDepth());
            l.history.pruneAndSave();
        }));
    }

    /** Prints one line for the user. */
    void say(String line) {
        out.accept(line);
    }

    /** A failure that belongs to no live refreshable (a file in the watched folder...): kept for live:errors. */
    void orphanError(String name, String line) {
        orphanErrors.add(name, 0, "install", line, null);
    }

    /** What the user is told about the watched folder's files. */
    WatchedFolder watchedFolder() {
        return watchedFolder;
    }

    Bundle[] bundles() {
        return context.getBundles();
    }

    Map<String, LiveRefreshable> refreshables() {
        return byName;
    }

    List<dev.doitlive.api.ErrorDTO> orphanErrors() {
        return orphanErrors.list();
    }

    // ------------------------------------------------------------------ framework events (any thread)

    void serviceChanged(ServiceEvent event) {
        ServiceReference<?> ref = event.getServiceReference();
        if (!ServiceHider.isRaw(ref)) {
            return;
        }
        switch (event.getType()) {
            case ServiceEvent.REGISTERED -> arrivedAndWait(ref);
            case ServiceEvent.UNREGISTERING -> byName.values().stream().filter(l -> l.current.ref.equals(ref))
                    .forEach(l -> l.updating = true);
            default -> {
            }
        }
    }

    /**
     * Handles an arrival on the swap thread and holds the registering thread (the framework starting a
     * bundle, FileInstall) until it is done: when a bundle's start returns, its refreshable is live (or its
     * failure reported), so a start level or a FileInstall scan that completes means the versions are in.
     * Bounded, so that a revert waiting for a lock that thread holds cannot stall it for good.
     */
    private void arrivedAndWait(ServiceReference<?> ref) {
        if (Thread.currentThread() == swapThread) {
            onSwapThread(() -> arrived(ref)); // a revert's own update: after the revert's task
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        onSwapThread(() -> {
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

    void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (event.getType() == BundleEvent.UPDATED || event.getType() == BundleEvent.INSTALLED) {
            if (!requiresRuntime(b)) {
                return;
            }
            LiveRefreshable live = liveFor(b);
            long gen = live == null ? 0 : live.updatesSeen.incrementAndGet();
            long since = System.currentTimeMillis();
            swap.schedule(() -> watch(live, b, gen, since), 50, TimeUnit.MILLISECONDS);
        } else if (event.getType() == BundleEvent.UNINSTALLED && requiresRuntime(b)) {
            LiveRefreshable live = liveFor(b);
            if (live != null) {
                onSwapThread(() -> watchedFolder.uninstalled(live, b));
            }
        }
    }

    private LiveRefreshable liveFor(Bundle b) {
        for (LiveRefreshable l : byName.values()) {
            Bundle lb = l.current.bundle;
            if (lb.getBundleId() == b.getBundleId() || (lb.getState() == Bundle.UNINSTALLED && b.getSymbolicName() != null
                    && b.getSymbolicName().equals(lb.getSymbolicName()))) {
                return l;
            }
        }
        return null;
    }

    static boolean requiresRuntime(Bundle b) {
        String req = b.getHeaders("").get(Constants.REQUIRE_CAPABILITY);
        return req != null && req.contains(Refreshable.EXTENDER);
    }

    // ------------------------------------------------------------------ arrival and swap (swap thread)

    private void arrived(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        if (bundle == null) {
            return; // unregistered before we got to it: a newer version is on its way
        }
        String name = nameOf(ref);
        LiveRefreshable live = byName.get(name);
        if (live != null) {
            Bundle owner = live.current.bundle;
            if (owner.getBundleId() != bundle.getBundleId() && owner.getState() != Bundle.UNINSTALLED) {
                // Another bundle that is still installed owns the name: two would take turns as each other's versions.
                String line = Version.fileOf(bundle.getLocation()) + ": the refreshable name '" + name + "' is taken by "
                        + owner.getSymbolicName() + " (" + Version.fileOf(owner.getLocation()) + "), which stays live at "
                        + live.current.label() + "; give this one another @Refreshable(name = ...)";
                out.accept(line);
                orphanErrors.add(name, 0, "install", line, null);
                return;
            }
            live.arrivalsAtUpdate = live.updatesSeen.get();
        } else if (recovery.holdBack(name, bundle)) {
            return; // after a crash: the bundle holds a version that may not come back; the history's is put back
        }
        long asked = System.currentTimeMillis();
        Object instance;
        try {
            instance = context.getService(ref);
        } catch (RuntimeException e) {
            instance = null;
        }
        if (instance == null) {
            if (ref.getBundle() == null) {
                return;
            }
            String cause = logTap.lastProblem(bundle, asked - 1000);
            if (cause == null) {
                cause = logTap.serviceProblem(context.getBundle(), asked, SERVICE_PROBLEM_WAIT_MS);
            }
            String component = String.valueOf(ref.getProperty("component.name"));
            failed(live, name, bundle, "component " + component + " did not activate: " + (cause == null ? "see the log" : cause), null);
            return;
        }
        Version v;
        try {
            BundleContent content = BundleContent.read(bundle);
            ClassModel model = new ClassModel(instance.getClass().getClassLoader());
            model.preload(content.classNames);
            v = new Version(bundle, ref, instance, model, content, Settings.of(ref, config),
                    ComponentFields.injected(bundle, (String) ref.getProperty("component.name")));
        } catch (IOException | RuntimeException e) {
            context.ungetService(ref);
            if (ref.getBundle() == null) {
                return;
            }
            failed(live, name, bundle, "cannot read the bundle: " + Failures.describe(e), e);
            return;
        }
        if (live == null) {
            first(name, v);
        } else {
            swap(live, v);
        }
    }

    private void first(String name, Version v) {
        List<Class<?>> interfaces;
        History history;
        List<String> problems = new ArrayList<>();
        try {
            interfaces = interfaces(v);
            history = History.open(historyRoot.resolve(dirName(name)), config.historyDepth(), problems);
            problems.forEach(p -> out.accept(name + ": " + p));
            // Recovery has acted on a note of probation left by a crash; any left is stale (its seq may be reused).
            history.clearProbation();
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            failed(null, name, v.bundle, e.getMessage(), e);
            return;
        }
        History.Entry wasLive = history.live().orElse(null);
        History.Entry entry = history.findByChecksum(v.content.checksum).orElse(null);
        boolean restored = entry != null && entry.status() == VersionDTO.Status.LIVE;
        boolean fresh = entry == null;
        if (entry == null) {
            entry = history.add(v.content.jar, v.content.checksum, v.bundleVersion, VersionDTO.Status.LIVE, null);
        }
        history.makeLive(entry, VersionDTO.Status.REPLACED);
        if (fresh && wasLive != null) {
            // A version new to the history comes first after a restart (the framework took it just before a crash):
            // on probation like any new version, and a failure goes back to the one live before the restart.
            v.before = wasLive;
            onProbation(history, entry, wasLive, v);
        }
        history.pruneAndSave();
        v.entry = entry;

        state.restore(name, v); // the state saved at the last stop, before anyone can call
        LiveRefreshable live = new LiveRefreshable(name, proxy(name, interfaces, v), interfaces, history);
        live.current = v;
        v.wentLive(0);
        problems.forEach(p -> live.error("history", name + ": " + p, null));
        byName.put(name, live); // before the proxy is visible: whoever finds it can ask the runtime about it
        live.registration = context.registerService(interfaces.stream().map(Class::getName).toArray(String[]::new), live.proxy,
                proxyProperties(v.ref, name));
        out.accept(name + ": " + (restored ? "back live at " : "live at ") + v.label() + " from " + v.file());
    }

    private RefreshableProxy proxy(String name, List<Class<?>> interfaces, Version v) {
        Class<? extends RefreshableProxy> type = ProxyGenerator.define(interfaces);
        FailureHandler handler = probation.handlerFor(name);
        return ProxyGenerator.instantiate(type, new RefreshableProxy.Link(name, v.instance, handler));
    }

    private void swap(LiveRefreshable live, Version next) {
        Version prev = live.current;
        // Record the version before the swap, so that whoever sees it live also sees its sequence number.
        History h = live.history;
        History.Entry entry = h.findByChecksum(next.content.checksum).orElse(null);
        boolean same = entry != null && entry == prev.entry;
        boolean fresh = entry == null; // never live before: on probation for the first time
        if (entry == null) {
            entry = h.add(next.content.jar, next.content.checksum, next.bundleVersion, VersionDTO.Status.REPLACED, null);
        }
        next.entry = entry;
        // Interfaces of another class than the proxy's: the API bundle was updated (a new revision of the same
        // interfaces), and its consumers refreshed with it. They need a proxy of the new interfaces.
        List<Class<?>> newInterfaces = null;
        for (Class<?> i : live.interfaces) {
            if (!i.isInstance(next.instance)) {
                try {
                    newInterfaces = interfaces(next);
                } catch (IllegalArgumentException e) {
                    failed(live, live.name, next.bundle, next.content, "the new version does not implement " + i.getName(), null);
                    return;
                }
                break;
            }
        }
        if (prev.instance instanceof RefreshHooks hooks) {
            try {
                hooks.preRefresh();
            } catch (Throwable t) {
                String line = live.name + ": preRefresh() threw " + Failures.describe(Failures.root(t)) + "; the refresh goes on";
                out.accept(line);
                live.error("preRefresh", line, t);
            }
        }
        // Everything that does not read the state is done before callers are held: they wait only for the copy.
        StateTransfer.Prepared transfer = StateTransfer.prepare(prev.instance, prev.model, next.instance, next.model,
                next.injectedFields, next.settings.autoNone(), strategies.get());
        long closedAt = System.nanoTime();
        if (!close(live.proxy)) {
            // Calls that never return (a loop that never ends, typed live) must not keep the fix from going live.
            long stuck = live.proxy.closeLeavingStuck();
            closedAt = System.nanoTime();
            String line = live.name + ": " + stuck + (stuck == 1 ? " call" : " calls") + " into " + prev.label()
                    + " did not return within " + (DRAIN_ATTEMPT_MS * DRAIN_ATTEMPTS / 1000) + " s (a loop that never ends?); "
                    + next.label() + " goes live without waiting: what " + (stuck == 1 ? "that call changes" : "they change")
                    + " from now on is not carried";
            out.accept(line);
            live.error("swap", line, null);
        }
        StateTransfer.Result result;
        try {
            result = transfer.run();
            if (next.instance instanceof RefreshHooks hooks) {
                try {
                    hooks.postRefresh();
                } catch (Throwable t) {
                    throw new TransferException("postRefresh() threw " + Failures.describe(Failures.root(t)), t);
                }
            }
        } catch (TransferException e) {
            live.proxy.open();
            failed(live, live.name, next.bundle, next.content, e.getMessage(), e.getCause() != null ? e.getCause() : e);
            return;
        } catch (RuntimeException | LinkageError e) {
            live.proxy.open();
            failed(live, live.name, next.bundle, next.content, "state transfer failed: " + Failures.describe(e), e);
            return;
        }
        if (newInterfaces == null) {
            live.proxy.target(next.instance);
            live.current = next;
            live.updating = false;
            next.wentLive(live.proxy.calls());
            live.proxy.open();
        } else {
            reproxy(live, next, newInterfaces);
        }
        live.held(System.nanoTime() - closedAt);
        context.ungetService(prev.ref);

        String message;
        if (same) {
            message = live.restoring != null ? live.restoring
                    : live.name + ": reloaded " + next.label() + " (same version), state kept";
            if (live.restoring != null) {
                out.accept(live.name + ": " + next.label() + " restored into " + next.file() + ", state kept");
            }
        } else {
            History.Entry ended = prev.entry;
            next.before = ended;
            h.makeLive(entry, VersionDTO.Status.REPLACED);
            if (fresh) {
                onProbation(h, entry, ended, next);
            }
            if (live.endOfCurrent == VersionDTO.Status.FAILED) {
                h.fail(ended, live.endReason);
            } else if (live.endOfCurrent == VersionDTO.Status.REVERTED) {
                h.end(ended, VersionDTO.Status.REVERTED, live.endReason);
            }
            live.lastFailure = null;
            message = live.name + ": " + next.label() + " is live, state kept (" + result.fields + (result.fields == 1 ? " field" : " fields")
                    + (result.objects > 0 ? ", " + result.objects + " objects migrated" : "") + ")"
                    + (result.notes.isEmpty() ? "" : "; " + String.join("; ", result.notes));
        }
        h.pruneAndSave();
        boolean ok = !(same && live.restoring != null);
        live.restoring = null;
        live.endOfCurrent = VersionDTO.Status.REPLACED;
        live.endReason = null;
        if (ok && !live.commandWaiting()) {
            out.accept(message); // a command waiting for it prints it itself
        }
        live.complete(OutcomeDTO.of(ok, message, entry.seq));
    }

    /**
     * Notes on disk that a version never live before is on probation, until its probation time is over: a start
     * after a crash does not bring back a version that may have caused it.
     */
    private void onProbation(History h, History.Entry e, History.Entry before, Version v) {
        h.startProbation(e, before);
        swap.schedule(() -> onSwapThread(() -> h.endProbation(e)), v.settings.probationMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Puts a proxy of the new interfaces in place of the old one (whose gate is closed and stays on the old
     * instance for whoever still holds it): registered before the old registration goes, so a consumer never
     * finds neither.
     */
    private void reproxy(LiveRefreshable live, Version next, List<Class<?>> newInterfaces) {
        RefreshableProxy old = live.proxy;
        ServiceRegistration<?> oldRegistration = live.registration;
        live.proxy = proxy(live.name, newInterfaces, next);
        live.interfaces = newInterfaces;
        live.current = next;
        live.updating = false;
        next.wentLive(0);
        old.open();
        live.registration = context.registerService(newInterfaces.stream().map(Class::getName).toArray(String[]::new), live.proxy,
                proxyProperties(next.ref, live.name));
        try {
            oldRegistration.unregister();
        } catch (IllegalStateException e) {
            // already gone
        }
        out.accept(live.name + ": its service interfaces come from a new revision of their bundle; a new proxy serves them");
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

    /**
     * A version could not be brought in. Records it, prints one line (file, cause, what is live now) and, when
     * the bundle no longer runs the live version's code, restores it from history.
     */
    private void failed(LiveRefreshable live, String name, Bundle bundle, String cause, Throwable t) {
        failed(live, name, bundle, null, cause, t);
    }

    /** @param content the failed version's content when the caller has read it already, else null */
    private void failed(LiveRefreshable live, String name, Bundle bundle, BundleContent content, String cause, Throwable t) {
        String file = Version.fileOf(bundle.getLocation());
        if (live == null) {
            if (recovery.afterFailedStart(name, bundle, cause)) {
                return;
            }
            String line = file + ": " + cause + " - nothing of " + name + " is live";
            out.accept(line);
            orphanErrors.add(name, 0, "install", line, t);
            return;
        }
        Version cur = live.current;
        if (live.restoring != null) {
            // The restore itself failed: keep the old instance serving; nothing more to try.
            String line = file + ": " + cause + " while restoring " + cur.label() + "; its last instance keeps serving";
            out.accept(line);
            live.error("restore", line, t);
            live.restoring = null;
            live.lastFailure = line;
            live.complete(OutcomeDTO.of(false, line, live.liveSeq()));
            return;
        }
        try {
            BundleContent c = content != null ? content : BundleContent.read(bundle);
            if (!c.checksum.equals(cur.content.checksum)) {
                History.Entry known = live.history.findByChecksum(c.checksum).orElse(null);
                if (known == null) {
                    live.history.add(c.jar, c.checksum, bundle.getVersion().toString(), VersionDTO.Status.FAILED, cause);
                } else {
                    live.history.fail(known, cause);
                }
                live.history.pruneAndSave();
            }
        } catch (IOException | RuntimeException e) {
            // unreadable bundle: nothing to record but the line
        }
        String line = file + ": " + cause + " - " + live.name + " stays at " + cur.label() + " with its state";
        out.accept(line);
        live.error("refresh", line, t);
        live.lastFailure = line;
        live.endOfCurrent = VersionDTO.Status.REPLACED;
        live.endReason = null;
        if (bundle.getState() != Bundle.UNINSTALLED) {
            // As a task of its own: the thread that started the failed version may hold the bundle's lock
            // while it waits for this arrival to be handled.
            live.restoring = line;
            onSwapThread(() -> restore(live, bundle, line));
        } else {
            live.complete(OutcomeDTO.of(false, line, live.liveSeq()));
        }
    }

    /** Puts the live version's bytes back into the bundle; its arrival swaps a fresh instance in, state kept. */
    private void restore(LiveRefreshable live, Bundle bundle, String line) {
        try {
            byte[] bytes = live.history.bytes(live.current.entry);
            live.restoring = line;
            bundle.update(new ByteArrayInputStream(bytes));
            if (bundle.getState() != Bundle.ACTIVE && bundle.getState() != Bundle.STARTING) {
                bundle.start();
            }
        } catch (IOException | BundleException | RuntimeException e) {
            live.restoring = null;
            String l = line + "; could not restore the bundle (" + Failures.describe(e) + "), its last instance keeps serving";
            out.accept(l);
            live.error("restore", l, e);
            live.complete(OutcomeDTO.of(false, l, live.liveSeq()));
        }
    }

    /** After an update or install: if no version arrives, find out why and say so. */
    private void watch(LiveRefreshable live, Bundle bundle, long gen, long since) {
        if (live != null && live.arrivalsAtUpdate >= gen) {
            return;
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
        try {
            if (state == Bundle.INSTALLED) {
                FrameworkWiring fw = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
                if (!fw.resolveBundles(List.of(bundle)) && elapsed > 200) {
                    bundle.start(Bundle.START_TRANSIENT); // throws the resolver's explanation
                }
            } else if (state == Bundle.RESOLVED && elapsed > 1000) {
                bundle.start(Bundle.START_TRANSIENT);
            } else if (state == Bundle.ACTIVE && elapsed > ARRIVAL_TIMEOUT_MS && live != null) {
                String cause = logTap.lastProblem(bundle, since);
                failed(live, name, bundle, "bundle started but its refreshable service did not appear"
                        + (cause == null ? "" : ": " + cause), null);
                return;
            }
        } catch (BundleException | IllegalStateException e) {
            String why = Failures.once(String.valueOf(e.getMessage()));
            if (e.getCause() != null) {
                why += " " + Failures.describe(Failures.root(e)); // an activator's own exception
            }
            failed(live, name, bundle, (state == Bundle.INSTALLED ? "does not resolve: " : "does not start: ") + why, e);
            return;
        }
        if (elapsed < 4 * ARRIVAL_TIMEOUT_MS) {
            LiveRefreshable l = live;
            swap.schedule(() -> watch(l, bundle, gen, since), 50, TimeUnit.MILLISECONDS);
        }
    }

    // ------------------------------------------------------------------ commands (any thread -> swap thread)

    OutcomeDTO refresh(LiveRefreshable live, long timeoutMillis) {
        CompletableFuture<OutcomeDTO> f = new CompletableFuture<>();
        onSwapThread(() -> {
            Bundle b = live.current.bundle;
            if (b.getState() == Bundle.UNINSTALLED) {
                f.complete(OutcomeDTO.of(false, live.name + ": its bundle was uninstalled; drop its file into the watched folder again",
                        live.liveSeq()));
                return;
            }
            // Read first: a file that cannot be read (or a source that does not compile) leaves the bundle alone.
            InputStream in;
            try {
                in = new URL(b.getLocation()).openStream();
            } catch (IOException | RuntimeException e) {
                String line = live.name + ": cannot re-read " + Version.fileOf(b.getLocation()) + ": " + e.getMessage()
                        + "; " + live.current.label() + " stays live";
                live.error("refresh", line, e);
                f.complete(OutcomeDTO.of(false, line, live.liveSeq()));
                return;
            }
            live.await(f, true);
            try {
                b.update(in);
                if (b.getState() == Bundle.RESOLVED) {
                    b.start();
                }
            } catch (BundleException | RuntimeException e) {
                // the watch started by UPDATED (or this line) reports it
                if (!f.isDone()) {
                    failed(live, live.name, b, "cannot re-read " + Version.fileOf(b.getLocation()) + ": " + e.getMessage(), e);
                }
            }
        });
        return await(f, timeoutMillis, live, "refresh");
    }

    OutcomeDTO revert(LiveRefreshable live, long toSeq, long timeoutMillis) {
        CompletableFuture<OutcomeDTO> f = new CompletableFuture<>();
        onSwapThread(() -> {
            History h = live.history;
            History.Entry target;
            if (toSeq < 0) {
                target = h.previous().orElse(null);
                if (target == null) {
                    f.complete(OutcomeDTO.of(true, live.name + ": nothing to revert to; " + live.current.label()
                            + " is live and history holds no older version", live.liveSeq()));
                    return;
                }
            } else {
                target = h.find(toSeq).orElse(null);
                if (target == null) {
                    f.completeExceptionally(new IllegalArgumentException(live.name + " has no version " + toSeq + " (kept: "
                            + h.entries().stream().map(e -> String.valueOf(e.seq)).reduce((a, b) -> a + ", " + b).orElse("none") + ")"));
                    return;
                }
                if (target.status() == VersionDTO.Status.LIVE) {
                    f.complete(OutcomeDTO.of(true, live.name + ": " + live.current.label() + " is already live", target.seq));
                    return;
                }
                if (!target.revertable()) {
                    f.completeExceptionally(new IllegalArgumentException(live.name + ": version " + toSeq + " cannot be reverted to ("
                            + (target.status() == VersionDTO.Status.FAILED ? "it failed: " + target.reason() : "its bytes are gone") + ")"));
                    return;
                }
            }
            live.endOfCurrent = target.seq < live.liveSeq() ? VersionDTO.Status.REVERTED : VersionDTO.Status.REPLACED;
            live.endReason = target.seq < live.liveSeq() ? "reverted by hand" : null;
            live.await(f, true);
            startUpdate(live, target, f);
        });
        return await(f, timeoutMillis, live, "revert");
    }

    /** Updates the refreshable's bundle with a version from its history; the arrival swaps it in. Swap thread only. */
    void startUpdate(LiveRefreshable live, History.Entry target, CompletableFuture<?> f) {
        Bundle b = live.current.bundle;
        if (b.getState() == Bundle.UNINSTALLED) {
            live.complete(OutcomeDTO.of(false, live.name + ": its bundle was uninstalled; drop its file into the watched folder again",
                    live.liveSeq()));
            return;
        }
        try {
            b.update(new ByteArrayInputStream(live.history.bytes(target)));
            if (b.getState() == Bundle.RESOLVED) {
                b.start();
            }
        } catch (IOException | BundleException | RuntimeException e) {
            String line = live.name + ": cannot bring " + target + " back: " + Failures.describe(e);
            out.accept(line);
            live.error("revert", line, e);
            live.endOfCurrent = VersionDTO.Status.REPLACED;
            live.complete(OutcomeDTO.of(false, line, live.liveSeq()));
        }
    }

    int purge(LiveRefreshable live) {
        return call(() -> live.history.purge());
    }

    /** Runs a short task on the swap thread between two swaps and returns its result. */
    <T> T call(Callable<T> task) {
        if (Thread.currentThread() == swapThread) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return swap.submit(task).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(Failures.describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (TimeoutException e) {
            throw new IllegalStateException("the runtime is busy (a swap has been running for 30 s)");
        }
    }

    private OutcomeDTO await(CompletableFuture<OutcomeDTO> f, long timeoutMillis, LiveRefreshable live, String what) {
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            return OutcomeDTO.of(false, live.name + ": " + what + " did not finish within " + timeoutMillis + " ms; "
                    + live.current.label() + " is live", live.liveSeq());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OutcomeDTO.of(false, live.name + ": interrupted", live.liveSeq());
        }
    }

    boolean isSwapThread() {
        return Thread.currentThread() == swapThread;
    }

    RuntimeConfig config() {
        return config;
    }

    void onSwapThread(Runnable r) {
        swap.execute(() -> {
            try {
                r.run();
            } catch (Throwable t) {
                // The swap thread must survive anything a user's bundle does.
                out.accept("internal error, the runtime goes on: " + Failures.describe(t));
                t.printStackTrace();
            }
        });
    }

    void close() {
        state.stop();
        swap.shutdownNow();
        try {
            swap.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state.saveAll(); // no swap from now on; before the proxies go
        for (LiveRefreshable l : byName.values()) {
            try {
                l.history.endProbation(l.history.live().orElseThrow()); // a clean stop: nothing to hold against it
            } catch (RuntimeException e) {
                // the next start may then go back to the version before; nothing worse
            }
            try {
                if (l.registration != null) {
                    l.registration.unregister();
                }
            } catch (IllegalStateException e) {
                // already gone with the framework
            }
        }
        byName.clear();
    }

    // ------------------------------------------------------------------ helpers

    private static String nameOf(ServiceReference<?> ref) {
        Object n = ref.getProperty(Refreshable.NAME_PROPERTY);
        String name = n == null || n.toString().isBlank() ? ref.getBundle().getSymbolicName() : n.toString();
        Object pid = ref.getProperty(Constants.SERVICE_PID);
        if (pid instanceof String p && p.contains("~")) {
            name += "~" + p.substring(p.indexOf('~') + 1);
        }
        return name;
    }

    static String dirName(String name) {
        return name.replaceAll("[^A-Za-z0-9._~-]", "_");
    }

    /** The service interfaces of the raw registration, as classes the new instance implements. */
    private static List<Class<?>> interfaces(Version v) {
        String[] names = (String[]) v.ref.getProperty(Constants.OBJECTCLASS);
        List<Class<?>> result = new ArrayList<>();
        for (String n : names) {
            Class<?> found = find(v.instance.getClass(), n);
            if (found == null) {
                throw new IllegalArgumentException("service type " + n + " is a class, not an interface the component implements;"
                        + " a refreshable must provide an interface from another bundle");
            }
            if (v.model.owns(found)) {
                throw new IllegalArgumentException("interface " + n + " is inside the refreshable bundle itself;"
                        + " move it to an API bundle so that callers keep it across refreshes");
            }
            result.add(found);
        }
        return result;
    }

    private static Class<?> find(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                Class<?> f = findInterface(i, name);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    private static Class<?> findInterface(Class<?> i, String name) {
        if (i.getName().equals(name)) {
            return i;
        }
        for (Class<?> s : i.getInterfaces()) {
            Class<?> f = findInterface(s, name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static Dictionary<String, Object> proxyProperties(ServiceReference<?> raw, String name) {
        Hashtable<String, Object> props = new Hashtable<>();
        Set<String> skip = Set.of(Constants.SERVICE_ID, Constants.SERVICE_BUNDLEID, Constants.SERVICE_SCOPE, Constants.OBJECTCLASS,
                "component.id");
        for (String k : raw.getPropertyKeys()) {
            if (!skip.contains(k)) {
                props.put(k, raw.getProperty(k));
            }
        }
        props.put(Refreshable.NAME_PROPERTY, name);
        props.put(Refreshable.PROXY_PROPERTY, Boolean.TRUE);
        return props;
    }
}
