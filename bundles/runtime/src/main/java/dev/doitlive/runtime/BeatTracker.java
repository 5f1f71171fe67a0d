package dev.doitlive.runtime;

import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import dev.doitlive.api.beat.BeatClock;

/**
 * The beat kit's clock, when there is one: what held versions land on and loops on the beat follow. A volatile read
 * per use (loops read it every step), kept by a tracker: the first clock there was, then the tracker's pick when
 * that one goes; null when there is none.
 */
final class BeatTracker extends ServiceTracker<BeatClock, BeatClock> implements Supplier<BeatClock> {
    private volatile BeatClock current;

    BeatTracker(BundleContext context) {
        super(context, BeatClock.class, null);
    }

    @Override
    public BeatClock get() {
        return current;
    }

    @Override
    public BeatClock addingService(ServiceReference<BeatClock> ref) {
        BeatClock c = super.addingService(ref);
        if (current == null) {
            current = c; // not tracked yet while this runs: getService() would not find it
        }
        return c;
    }

    @Override
    public void modifiedService(ServiceReference<BeatClock> ref, BeatClock service) {
        current = getService();
    }

    @Override
    public void removedService(ServiceReference<BeatClock> ref, BeatClock service) {
        super.removedService(ref, service);
        current = isEmpty() ? null : getService(); // the one removed is no longer tracked here
    }
}
