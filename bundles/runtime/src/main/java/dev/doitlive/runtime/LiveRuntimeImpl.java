package dev.doitlive.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.apache.felix.fileinstall.ArtifactUrlTransformer;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.namespace.extender.ExtenderNamespace;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

import dev.doitlive.api.Boundary;
import dev.doitlive.api.Coordinator;
import dev.doitlive.api.ErrorDTO;
import dev.doitlive.api.FieldDTO;
import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.Loop;
import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.TransferStrategy;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.folder.FolderWake;
import dev.doitlive.runtime.folder.WatchedFolder;
import dev.doitlive.runtime.guard.RunawayCalls;
import dev.doitlive.runtime.loop.Loops;
import dev.doitlive.runtime.proxy.ServiceHider;
import dev.doitlive.runtime.refresh.Commands;
import dev.doitlive.runtime.refresh.Lifecycle;
import dev.doitlive.runtime.refresh.LiveRefreshable;
import dev.doitlive.runtime.report.Lines;
import dev.doitlive.runtime.report.LogTap;
import dev.doitlive.runtime.settings.AppliedSettings;
import dev.doitlive.runtime.settings.CheckedConfig;
import dev.doitlive.runtime.settings.RuntimeConfig;
import dev.doitlive.runtime.weave.ExitGuard;
import dev.doitlive.runtime.weave.RunawayGuard;

/**
 * The doitlive runtime: the extender for {@code @Refreshable} components and the {@link LiveRuntime} service.
 * Registers the service hooks first, then watches raw refreshable services and refreshable bundles and hands
 * every event to the {@link Lifecycle}.
 */
@Component(configurationPid = "dev.doitlive.runtime", immediate = true)
@Capability(namespace = ExtenderNamespace.EXTENDER_NAMESPACE, name = Refreshable.EXTENDER, version = Refreshable.EXTENDER_VERSION)
public class LiveRuntimeImpl implements LiveRuntime {
    private static final String RAW_FILTER = "(&(" + Refreshable.NAME_PROPERTY + "=*)(!(" + Refreshable.PROXY_PROPERTY + "=*)))";

    private BundleContext context;
    private Lifecycle lifecycle;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private ServiceListener serviceListener;
    private BundleListener bundleListener;
    private org.osgi.framework.FrameworkListener frameworkListener;
    private ServiceTracker<TransferStrategy, TransferStrategy> strategyTracker;
    private ServiceTracker<LogReaderService, LogReaderService> logTracker;
    private Loops loops;
    private Lines lines;
    private BeatTracker beat;
    /** Wakes FileInstall when a whole jar lands in the watched folder; null when there is no folder to watch. */
    private FolderWake folderWake;
    private FolderWake configWake;
    /** A coordinator (the cluster's), when one is registered: new versions then land when it says. */
    private ServiceTracker<Coordinator, Coordinator> coordinator;

    @Activate
    void activate(BundleContext context, RuntimeConfig read, Map<String, Object> props) throws InvalidSyntaxException {
        this.context = context;
        List<String> badSettings = new ArrayList<>();
        RuntimeConfig config = CheckedConfig.check(read, props, CheckedConfig.defaults(), badSettings);
        LogTap logTap = new LogTap(() -> logTracker.getService());
        logTracker = new ServiceTracker<>(context, LogReaderService.class, null) {
            @Override
            public LogReaderService addingService(ServiceReference<LogReaderService> ref) {
                LogReaderService r = super.addingService(ref);
                r.addLogListener(logTap::watchFolderProblem);
                return r;
            }
        };
        // An immutable list swapped whole, so that a transfer sees all the strategies or the ones before.
        AtomicReference<List<TransferStrategy>> strategies = new AtomicReference<>(List.of());
        beat = new BeatTracker(context);
        beat.open();
        lifecycle = new Lifecycle(context, context.getDataFile("history").toPath(), config, logTap, strategies::get, beat,
                lines = new Lines(context));
        badSettings.forEach(this::badSetting);
        coordinator = new ServiceTracker<>(context, Coordinator.class, null);
        coordinator.open();
        lifecycle.coordinator(coordinator::getService);
        WatchedFolder watchedFolder = new WatchedFolder(lifecycle, context);
        logTap.onProblem(watchedFolder::logged);
        logTap.onNews(watchedFolder::sourceNews);
        logTracker.open();
        // Before the watched folder's bundles start (a higher start level): a file deleted meanwhile stays deleted.
        watchedFolder.uninstallDeleted(context.getProperty("doitlive.watch"));
        // Before FileInstall starts (a higher start level): it then asks this about every file it skips.
        registrations.add(context.registerService(ArtifactUrlTransformer.class, watchedFolder, null));
        // And a whole jar landing there wakes FileInstall's scan at once, rather than at its next poll; so does a
        // .cfg saved in the config folder (FileInstall's other watcher: a wake wakes both).
        folderWake = FolderWake.start(context, watchedFolder.folder());
        String configFolder = context.getProperty("doitlive.config");
        configWake = configFolder == null || configFolder.isBlank() ? null : FolderWake.start(context, java.nio.file.Path.of(configFolder));

        // Before any refreshable's class loads (refreshables start at a higher level): no System.exit in them.
        registrations.add(context.registerService(WeavingHook.class, new ExitGuard(Lifecycle::requiresRuntime), null));
        // And every loop in them can be stopped when asked (live:interrupt, Ctrl-C, a swap that leaves a call behind).
        registrations.add(context.registerService(WeavingHook.class, new RunawayGuard(Lifecycle::requiresRuntime), null));
        RunawayCalls.open();
        // The console's Ctrl-C: stops a call spinning in a refreshable's code without interrupting its thread.
        registrations.add(context.registerService(Predicate.class, (Predicate<Thread>) t -> RunawayCalls.stopCallOf(t, " by Ctrl-C"),
                new Hashtable<>(Map.of(RunawayCalls.STOP_CALL_PROPERTY, "stop"))));

        // Hooks before anything else, so that no consumer ever sees a raw refreshable service.
        ServiceHider hider = new ServiceHider(context.getBundle());
        registrations.add(context.registerService(FindHook.class, hider, null));
        registrations.add(context.registerService(EventListenerHook.class, hider, null));

        // Highest ranking first: ServiceReference orders by ranking, then by age.
        Map<ServiceReference<TransferStrategy>, TransferStrategy> ranked = new TreeMap<>(Comparator.reverseOrder());
        strategyTracker = new ServiceTracker<>(context, TransferStrategy.class, null) {
            @Override
            public TransferStrategy addingService(ServiceReference<TransferStrategy> ref) {
                TransferStrategy s = super.addingService(ref);
                synchronized (ranked) {
                    ranked.put(ref, s);
                    strategies.set(List.copyOf(ranked.values()));
                }
                return s;
            }

            @Override
            public void removedService(ServiceReference<TransferStrategy> ref, TransferStrategy s) {
                synchronized (ranked) {
                    ranked.remove(ref);
                    strategies.set(List.copyOf(ranked.values()));
                }
                super.removedService(ref, s);
            }
        };
        strategyTracker.open();

        loops = new Loops(context, lifecycle.loopHost());
        Hashtable<String, Object> loopProps = new Hashtable<>();
        loopProps.put(Constants.SERVICE_PID, Loop.FACTORY_PID);
        registrations.add(context.registerService(ManagedServiceFactory.class, loops, loopProps));
        loops.open();
        // The watched folder's checks hear of uninstalled refreshables; a deleted step's loop stops and its service is
        // withdrawn from consumers; both come back when a new file takes over.
        watchedFolder.onDeleted((refreshable, file) -> {
            loops.stepFileDeleted(refreshable, file);
            lifecycle.withdraw(refreshable);
        });
        lifecycle.files(new Lifecycle.FileListener() {
            @Override
            public void uninstalled(LiveRefreshable live, org.osgi.framework.Bundle bundle) {
                watchedFolder.uninstalled(live, bundle);
            }

            @Override
            public void back(String refreshable, String file) {
                loops.stepFileBack(refreshable, file);
            }

            @Override
            public void forgotten(String refreshable) {
                loops.stepForgotten(refreshable);
            }
        });

        bundleListener = (SynchronousBundleListener) lifecycle::bundleChanged;
        context.addBundleListener(bundleListener);
        lifecycle.keepExporters();
        frameworkListener = e -> {
            if (e.getType() == org.osgi.framework.FrameworkEvent.STARTED) {
                lifecycle.started();
            } else if (e.getType() == org.osgi.framework.FrameworkEvent.STARTLEVEL_CHANGED) {
                // The launcher raised the level: the user bundles kept in the storage have started, their steps are in.
                lifecycle.started();
                lifecycle.onSwapThread(loops::started);
            }
        };
        context.addFrameworkListener(frameworkListener);
        serviceListener = lifecycle::serviceChanged;
        context.addServiceListener(serviceListener, RAW_FILTER);
        ServiceReference<?>[] existing = context.getServiceReferences((String) null, RAW_FILTER);
        if (existing != null) {
            for (ServiceReference<?> ref : existing) {
                lifecycle.serviceChanged(new org.osgi.framework.ServiceEvent(org.osgi.framework.ServiceEvent.REGISTERED, ref));
            }
        }
    }

    @Modified
    void modified(RuntimeConfig read, Map<String, Object> props) {
        List<String> badSettings = new ArrayList<>();
        RuntimeConfig before = lifecycle.config();
        RuntimeConfig now = CheckedConfig.check(read, props, before, badSettings);
        lifecycle.config(now);
        badSettings.forEach(this::badSetting);
        String applied = AppliedSettings.line(props, before, now);
        if (applied != null) {
            lifecycle.say(applied);
        }
    }

    private void badSetting(String line) {
        lifecycle.say(line);
        lifecycle.orphanError("settings", line);
    }

    @Deactivate
    void deactivate() {
        if (folderWake != null) {
            folderWake.close();
        }
        if (configWake != null) {
            configWake.close();
        }
        loops.close(); // before the proxies go: the loop threads call them
        context.removeServiceListener(serviceListener);
        context.removeBundleListener(bundleListener);
        context.removeFrameworkListener(frameworkListener);
        strategyTracker.close();
        logTracker.close();
        lifecycle.close();
        coordinator.close();
        lines.close(); // after the lifecycle's last lines
        beat.close();
        RunawayCalls.close();
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // gone with the framework
            }
        }
        registrations.clear();
    }

    // ------------------------------------------------------------------ LiveRuntime: each command is one call

    @Override
    public List<RefreshableDTO> list() {
        return commands().list();
    }

    @Override
    public RefreshableDTO describe(String name) {
        return commands().describe(name);
    }

    @Override
    public List<FieldDTO> fields(String name) {
        return commands().fields(name);
    }

    @Override
    public OutcomeDTO refresh(String name, long timeoutMillis) {
        return commands().refresh(name, timeoutMillis);
    }

    @Override
    public OutcomeDTO revert(String name, long toSeq, long timeoutMillis) {
        return commands().revert(name, toSeq, timeoutMillis);
    }

    @Override
    public int purge(String name) {
        return commands().purge(name);
    }

    @Override
    public List<VersionDTO> history(String name) {
        return commands().history(name);
    }

    @Override
    public Map<String, String> state(String name) {
        return commands().state(name);
    }

    @Override
    public String set(String name, String field, String value) {
        return commands().set(name, field, value);
    }

    @Override
    public List<ErrorDTO> errors(String name) {
        return commands().errors(name);
    }

    @Override
    public Object call(String name, String method, List<String> args) throws Exception {
        return commands().call(name, method, args);
    }

    @Override
    public String interrupt(String name) {
        return commands().interrupt(name);
    }

    @Override
    public String forget(String name) {
        return commands().forget(name);
    }

    @Override
    public List<String> initDefaults(String name) {
        return commands().initDefaults(name);
    }

    private Commands commands() {
        return lifecycle.commands();
    }

    @Override
    public List<LoopDTO> loops() {
        return loops.list();
    }

    @Override
    public String startLoop(String loop) {
        return loops.start(loop);
    }

    @Override
    public String stopLoop(String loop) {
        return loops.stop(loop);
    }

    @Override
    public String restartLoop(String loop) {
        return loops.restart(loop);
    }

    @Override
    public String rate(String loop, double stepsPerSecond) {
        return loops.rate(loop, stepsPerSecond);
    }

    @Override
    public String resetRate(String loop) {
        return loops.resetRate(loop);
    }

    @Override
    public String perBeat(String loop, double perBeat) {
        return loops.perBeat(loop, perBeat);
    }

    @Override
    public OutcomeDTO refresh(String name, Boundary at, long timeoutMillis) {
        return commands().refresh(name, at, timeoutMillis);
    }

    @Override
    public String landAt(String name, Boundary at, boolean once) {
        return commands().landAt(name, at, once);
    }

    @Override
    public String cancel(String name) {
        return commands().cancel(name);
    }

    @Override
    public OutcomeDTO prepare(String name, byte[] jar, String reason, long timeoutMillis) {
        return commands().prepare(name, jar, reason, timeoutMillis);
    }

    @Override
    public OutcomeDTO land(String name, long atEpochNanos, String landing, long timeoutMillis) {
        return commands().land(name, atEpochNanos, landing, timeoutMillis);
    }

    @Override
    public String drop(String name, String why) {
        return commands().drop(name, why);
    }

    @Override
    public byte[] jar(String name, long seq) {
        return commands().jar(name, seq);
    }

    @Override
    public void say(String line) {
        try {
            lifecycle.say(line == null ? "(no message)" : line);
        } catch (RuntimeException e) {
            // a kit's line never fails the kit
        }
    }

    @Override
    public boolean callFailed(String name, String why) {
        try {
            return name != null && lifecycle.callFailed(name, why == null || why.isBlank() ? "a call's result was unusable, said its caller" : why);
        } catch (RuntimeException e) {
            return false; // a caller's report never fails the caller
        }
    }

    @Override
    public void report(String source, String line) {
        try {
            String s = source == null || source.isBlank() ? "kit" : source;
            String l = line == null ? s + ": (no message)" : line;
            lifecycle.kitError(s, l); // kept first: whoever reads the line finds it in live:errors
            lifecycle.say(l);
        } catch (RuntimeException e) {
            // a kit's report never fails the kit
        }
    }
}
