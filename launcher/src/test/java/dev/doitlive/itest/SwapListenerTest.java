package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;

import dev.doitlive.api.SwapEvent;
import dev.doitlive.api.SwapListener;
import test.api.Counter;

/**
 * The runtime's two hooks for callers that must know which version served them (the audio engine's): {@link SwapListener}
 * (told of each swap while the gate is closed) and {@code LiveRuntime.callFailed} (a call that returned an unusable
 * result fails, without holding its caller). Real framework, real bundles.
 */
class SwapListenerTest extends LiveTest {
    private final List<SwapEvent> events = new CopyOnWriteArrayList<>();

    private ServiceRegistration<SwapListener> listen(SwapListener l) {
        return fw.context().registerService(SwapListener.class, l, null);
    }

    private void drop(String describe, String members, String version) {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", version, Sources.counter("", describe, members.contains("long count") ? members : "long count;\n" + members)));
    }

    private Counter counter() {
        return fw.awaitService(Counter.class, null, WAIT);
    }

    @Test
    void aListenerIsToldOfEverySwapBeforeTheNewVersionServesAnyCall() throws Exception {
        AtomicBoolean reachedNewDuringTheListener = new AtomicBoolean();
        listen(e -> {
            long before = ((Counter) e.next()).get();
            // Callers hammer the proxy meanwhile: none may reach the new instance, nor the old one, while this runs.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            while (System.nanoTime() < until) {
                if (((Counter) e.next()).get() != before || ((Counter) e.replaced()).get() != before) {
                    reachedNewDuringTheListener.set(true);
                }
            }
            events.add(e);
        });
        drop("v1", Sources.COUNTING, "1.0.0");
        Counter c = counter();
        for (int i = 0; i < 5; i++) {
            c.next();
        }
        assertTrue(events.isEmpty(), "a first version is no swap");
        Thread caller = new Thread(() -> {
            while (!"v2".equals(c.describe())) {
                c.next();
            }
        });
        caller.start();
        drop("v2", Sources.COUNTING, "1.0.1");
        caller.join(WAIT.toMillis());
        assertFalse(caller.isAlive(), "v2 went live");
        Await.until(() -> events.size() == 1, WAIT, "the listener told of the swap");
        SwapEvent e = events.get(0);
        assertEquals("counter", e.name());
        assertEquals("v1", ((Counter) e.replaced()).describe());
        assertEquals("v2", ((Counter) e.next()).describe());
        assertFalse(reachedNewDuringTheListener.get(), "no call reached either instance while the listener ran");
        assertFalse(e.failed());
        long atSwap = ((Counter) e.replaced()).get();
        assertTrue(atSwap >= 5, "the state the replaced version had at the swap: " + atSwap);
        // Every call the old version served is counted before the swap, every call of the new one after it.
        long served = e.served();
        assertTrue(served > e.servedBefore(), "v2 served calls: served() " + served + " > servedBefore() " + e.servedBefore());
        long now = runtime.describe("counter").calls;
        c.get();
        assertEquals(now + 1, e.served(), "served() counts each call as it returns");

        // An automatic revert is a swap too, said as a failed version going.
        drop("v3", """
                long count;
                public long next() { throw new IllegalStateException("broken on purpose"); }
                public long get() { return count; }
                """, "1.0.2");
        RefreshTest.awaitDescribe(c, "v3");
        long count = c.get();
        assertEquals(count + 1, c.next(), "the failing call is answered by the version reverted to");
        // Four swaps: v2 in, v3 in, v2 back at once (the instance v3 replaced, kept ready), then v2 from its bundle
        // restored behind it. The audio engine follows the raw instances: it must be told of the fourth too.
        Await.until(() -> events.size() == 4, WAIT, "four swaps: v2 in, v3 in, v2 back, v2 restored into its bundle");
        assertFalse(events.get(1).failed());
        assertTrue(events.get(2).failed(), "the third swap takes the failed version out");
        assertEquals("v3", ((Counter) events.get(2).replaced()).describe());
        assertSame(events.get(0).next(), events.get(2).next(), "back to the very instance v3 replaced");
        assertFalse(events.get(3).failed(), "the restore behind it: no failed version goes");
        assertSame(events.get(2).next(), events.get(3).replaced());
        assertEquals("v2", ((Counter) events.get(3).next()).describe());
        assertNotSame(events.get(2).next(), events.get(3).next(), "a fresh instance of v2's bytes");
        assertEquals(count + 1, ((Counter) events.get(3).next()).get(), "the state carried through both");
    }

    @Test
    void aCallerThatSaysItsCallFailedRevertsAVersionOnProbationWithoutWaitingForIt() throws Exception {
        drop("v1", Sources.COUNTING, "1.0.0");
        Counter c = counter();
        c.next();
        drop("v2", Sources.COUNTING, "1.0.1");
        RefreshTest.awaitDescribe(c, "v2");
        c.next();
        // The swap thread is held (a listener of another swap waits); a caller that says its call failed is not.
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        listen(e -> {
            if (e.name().equals("other")) {
                inside.countDown();
                try {
                    release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        fw.drop("other.jar", TestBundles.bundle("t.other", "1.0.0", otherCounter("o1")));
        Await.until(() -> runtime.list().stream().anyMatch(r -> r.name.equals("other")), WAIT, "other is live");
        fw.drop("other.jar", TestBundles.bundle("t.other", "1.0.1", otherCounter("o2")));
        assertTrue(inside.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the swap thread is in other's swap");
        try {
            assertTrue(runtime.callFailed("counter", "next() gave a number it should not have"), "a revert of v2 starts");
            assertTrue(runtime.callFailed("counter", "again"), "said again while it is under way: the same revert");
            assertEquals("v2", c.describe(), "the revert waits for the swap thread; the caller did not");
        } finally {
            release.countDown();
        }
        RefreshTest.awaitDescribe(c, "v1");
        stderr.await(WAIT, "counter.jar: next() gave a number it should not have (on probation) - reverting counter to seq 1");
        assertNull(stderr.find("again (on probation)"), "one revert, one line");
        assertEquals(3, c.next(), "the reverted version goes on from the state v2 had (2)");
        assertTrue(runtime.errors("counter").stream().anyMatch(x -> x.message.contains("next() gave a number it should not have")),
                "kept for live:errors");
        assertFalse(runtime.callFailed("nobody", "x"), "an unknown name: nothing to revert");

        // Out of probation, the error policy decides: PROPAGATE keeps the version live; the failure is counted.
        fw.drop("strict.jar", TestBundles.bundle("t.strict", "1.0.0", strict("s1")));
        Await.until(() -> runtime.list().stream().anyMatch(r -> r.name.equals("strict")), WAIT, "strict is live");
        fw.drop("strict.jar", TestBundles.bundle("t.strict", "1.0.1", strict("s2")));
        Await.until(() -> runtime.describe("strict").liveSeq == 2, WAIT, "strict's second version live");
        assertFalse(runtime.callFailed("strict", "next() was wrong"), "PROPAGATE: the caller has its result, the version stays");
        assertEquals(2, runtime.describe("strict").liveSeq);
        assertEquals(1, runtime.describe("strict").errors, "counted as a failed call");
    }

    private static java.util.Map<String, String> strict(String describe) {
        return Sources.of("t.strict.Strict", """
                package t.strict;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;
                @Component(service = Counter.class, property = "which=strict")
                @Refreshable(name = "strict", probationCalls = 0, probationMillis = 0, onError = ErrorPolicy.PROPAGATE)
                public class Strict implements Counter {
                    long count;
                    public long next() { return ++count; }
                    public long get() { return count; }
                    public String describe() { return "%s"; }
                }
                """.formatted(describe));
    }

    private static java.util.Map<String, String> otherCounter(String describe) {
        return Sources.of("t.other.Other", """
                package t.other;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;
                @Component(service = Counter.class, property = "which=other")
                @Refreshable(name = "other")
                public class Other implements Counter {
                    long count;
                    public long next() { return ++count; }
                    public long get() { return count; }
                    public String describe() { return "%s"; }
                }
                """.formatted(describe));
    }
}
