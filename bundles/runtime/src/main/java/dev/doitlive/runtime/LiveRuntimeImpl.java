package dev.doitlive.runtime;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;

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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

import dev.doitlive.api.Default;
import dev.doitlive.api.ErrorDTO;
import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.Loop;
import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.TransferStrategy;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.guard.RunawayCalls;
import dev.doitlive.runtime.loop.LoopHost;
import dev.doitlive.runtime.loop.Loops;
import dev.doitlive.runtime.proxy.RefreshableProxy;
import dev.doitlive.runtime.transfer.ClassModel;

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
    private ServiceTracker<TransferStrategy, TransferStrategy> strategyTracker;
    private ServiceTracker<LogReaderService, LogReaderService> logTracker;
    private Loops loops;

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
        lifecycle = new Lifecycle(context, context.getDataFile("history").toPath(), config, logTap, strategies::get,
                // Events go to stderr: in a script, stdout carries only the commands' results.
                line -> System.err.println("doitlive: " + line));
        badSettings.forEach(this::badSetting);
        logTap.onProblem(lifecycle.watchedFolder()::logged);
        logTracker.open();
        // Before FileInstall starts (a higher start level): it then asks this about every file it skips.
        registrations.add(context.registerService(ArtifactUrlTransformer.class, lifecycle.watchedFolder(), null));

        // Before any refreshable's class loads (refreshables start at a higher level): no System.exit in them.
        registrations.add(context.registerService(WeavingHook.class, new ExitGuard(Lifecycle::requiresRuntime), null));
        // And every loop in them can be stopped when asked (live:interrupt, Ctrl-C, a swap that leaves a call behind).
        registrations.add(context.registerService(WeavingHook.class, new RunawayGuard(Lifecycle::requiresRuntime), null));
        RunawayCalls.open();

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

        loops = new Loops(context, new Host());
        Hashtable<String, Object> loopProps = new Hashtable<>();
        loopProps.put(Constants.SERVICE_PID, Loop.FACTORY_PID);
        registrations.add(context.registerService(ManagedServiceFactory.class, loops, loopProps));
        loops.open();

        bundleListener = (SynchronousBundleListener) lifecycle::bundleChanged;
        context.addBundleListener(bundleListener);
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
        lifecycle.config(CheckedConfig.check(read, props, lifecycle.config(), badSettings));
        badSettings.forEach(this::badSetting);
    }

    private void badSetting(String line) {
        lifecycle.say(line);
        lifecycle.orphanError("settings", line);
    }

    @Deactivate
    void deactivate() {
        loops.close(); // before the proxies go: the loop threads call them
        context.removeServiceListener(serviceListener);
        context.removeBundleListener(bundleListener);
        strategyTracker.close();
        logTracker.close();
        lifecycle.close();
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

    // ------------------------------------------------------------------ LiveRuntime

    @Override
    public List<RefreshableDTO> list() {
        return lifecycle.refreshables().values().stream().map(LiveRefreshable::toDTO)
                .sorted(Comparator.comparing(d -> d.name)).toList();
    }

    @Override
    public RefreshableDTO describe(String name) {
        return require(name).toDTO();
    }

    @Override
    public OutcomeDTO refresh(String name, long timeoutMillis) {
        return lifecycle.refresh(require(name), timeoutMillis);
    }

    @Override
    public OutcomeDTO revert(String name, long toSeq, long timeoutMillis) {
        return lifecycle.revert(require(name), toSeq, timeoutMillis);
    }

    @Override
    public int purge(String name) {
        if (name != null) {
            return lifecycle.purge(require(name));
        }
        int n = 0;
        for (LiveRefreshable l : lifecycle.refreshables().values()) {
            n += lifecycle.purge(l);
        }
        return n;
    }

    @Override
    public List<VersionDTO> history(String name) {
        LiveRefreshable live = require(name);
        return lifecycle.call(() -> {
            List<VersionDTO> list = new ArrayList<>();
            live.history.entries().forEach(e -> list.add(0, e.toDTO()));
            return list;
        });
    }

    @Override
    public Map<String, String> state(String name) {
        LiveRefreshable live = require(name);
        Version v = live.current;
        ClassModel.ClassInfo info = v.model.info(v.instance.getClass());
        Map<String, String> state = new LinkedHashMap<>();
        for (Field f : info.ordered) {
            if (v.injectedFields.contains(f.getName())) {
                state.put(f.getName(), "(bound by Declarative Services)");
                continue;
            }
            try {
                state.put(f.getName(), text(f.get(v.instance)));
            } catch (IllegalAccessException | RuntimeException e) {
                state.put(f.getName(), "<unreadable: " + e.getClass().getSimpleName() + ">");
            }
        }
        return state;
    }

    @Override
    public String set(String name, String field, String value) {
        LiveRefreshable live = require(name);
        return lifecycle.call(() -> {
            Version v = live.current;
            Field f = v.model.info(v.instance.getClass()).fields.get(field);
            if (f == null) {
                throw new IllegalArgumentException(name + " has no field '" + field + "' (fields: "
                        + String.join(", ", v.model.info(v.instance.getClass()).fields.keySet()) + ")");
            }
            if (Modifier.isFinal(f.getModifiers())) {
                throw new IllegalArgumentException(name + "." + field + " is final");
            }
            Object parsed = FieldText.parse(f.getType(), value, name + "." + field);
            if (!live.proxy.close(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + ": calls did not pause within 10 s; " + field + " not set");
            }
            try {
                Object before = f.get(v.instance);
                f.set(v.instance, parsed);
                return name + "." + field + ": " + text(before) + " -> " + text(parsed);
            } finally {
                live.proxy.open();
            }
        });
    }

    @Override
    public List<ErrorDTO> errors(String name) {
        List<ErrorDTO> all = new ArrayList<>();
        if (name != null) {
            all.addAll(require(name).errors());
        } else {
            lifecycle.refreshables().values().forEach(l -> all.addAll(l.errors()));
            all.addAll(lifecycle.orphanErrors());
        }
        all.sort(Comparator.comparingLong((ErrorDTO e) -> e.time).reversed());
        return all;
    }

    @Override
    public Object call(String name, String method, List<String> args) throws Exception {
        LiveRefreshable live = require(name);
        List<String> given = args == null ? List.of() : args;
        java.lang.reflect.Method target = null;
        List<String> candidates = new ArrayList<>();
        for (Class<?> i : live.interfaces) {
            for (java.lang.reflect.Method m : i.getMethods()) {
                if (Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                candidates.add(m.getName() + "/" + m.getParameterCount());
                if (m.getName().equals(method) && m.getParameterCount() == given.size()) {
                    target = m;
                }
            }
        }
        if (target == null) {
            throw new IllegalArgumentException(name + " has no method " + method + " taking " + given.size() + " argument"
                    + (given.size() == 1 ? "" : "s") + " (methods: " + String.join(", ", candidates.stream().sorted().toList()) + ")");
        }
        Object[] values = new Object[given.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = FieldText.parse(target.getParameterTypes()[i], given.get(i), method + " argument " + (i + 1));
        }
        // Ctrl-C in the shell interrupts this thread: the call then also ends if it spins in a refreshable's loop.
        boolean watched = RunawayCalls.watch(Thread.currentThread());
        try {
            return target.invoke(live.proxy, values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } finally {
            if (watched) {
                RunawayCalls.unwatch(Thread.currentThread());
            }
        }
    }

    @Override
    public String interrupt(String name) {
        LiveRefreshable live = require(name);
        return RunawayCalls.interrupt(live.name, live.proxy.getClass());
    }

    @Override
    public List<String> initDefaults(String name) {
        LiveRefreshable live = require(name);
        return lifecycle.call(() -> {
            Version v = live.current;
            ClassModel.ClassInfo info = v.model.info(v.instance.getClass());
            List<Field> defaults = info.ordered.stream().filter(f -> f.isAnnotationPresent(Default.class)).toList();
            if (defaults.isEmpty()) {
                return List.of();
            }
            Object fresh;
            try {
                var c = v.instance.getClass().getDeclaredConstructor();
                c.setAccessible(true);
                fresh = c.newInstance();
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(name + ": initdefaults needs a no-argument constructor in "
                        + v.instance.getClass().getName());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(name + ": the constructor threw " + Failures.describe(Failures.root(e)));
            }
            if (!live.proxy.close(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + ": calls did not pause within 10 s; nothing reset");
            }
            try {
                List<String> reset = new ArrayList<>();
                for (Field f : defaults) {
                    f.set(v.instance, f.get(fresh));
                    reset.add(f.getName());
                }
                return reset;
            } finally {
                live.proxy.open();
            }
        });
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

    /** What loops see of the runtime. */
    private final class Host implements LoopHost {
        @Override
        public long liveSeq(String refreshable) {
            LiveRefreshable l = lifecycle.refreshables().get(refreshable);
            return l == null ? 0 : l.liveSeq();
        }

        @Override
        public long revertCount(String refreshable) {
            LiveRefreshable l = lifecycle.refreshables().get(refreshable);
            return l == null ? 0 : l.autoReverts.get();
        }

        @Override
        public void error(String refreshable, String where, String message, Throwable t) {
            LiveRefreshable l = refreshable == null ? null : lifecycle.refreshables().get(refreshable);
            if (l != null) {
                l.error(where, message, t);
            } else {
                lifecycle.orphanError(where, message);
            }
        }

        @Override
        public void say(String line) {
            lifecycle.say(line);
        }
    }

    private LiveRefreshable require(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a refreshable name is required");
        }
        LiveRefreshable live = lifecycle.refreshables().get(name);
        if (live == null) {
            List<String> known = lifecycle.refreshables().keySet().stream().sorted().toList();
            throw new IllegalArgumentException("no refreshable named '" + name + "'"
                    + (known.isEmpty() ? " (none is live yet)" : " (live: " + String.join(", ", known) + ")"));
        }
        return live;
    }

    static String text(Object v) {
        String s;
        if (v == null) {
            s = "null";
        } else if (v.getClass().isArray()) {
            s = v instanceof Object[] a ? Arrays.deepToString(a) : arrayText(v);
        } else if (v instanceof RefreshableProxy p) {
            s = "proxy of " + p.doitlive$name();
        } else if (v instanceof String str) {
            s = '"' + str + '"';
        } else {
            s = String.valueOf(v);
        }
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }

    private static String arrayText(Object array) {
        int n = Array.getLength(array);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(n, 50); i++) {
            sb.append(i == 0 ? "" : ", ").append(Array.get(array, i));
        }
        return sb.append(n > 50 ? ", ...]" : "]").toString();
    }

}
