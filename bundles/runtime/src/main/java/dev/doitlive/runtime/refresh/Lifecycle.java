package dev.doitlive.runtime.refresh;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

import dev.doitlive.api.ErrorDTO;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.TransferStrategy;
import dev.doitlive.runtime.loop.LoopHost;
import dev.doitlive.runtime.proxy.ServiceHider;
import dev.doitlive.runtime.report.ErrorLog;
import dev.doitlive.runtime.report.Failures;
import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.runtime.report.LogTap;
import dev.doitlive.runtime.settings.RuntimeConfig;

/**
 * The life of a refresh (DESIGN.md), as a whole: the refreshables by name, the one thread everything that changes
 * them runs on, and the parts a refresh goes through, each a class of its own that owns its part:
 * {@link Arrival} (a version comes), {@link Swap} (prepared, then swapped in with the state carried),
 * {@link Probation} (its first calls), {@link Restore} (a failure puts the live version back), {@link Recovery}
 * (after a crash), {@link Waiting} (what its bundle imports is gone) and {@link Commands} (refresh, revert and the
 * other commands). Calls go one way: commands and arrivals into the swap, the swap into probation and restore.
 *
 * <p>Framework callbacks only queue work on the swap thread; callers of a proxy are never blocked except for the
 * moment the gate is closed to copy the state.
 */
public final class Lifecycle {
    private final BundleContext context;
    private final Consumer<String> out;
    private final Journal journal;
    private final Supplier<List<TransferStrategy>> strategies;
    private final Map<String, LiveRefreshable> byName = new ConcurrentHashMap<>();
    /** Failures that belong to no live refreshable: first installs that failed, plain bundles FileInstall could not start. */
    private final ErrorLog orphanErrors = new ErrorLog();
    private final ScheduledExecutorService swap;
    /**
     * Where the framework is asked to resolve a bundle, or to update one to put bytes back. Felix holds its global lock
     * and the refreshed bundles' locks through a whole refresh, and the refresh's starts wait for the swap thread (an
     * arrival is handled before a start returns): such a call on the swap thread then waited for the refresh, which
     * waited for it, until the arrival's 5 s bound gave way, and a group waiting for that arrival gave up. See
     * {@link #framework}.
     */
    private final java.util.concurrent.ExecutorService framework = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "doitlive-framework");
        t.setDaemon(true);
        return t;
    });
    private volatile Thread swapThread;
    private volatile RuntimeConfig config;
    private final Waiting waiting;
    private final Arrival arrival;
    private final Hold hold;
    private final Group group;
    private final Coordinated coordinated;
    private final Supplier<BeatClock> clock;
    private final Commands commands;
    /** Saved states: restored at a first arrival, saved periodically and at a clean stop. */
    private final DurableState state;
    /** Told of every swap while the gate is closed (the audio engine's crossfades). */
    private final SwapListeners swapListeners;
    private final Probation probation;
    /** Told when a refreshable's bundle is uninstalled, when a new file takes over from a detached one, when one is forgotten. */
    private volatile FileListener files = new FileListener() {
    };

    /** What the rest of the runtime (the watched folder's checks, the loops) hears about a refreshable's file. */
    public interface FileListener {
        /** Its bundle was uninstalled (its file deleted, or replaced by one FileInstall cannot take); swap thread. */
        default void uninstalled(LiveRefreshable live, Bundle bundle) {
        }

        /** A new file took over from the detached refreshable; swap thread. */
        default void back(String refreshable, String file) {
        }

        /** The detached refreshable was forgotten (live:forget): nothing of it is kept any more; swap thread. */
        default void forgotten(String refreshable) {
        }
    }

    public Lifecycle(BundleContext context, Path historyRoot, RuntimeConfig config, LogTap logTap,
            Supplier<List<TransferStrategy>> strategies, Supplier<BeatClock> clock, Consumer<String> out) {
        this.context = context;
        this.config = config;
        this.strategies = strategies;
        this.clock = clock;
        this.out = out;
        this.journal = new Journal(out);
        this.swap = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "doitlive-swap");
            t.setDaemon(true);
            swapThread = t;
            return t;
        });
        this.state = new DurableState(this, historyRoot, strategies); // starts saving: after the swap thread exists
        this.swapListeners = new SwapListeners(context);
        Recovery recovery = new Recovery(this, historyRoot);
        this.waiting = new Waiting(context, this);
        Restore restore = new Restore(this, recovery, waiting);
        Probation probation = this.probation = new Probation(this, restore);
        Proxies proxies = new Proxies(probation);
        Swap swap = new Swap(this, probation, proxies, restore);
        probation.use(swap);
        this.hold = new Hold(this, swap, restore, clock);
        this.group = new Group(this, hold, swap, new GroupNotes(historyRoot, this::say));
        this.coordinated = new Coordinated(this, hold, swap, restore);
        this.arrival = new Arrival(this, historyRoot, logTap, recovery, probation, proxies, hold, group, restore, state);
        this.commands = new Commands(this, restore, new Forget(this, state, historyRoot));
    }

    Hold hold() {
        return hold;
    }

    Group group() {
        return group;
    }

    /** A caller says its call failed although it returned (LiveRuntime.callFailed): any thread, never waits. */
    public boolean callFailed(String name, String why) {
        return probation.resultFailed(name, why);
    }

    SwapListeners swapListeners() {
        return swapListeners;
    }

    Coordinated coordinated() {
        return coordinated;
    }

    /** Where a {@link dev.doitlive.api.Coordinator} is found when there is one (the cluster's): null when none. */
    public void coordinator(Supplier<dev.doitlive.api.Coordinator> c) {
        coordinated.coordinator(c);
    }

    public Commands commands() {
        return commands;
    }

    public void files(FileListener listener) {
        this.files = listener;
    }

    FileListener files() {
        return files;
    }

    public void config(RuntimeConfig config) {
        this.config = config;
        // A lower depth drops the oldest versions only when the next version lands, never here: FileInstall may apply a
        // .cfg caught half-written (historyDepth = 1 of a 10 still being saved), and a history deleted stays deleted.
        onSwapThread(() -> byName.values().forEach(l -> l.history.depth(config.historyDepth())));
    }

    public RuntimeConfig config() {
        return config;
    }

    /** Prints one line for the user: after the history's writes given before it ({@link Journal}). */
    public void say(String line) {
        journal.then(() -> out.accept(line));
    }

    /** The histories' writer. */
    Journal journal() {
        return journal;
    }

    /** A failure that belongs to no live refreshable (a file in the watched folder...): kept for live:errors. */
    public void orphanError(String name, String line) {
        orphanError(name, line, null);
    }

    void orphanError(String name, String line, Throwable t) {
        orphanErrors.add(name, 0, "install", line, t);
    }

    /** A kit's problem (LiveRuntime.report): kept for live:errors under its source, with no version and no where. */
    public void kitError(String source, String line) {
        orphanErrors.add(source, 0, null, line, null);
    }

    List<ErrorDTO> orphanErrors() {
        return orphanErrors.list();
    }

    public Bundle[] bundles() {
        return context.getBundles();
    }

    /** The live refreshables by name; read from any thread. */
    public Map<String, LiveRefreshable> refreshables() {
        return byName;
    }

    BundleContext context() {
        return context;
    }

    List<TransferStrategy> strategies() {
        return strategies.get();
    }

    /** What the loops see of the refreshables whose steps they run. */
    public LoopHost loopHost() {
        return new LoopHost() {
            @Override
            public long liveSeq(String refreshable) {
                LiveRefreshable l = byName.get(refreshable);
                return l == null ? 0 : l.liveSeq();
            }

            @Override
            public long revertCount(String refreshable) {
                LiveRefreshable l = byName.get(refreshable);
                return l == null ? 0 : l.autoReverts.get();
            }

            @Override
            public void error(String refreshable, String where, String message, Throwable t) {
                LiveRefreshable l = refreshable == null ? null : byName.get(refreshable);
                if (l != null) {
                    l.error(where, message, t);
                } else {
                    orphanError(where, message);
                }
            }

            @Override
            public String waitingFor(String refreshable) {
                LiveRefreshable l = byName.get(refreshable);
                return l == null ? null : l.waitingFor;
            }

            @Override
            public double declaredRate(String refreshable) {
                LiveRefreshable l = byName.get(refreshable);
                Version v = l == null ? null : l.current;
                Object rate = v == null ? null : v.ref.getProperty(dev.doitlive.api.Loop.RATE_PROPERTY);
                try {
                    return rate == null ? Double.NaN : Double.parseDouble(rate.toString());
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }

            @Override
            public double declaredPerBeat(String refreshable) {
                LiveRefreshable l = byName.get(refreshable);
                Version v = l == null ? null : l.current;
                Object beats = v == null ? null : v.ref.getProperty(dev.doitlive.api.Loop.PER_BEAT_PROPERTY);
                try {
                    return beats == null ? Double.NaN : Double.parseDouble(beats.toString());
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }

            @Override
            public BeatClock clock() {
                return clock.get();
            }

            @Override
            public void say(String line) {
                Lifecycle.this.say(line);
            }
        };
    }

    // ------------------------------------------------------------------ framework events (any thread)

    public void serviceChanged(ServiceEvent event) {
        ServiceReference<?> ref = event.getServiceReference();
        if (!ServiceHider.isRaw(ref)) {
            return;
        }
        switch (event.getType()) {
            case ServiceEvent.REGISTERED -> arrival.arrivedAndWait(ref);
            case ServiceEvent.UNREGISTERING -> {
                if (byName.values().stream().anyMatch(l -> l.held != null)) {
                    try {
                        onSwapThread(() -> hold.serviceGone(ref)); // a held version whose service goes never lands
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        // stopping: nothing lands any more
                    }
                }
                unregistering(ref);
            }
            default -> {
            }
        }
    }

    private void unregistering(ServiceReference<?> ref) {
        byName.values().stream().filter(l -> l.current.ref.equals(ref)).forEach(l -> {
                l.updating = true;
                // Without an update to follow (an API bundle it imports went), its bundle may not come back by itself.
                long seen = l.updatesSeen.get();
                long since = System.currentTimeMillis();
                Object file = ref.getProperty("felix.fileinstall.filename"); // set on the configurations FileInstall makes
                String config = file == null ? null : file.toString();
                schedule(() -> waiting.stopped(l, seen, since, config), 100);
        });
    }

    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.RESOLVED) {
            waiting.somethingArrived(); // it may export what a waiting refreshable needs
        }
        if (event.getType() == BundleEvent.UPDATED) {
            group.updated(b); // the refreshables importing from it come back together, or none does
        } else if (event.getType() == BundleEvent.INSTALLED) {
            group.keep(b); // what an API bundle holds: its users' group goes back to it should its next change fail
        } else if (event.getType() == BundleEvent.UNINSTALLED) {
            group.gone(b);
        }
        if (event.getType() == BundleEvent.UPDATED || event.getType() == BundleEvent.INSTALLED) {
            if (!requiresRuntime(b)) {
                return;
            }
            LiveRefreshable live = arrival.liveFor(b);
            long gen = live == null ? 0 : live.updatesSeen.incrementAndGet();
            long since = System.currentTimeMillis();
            schedule(() -> arrival.watch(live, b, gen, since), 50);
        } else if (event.getType() == BundleEvent.UNINSTALLED && requiresRuntime(b)) {
            LiveRefreshable live = arrival.liveFor(b);
            if (live != null) {
                onSwapThread(() -> {
                    if (!arrival.takeOver(live, b)) { // another file declaring the same name takes it over, else detached
                        files.uninstalled(live, b);
                    }
                });
            }
        }
    }

    /**
     * The refreshable's file was deleted (swap thread): its proxy's service goes away for its consumers, as a deleted
     * plain bundle's would; its instance, state and history are kept (detached) for a new file of it, which registers
     * the proxy again.
     */
    public void withdraw(String name) {
        LiveRefreshable l = byName.get(name);
        if (l != null) {
            Proxies.withdraw(l);
        }
    }

    /** Bundles said not to resolve at the start (id@lastModified), each said once. */
    private final java.util.Set<String> unresolvedSaid = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public static boolean requiresRuntime(Bundle b) {
        String req = b.getHeaders("").get(Constants.REQUIRE_CAPABILITY);
        return req != null && req.contains(Refreshable.EXTENDER);
    }

    /**
     * The framework has started every bundle it keeps: a refreshable's bundle it could not start because a package it
     * imports is gone (its API jar deleted while the runtime was stopped) is said in one line; FileInstall starts it
     * once a bundle exporting the package is dropped in.
     */
    /**
     * At the start, before the user's bundles start: a shared bundle left with new code its group was on probation with
     * when the runtime died gets its bytes before back ({@link GroupNotes}); then what the API bundles hold is kept, as
     * later installs are ({@link Group#keep}).
     */
    public void keepExporters() {
        group.recover();
        for (Bundle b : context.getBundles()) {
            group.keep(b);
        }
    }

    public void started() {
        onSwapThread(() -> {
            org.osgi.framework.startlevel.FrameworkStartLevel levels = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)
                    .adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class);
            for (Bundle b : context.getBundles()) {
                // Called when the framework has started (at its beginning level) and again when the launcher has
                // raised the level: a bundle above the level now is not due yet, and one said once is not said again.
                if (b.getState() != Bundle.INSTALLED || !requiresRuntime(b) || arrival.liveFor(b) != null
                        || b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).getStartLevel() > levels.getStartLevel()
                        || context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                                .resolveBundles(java.util.List.of(b))) {
                    continue; // resolves: whoever installed it (FileInstall, the source bundle) starts it and is held for it
                }
                try { // does not resolve: start() only throws the resolver's explanation
                    b.start(Bundle.START_TRANSIENT);
                } catch (org.osgi.framework.BundleException | IllegalStateException e) {
                    String cause = Failures.once(String.valueOf(e.getMessage()));
                    java.util.Set<String> packages = Waiting.packagesIn(cause);
                    String line = Version.fileOf(b.getLocation()) + ": does not resolve at the start"
                            + (packages.isEmpty() ? ": " + cause : ": it waits for " + (packages.size() == 1 ? "package " : "packages ")
                                    + String.join(", ", packages) + ", which no bundle exports (its API jar is gone?)")
                            + " - nothing of it is live; it comes up when a bundle exporting it is dropped in";
                    if (unresolvedSaid.add(b.getBundleId() + "@" + b.getLastModified())) {
                        say(line);
                        orphanError(b.getSymbolicName(), line);
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------ the swap thread

    /** Runs a short task on the swap thread between two swaps and returns its result. */
    public <T> T call(Callable<T> task) {
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

    boolean isSwapThread() {
        return Thread.currentThread() == swapThread;
    }

    /** Runs a task on the swap thread, after what is queued there now. */
    public void onSwapThread(Runnable r) {
        try {
            swap.execute(() -> {
                try {
                    r.run();
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    if (!swap.isShutdown()) {
                        internalError(e);
                    } // else stopping: what the task handed on is not done any more
                } catch (Throwable t) {
                    internalError(t);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping (a start that failed stops the framework under a task that was coming): nothing runs any more
        }
    }

    /** The swap thread must survive anything a user's bundle does; what reaches here is our bug, with its trace. */
    private void internalError(Throwable t) {
        say("internal error, the runtime goes on: " + Failures.describe(t));
        t.printStackTrace();
    }

    /**
     * Runs a framework call that may wait for the framework's locks (a resolve, an update) off the swap thread; what it
     * finds is handed back to the swap thread by the task itself ({@link #onSwapThread}).
     */
    void framework(Runnable r) {
        try {
            framework.execute(() -> {
                try {
                    r.run();
                } catch (Throwable t) {
                    internalError(t);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: the framework is not asked any more
        }
    }

    /** Runs a task on the swap thread itself after {@code nanos}, as precisely as the executor wakes (a landing). */
    void scheduleNanos(Runnable r, long nanos) {
        try {
            swap.schedule(r, nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: nothing lands any more
        }
    }

    /** Runs a task on the swap thread after {@code millis}. */
    void schedule(Runnable r, long millis) {
        try {
            swap.schedule(() -> onSwapThread(r), millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: nothing is scheduled any more
        }
    }

    public void close() {
        coordinated.close();
        state.stop();
        framework.shutdownNow();
        swap.shutdownNow();
        try {
            swap.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state.saveAll(); // no swap from now on; before the proxies go
        group.stopped(); // a clean stop: no group's probation is held against it
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
        swapListeners.close();
        journal.close(); // the notes' deletions above, and every write before them, are on disk
    }

    public static String dirName(String name) {
        return name.replaceAll("[^A-Za-z0-9._~-]", "_");
    }
}
