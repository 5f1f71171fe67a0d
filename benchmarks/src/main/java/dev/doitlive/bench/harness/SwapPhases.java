package dev.doitlive.bench.harness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Filter;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

/**
 * Where the time of one drop goes: when each framework event of the update comes after the drop, seen synchronously on
 * the thread that fires it (FileInstall's, the framework's): the bundle stopping (FileInstall took the file and begins its update), updated (the new bytes
 * are in the framework's cache), resolved again (FileInstall's refresh), started, and the component's service registered
 * (DS activated the new instance; seen by a service hook, before any listener: a refreshable's arrival then holds that
 * thread until its swap is done).
 */
final class SwapPhases implements SynchronousBundleListener, EventListenerHook {
    /**
     * The events timed, in the order they come: SCR registers a component's service from its listener of the bundle's
     * STARTED event, and for a refreshable the runtime's arrival then holds that thread until the swap is done.
     */
    static final String[] NAMES = {"stopping (FileInstall took the file, its update begins)", "updated (new bytes in the cache)",
            "resolved (FileInstall's refresh)", "started", "service registered (DS activated the new instance)",
            "answering through what a caller holds"};

    private final String symbolicName;
    private final Filter service;
    private ServiceRegistration<EventListenerHook> hook;
    private volatile long stopping;
    private volatile long updated;
    private volatile long resolved;
    private volatile long registered;
    private volatile long started;
    private final List<long[]> samples = new ArrayList<>();

    private SwapPhases(String symbolicName, Filter service) {
        this.symbolicName = symbolicName;
        this.service = service;
    }

    /** Listens on the system bundle's context; the service events of {@code serviceFilter} through a hook. */
    static SwapPhases listen(BundleContext system, String symbolicName, String serviceFilter) throws Exception {
        SwapPhases p = new SwapPhases(symbolicName, system.createFilter(serviceFilter));
        system.addBundleListener(p);
        p.hook = system.registerService(EventListenerHook.class, p, null);
        return p;
    }

    void close(BundleContext system) {
        system.removeBundleListener(this);
        hook.unregister();
    }

    /** Forgets the events of the last drop: call before each. */
    void reset() {
        stopping = updated = resolved = registered = started = 0;
    }

    @Override
    public void bundleChanged(BundleEvent e) {
        if (!symbolicName.equals(e.getBundle().getSymbolicName())) {
            return;
        }
        long now = System.nanoTime();
        switch (e.getType()) {
            case BundleEvent.STOPPING -> stopping = stopping == 0 ? now : stopping;
            case BundleEvent.UPDATED -> updated = now;
            case BundleEvent.RESOLVED -> resolved = now;
            case BundleEvent.STARTED -> started = now;
            default -> {
            }
        }
    }

    /** Called before the event reaches any listener: the runtime's arrival, which holds the thread, comes after. */
    @Override
    public void event(ServiceEvent e, Map<org.osgi.framework.BundleContext, Collection<ListenerInfo>> listeners) {
        if (e.getType() == ServiceEvent.REGISTERED && registered == 0 && service.match(e.getServiceReference())) {
            registered = System.nanoTime();
        }
    }

    /** Records when each event of the drop at {@code dropped}, answered at {@code answered}, came; -1 for one not seen. */
    void record(long dropped, long answered) {
        long[] t = {stopping, updated, resolved, started, registered, answered};
        long[] d = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            d[i] = t[i] == 0 ? -1 : t[i] - dropped;
        }
        samples.add(d);
    }

    /** The median time of each event after the drop, over the drops that showed it; -1 for one never seen. */
    long[] medians() {
        long[] m = new long[NAMES.length];
        for (int i = 0; i < m.length; i++) {
            int col = i;
            long[] seen = samples.stream().mapToLong(d -> d[col]).filter(v -> v >= 0).toArray();
            m[i] = seen.length == 0 ? -1 : new Stats(seen).median();
        }
        return m;
    }

    /** How many drops showed the event. */
    int seen(int event) {
        return (int) samples.stream().filter(d -> d[event] >= 0).count();
    }

    int n() {
        return samples.size();
    }
}
