package dev.doitlive.runtime.refresh;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import dev.doitlive.api.Refreshable;
import dev.doitlive.runtime.proxy.FailureHandler;
import dev.doitlive.runtime.proxy.ProxyGenerator;
import dev.doitlive.runtime.proxy.RefreshableProxy;

/**
 * The proxies a refreshable is served through: the service interfaces of a raw registration (which must come from
 * another bundle, so that callers keep them across refreshes), a generated proxy for them, and the properties it is
 * registered with.
 */
final class Proxies {
    private final Probation probation;

    Proxies(Probation probation) {
        this.probation = probation;
    }

    RefreshableProxy create(String name, List<Class<?>> interfaces, Version v) {
        Class<? extends RefreshableProxy> type = ProxyGenerator.define(interfaces);
        FailureHandler handler = probation.handlerFor(name);
        return ProxyGenerator.instantiate(type, new RefreshableProxy.Link(name, v.instance, handler));
    }

    /** The service interfaces of the raw registration, as classes the new instance implements. */
    /** Whether the version provides its service as the same types the live proxy serves (by name, in any order). */
    static boolean sameServiceTypes(LiveRefreshable live, Version v) {
        String[] names = (String[]) v.ref.getProperty(Constants.OBJECTCLASS);
        java.util.Set<String> proxied = new java.util.HashSet<>();
        live.interfaces.forEach(i -> proxied.add(i.getName()));
        return names != null && proxied.equals(new java.util.HashSet<>(java.util.Arrays.asList(names)));
    }

    /** "java.util.concurrent.Callable, test.api.Counter": the interfaces' names, for a line. */
    static String names(List<Class<?>> interfaces) {
        return String.join(", ", interfaces.stream().map(Class::getName).sorted().toList());
    }

    static List<Class<?>> interfaces(Version v) {
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

    /** Registers the refreshable's proxy for its consumers, with the properties of {@code v}'s raw service. */
    static ServiceRegistration<?> register(BundleContext context, LiveRefreshable live, Version v) {
        return context.registerService(live.interfaces.stream().map(Class::getName).toArray(String[]::new), live.proxy,
                properties(v.ref, live.name));
    }

    /**
     * Unregisters the refreshable's proxy: its consumers let it go, as they would a deleted plain bundle's service. The
     * proxy object itself keeps serving its last instance to whoever still holds it. Swap thread.
     */
    static void withdraw(LiveRefreshable live) {
        ServiceRegistration<?> r = live.registration;
        live.registration = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // gone already (the framework stopping)
            }
        }
    }

    /**
     * Gives the proxy's registration the service properties of {@code next}'s raw service when they differ from
     * {@code prev}'s (a new version declaring other component properties), so that consumers filtering or reading them
     * see the live version's. Swap thread, after the swap.
     */
    static void follow(LiveRefreshable live, Version prev, Version next) {
        Dictionary<String, Object> now = properties(next.ref, live.name);
        if (same(properties(prev.ref, live.name), now)) {
            return;
        }
        try {
            live.registration.setProperties(now);
        } catch (IllegalStateException e) {
            // unregistered meanwhile (the framework stopping)
        }
    }

    private static boolean same(Dictionary<String, Object> a, Dictionary<String, Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (java.util.Enumeration<String> keys = a.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!java.util.Objects.deepEquals(a.get(k), b.get(k))) {
                return false;
            }
        }
        return true;
    }

    static Dictionary<String, Object> properties(ServiceReference<?> raw, String name) {
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
