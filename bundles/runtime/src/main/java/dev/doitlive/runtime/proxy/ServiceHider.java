package dev.doitlive.runtime.proxy;

import java.util.Collection;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

import dev.doitlive.api.Refreshable;

/**
 * Hides raw refreshable services (those with {@code doitlive.name} and without {@code doitlive.proxy}) from
 * every bundle but the runtime, so that Declarative Services consumers and plain look-ups bind to the
 * proxy. Must be registered before consumers bind: the launcher starts user bundles only once the runtime
 * is up.
 */
public final class ServiceHider implements FindHook, EventListenerHook {
    private final Bundle runtime;

    public ServiceHider(Bundle runtime) {
        this.runtime = runtime;
    }

    public static boolean isRaw(ServiceReference<?> ref) {
        return ref.getProperty(Refreshable.NAME_PROPERTY) != null && ref.getProperty(Refreshable.PROXY_PROPERTY) == null;
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices, Collection<ServiceReference<?>> references) {
        if (context.getBundle() == runtime) {
            return;
        }
        references.removeIf(ServiceHider::isRaw);
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        if (!isRaw(event.getServiceReference())) {
            return;
        }
        listeners.keySet().removeIf(c -> c.getBundle() != runtime);
    }
}
