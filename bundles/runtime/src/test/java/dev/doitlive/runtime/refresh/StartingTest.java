package dev.doitlive.runtime.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * A start refused because another thread holds Felix's resolver (seen at a restart while a held version was put
 * back) is tried again, not reported as the bundle's failure; a failure of the bundle's own is reported at once.
 */
class StartingTest {
    private static final String BUSY = "Unable to acquire global lock for resolve. Unresolved requirements: []";

    /** A resolved bundle whose start throws {@code failures} in turn, then starts. */
    private static Bundle bundle(AtomicInteger starts, Deque<BundleException> failures) {
        AtomicInteger state = new AtomicInteger(Bundle.RESOLVED);
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "getState":
                    return state.get();
                case "start":
                    starts.incrementAndGet();
                    BundleException e = failures.poll();
                    if (e != null) {
                        throw e;
                    }
                    state.set(Bundle.ACTIVE);
                    return null;
                default:
                    throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    @Test
    void aBusyFrameworkIsWaitedOutAndABundlesOwnFailureIsSaid() {
        Deque<Runnable> later = new ArrayDeque<>();
        AtomicInteger starts = new AtomicInteger();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Deque<BundleException> failures = new ArrayDeque<>();
        failures.add(new BundleException(BUSY));
        failures.add(new BundleException(BUSY));
        Bundle b = bundle(starts, failures);
        Starting.start((task, ms) -> later.add(task), b, failed::set, 0);
        while (!later.isEmpty()) {
            later.poll().run();
        }
        assertEquals(Bundle.ACTIVE, b.getState());
        assertEquals(3, starts.get());
        assertNull(failed.get(), "a busy resolver is no failure of the bundle");

        BundleException own = new BundleException("Activator start error");
        failures.add(own);
        Bundle c = bundle(new AtomicInteger(), failures);
        Starting.start((task, ms) -> later.add(task), c, failed::set, 0);
        assertSame(own, failed.get());
        assertEquals(0, later.size());
    }
}
