package dev.doitlive.itest;

import static dev.doitlive.itest.RefreshTest.awaitDescribe;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import test.api.Counter;

/** Nothing lost: callers hammer a counter while it is refreshed again and again. */
class ConcurrencyTest extends LiveTest {

    @Test
    void severalThreadsDuring50RefreshesLoseNoCountAndSeeNoException() throws Exception {
        int refreshes = 50;
        List<byte[]> versions = new ArrayList<>();
        for (int i = 0; i <= refreshes; i++) {
            versions.add(TestBundles.bundle("t.counter", "1.0." + i, Sources.plainCounter("v" + i, 1)));
        }
        fw.drop("counter.jar", versions.get(0));
        Counter c = fw.awaitService(Counter.class, null, WAIT);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong calls = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread th = new Thread(() -> {
                while (running.get()) {
                    try {
                        c.next();
                        calls.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }, "caller-" + t);
            th.start();
            callers.add(th);
        }
        for (int i = 1; i <= refreshes; i++) {
            fw.drop("counter.jar", versions.get(i));
            awaitDescribe(c, "v" + i);
        }
        running.set(false);
        for (Thread th : callers) {
            th.join(10_000);
        }
        assertTrue(failures.isEmpty(), () -> "callers saw " + failures.size() + " exceptions, first: " + failures.peek());
        assertTrue(calls.get() > refreshes, "the callers were calling throughout: " + calls.get());
        assertEquals(calls.get(), c.get(), "every call counted exactly once across 50 swaps");
    }
}
