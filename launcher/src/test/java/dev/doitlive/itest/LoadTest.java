package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import dev.doitlive.api.VersionDTO;
import test.api.Counter;

/**
 * Load: four threads call a counter as fast as they can while it is refreshed 200 times, one refresh in four a
 * broken version (its calls throw, its constructor throws, it does not resolve, its postRefresh throws, in turn).
 * No caller may see an exception, and the count must equal the calls made. {@code -Ddoitlive.load.refreshes=N}
 * changes the number of refreshes.
 */
class LoadTest extends LiveTest {
    private static final int THREADS = 4;
    private static final int REFRESHES = Integer.getInteger("doitlive.load.refreshes", 200);
    private static final int BROKEN_EVERY = 4;

    @Test
    void fourThreadsDuringManyRefreshesAQuarterOfThemBroken() throws Exception {
        byte[] good = TestBundles.bundle("t.counter", "1.0.0", Sources.versionedCounter(Sources.COUNTING));
        String[] brokenKinds = {"calls throw", "constructor throws", "missing import", "postRefresh throws"};
        byte[][] broken = {
            TestBundles.bundle("t.counter", "1.0.0", Sources.versionedCounter("""
                    public synchronized long next() { throw new IllegalStateException("broken next"); }
                    public synchronized long get() { return count; }
                    """)),
            TestBundles.bundle("t.counter", "1.0.0", Sources.versionedCounter(Sources.COUNTING + "public CounterImpl() { throw new IllegalStateException(\"broken constructor\"); }")),
            TestBundles.bundle("t.counter", "1.0.0", Sources.versionedCounter(Sources.COUNTING), "Import-Package: nobody.exports.this, *"),
            TestBundles.bundle("t.counter", "1.0.0", Sources.versionedCounter(Sources.COUNTING + "public void postRefresh() { throw new IllegalStateException(\"broken post\"); }")),
        };
        fw.drop("counter.jar", Jars.withVersion(good, "1.0.0"));
        Counter c = fw.awaitService(Counter.class, null, WAIT);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong calls = new AtomicLong();
        LongAccumulator slowest = new LongAccumulator(Math::max, 0);
        AtomicLong over10ms = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread th = new Thread(() -> {
                long n = 0;
                while (running.get()) {
                    long t0 = System.nanoTime();
                    try {
                        c.next();
                        n++;
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                    long took = System.nanoTime() - t0;
                    if (took > 10_000_000L) {
                        over10ms.incrementAndGet();
                        slowest.accumulate(took);
                    }
                }
                calls.addAndGet(n);
            }, "load-caller-" + t);
            th.start();
            callers.add(th);
        }

        long started = System.nanoTime();
        String live = "1.0.0";
        int[] brokenDone = new int[brokenKinds.length];
        try {
            for (int i = 1; i <= REFRESHES; i++) {
                String version = "1.0." + i;
                if (i % BROKEN_EVERY == 0) {
                    int kind = (i / BROKEN_EVERY - 1) % broken.length;
                    fw.drop("counter.jar", Jars.withVersion(broken[kind], version));
                    String back = live;
                    Await.until(() -> failedInHistory(version) && settledOn(c, back), WAIT,
                            () -> version + " (" + brokenKinds[kind] + ") to fail and " + back + " to serve again: "
                                    + runtime.describe("counter").status + ", " + c.describe());
                    brokenDone[kind]++;
                } else {
                    fw.drop("counter.jar", Jars.withVersion(good, version));
                    Await.until(() -> settledOn(c, version), WAIT, () -> version + " to be live: " + c.describe());
                    live = version;
                }
            }
        } finally {
            running.set(false);
            for (Thread th : callers) {
                th.join(WAIT.toMillis());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertTrue(failures.isEmpty(), () -> "callers saw " + failures.size() + " exceptions, first: " + failures.peek());
        assertEquals(calls.get(), c.get(), "every call counted exactly once");
        assertTrue(calls.get() > REFRESHES, "the callers called throughout: " + calls.get());

        ReliabilityReport.section("20-load", """
                ## Load

                %d threads call a counter refreshable as fast as they can while it is refreshed %d times; one refresh in %d
                is a broken version (%s). `LoadTest`, in the default `mvn verify`:

                    mvn -pl launcher -am verify -Dtest=LoadTest -Dit.test=none -Dleak.test=none -Dsurefire.failIfNoSpecifiedTests=false

                | figure | value |
                |---|---|
                | refreshes | %d (%d good, %d broken: %s) |
                | calls made by the callers | %,d |
                | final count | %,d |
                | exceptions seen by callers | %d |
                | calls that took over 10 ms (the gate, a revert, or the scheduler: 4 callers on 2 cores) | %,d; slowest %.0f ms |
                | duration | %.1f s (%,.0f calls/s across the threads, 2 cores shared with FileInstall and the swaps) |
                """.formatted(THREADS, REFRESHES, BROKEN_EVERY, String.join(", ", brokenKinds), REFRESHES,
                REFRESHES - REFRESHES / BROKEN_EVERY, REFRESHES / BROKEN_EVERY,
                java.util.stream.IntStream.range(0, brokenKinds.length).mapToObj(k -> brokenDone[k] + " " + brokenKinds[k])
                        .reduce((a, b) -> a + ", " + b).orElse(""),
                calls.get(), c.get(), failures.size(), over10ms.get(), slowest.get() / 1e6, seconds, calls.get() / seconds));
    }

    private boolean failedInHistory(String version) {
        return runtime.history("counter").stream().anyMatch(v -> v.bundleVersion.equals(version) && v.status == VersionDTO.Status.FAILED);
    }

    /** {@code version} serves and the bundle holds it, started: no restore or update is still under way. */
    private boolean settledOn(Counter c, String version) {
        Bundle b = fw.bundle("t.counter");
        return version.equals(c.describe()) && b != null && b.getState() == Bundle.ACTIVE && version.equals(b.getVersion().toString())
                && runtime.describe("counter").status != dev.doitlive.api.RefreshableDTO.Status.UPDATING;
    }
}
