package dev.doitlive.runtime.refresh;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import dev.doitlive.api.SwapEvent;
import dev.doitlive.api.SwapListener;
import dev.doitlive.runtime.proxy.RefreshableProxy;

/**
 * The {@link SwapListener} services, told of each swap by {@link Swap} while the proxy's gate is closed, just before
 * the target changes. A listener that throws is skipped for that swap: the swap goes on.
 */
final class SwapListeners implements AutoCloseable {
    private final ServiceTracker<SwapListener, SwapListener> tracker;

    SwapListeners(BundleContext context) {
        tracker = new ServiceTracker<>(context, SwapListener.class, null);
        tracker.open();
    }

    /** Swap thread, gate closed: {@code prev}'s calls are over and the state is in {@code next}. */
    void swapping(LiveRefreshable live, Version prev, Version next) {
        Object[] all = tracker.getServices();
        if (all == null) {
            return; // no listener: nothing allocated, nothing counted
        }
        Event e = new Event(live.name, prev.instance, next.instance, prev.failure != null, live.proxy);
        for (Object l : all) {
            try {
                ((SwapListener) l).swapping(e);
            } catch (RuntimeException | LinkageError t) {
                // the listener's failure is its own; the swap goes on
            }
        }
    }

    @Override
    public void close() {
        tracker.close();
    }

    private static final class Event implements SwapEvent {
        private final String name;
        private final Object replaced;
        private final Object next;
        private final boolean failed;
        private final RefreshableProxy proxy;
        private final long servedBefore;

        Event(String name, Object replaced, Object next, boolean failed, RefreshableProxy proxy) {
            this.name = name;
            this.replaced = replaced;
            this.next = next;
            this.failed = failed;
            this.proxy = proxy;
            this.servedBefore = proxy.calls(); // the gate is closed and drained: exactly the calls served so far
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Object replaced() {
            return replaced;
        }

        @Override
        public Object next() {
            return next;
        }

        @Override
        public boolean failed() {
            return failed;
        }

        @Override
        public long servedBefore() {
            return servedBefore;
        }

        @Override
        public long served() {
            return proxy.calls();
        }

        @Override
        public String toString() {
            return "swap of " + name + " after " + servedBefore + " calls" + (failed ? " (a failed version going)" : "");
        }
    }
}
