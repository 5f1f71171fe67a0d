package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.VersionDTO;
import test.api.Counter;

/** Faults of timing: calls that come back into the proxy during a swap, a revert asked for during a refresh. */
class ConcurrencyFaultsTest extends FaultTest {
    private static final String RELEASE = "doitlive.itest.release";
    private static final String ACTIVATING = "doitlive.itest.activating";

    @AfterEach
    void clearProperties() {
        System.clearProperty(RELEASE);
        System.clearProperty(ACTIVATING);
    }

    /** A counter whose next() calls the relay, which calls back into the counter's proxy: every call re-enters. */
    private static byte[] reentrantCounter(String label, String version) {
        return counterJar(version, Sources.counter("", label, """
                @Reference test.api.Holder relay;
                long count;
                public synchronized long next() { count++; relay.describe(); return count; }
                public synchronized long get() { return count; }
                """));
    }

    @Test
    void aCallThatReentersTheProxyDuringASwap() throws Exception {
        fw.drop("relay.jar", TestBundles.bundle("t.relay", "1.0.0", Sources.of("t.relay.Relay", """
                package t.relay;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.*;
                @Component(service = Holder.class)
                @Refreshable(name = "relay")
                public class Relay implements Holder {
                    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
                    volatile Counter counter;
                    public String describe() { Counter c = counter; return c == null ? "unbound" : "at " + c.get(); }
                }
                """)));
        fw.drop("counter.jar", reentrantCounter("v1", "1.0.0"));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        Await.until(() -> fw.awaitService(test.api.Holder.class, null, WAIT).describe().startsWith("at "), WAIT, "the relay bound");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong calls = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread caller = new Thread(() -> {
            while (running.get()) {
                try {
                    c.next();
                    calls.incrementAndGet();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        }, "reentrant-caller");
        caller.start();
        try {
            for (int i = 2; i <= 6; i++) {
                fw.drop("counter.jar", reentrantCounter("v" + i, "1.0." + i));
                RefreshTest.awaitDescribe(c, "v" + i);
            }
        } finally {
            running.set(false);
            caller.join(WAIT.toMillis());
        }
        String line = stderr.await(WAIT, "counter: seq 6", "is live, state kept");
        assertTrue(failures.isEmpty(), () -> "callers saw " + failures.size() + " exceptions, first: " + failures.peek());
        assertEquals(calls.get(), c.get(), "every call counted once");
        assertServes(c, "v6", calls.get());
        report("F31", "a call that re-enters the proxy while a swap is under way (counter -> relay -> counter)", "the swap's"
                + " gate lets no call in while it drains; a call in flight that re-enters would wait for it, so the gate"
                + " reopens after 100 ms and the swap tries again: no deadlock, no call lost", line);
    }

    @Test
    void aPostRefreshHookThatCallsItsOwnProxy() {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("1.0.1", Sources.counter("", "v2", """
                @Reference Counter self;
                long count;
                long seenInPostRefresh = -1;
                public long next() { return ++count; }
                public long get() { return count; }
                public void postRefresh() { seenInPostRefresh = self.get(); }
                """)));
        RefreshTest.awaitDescribe(c, "v2");
        String line = stderr.await(WAIT, "counter: seq 2", "is live");
        assertServes(c, "v2", COUNT);
        assertEquals(String.valueOf(COUNT), fw.shell("live:state counter").lines().filter(l -> l.startsWith("seenInPostRefresh"))
                .findFirst().orElseThrow().replaceAll("\\D", ""), "postRefresh got its answer from the version still live");
        report("F32", "`postRefresh` calls its own proxy (the swap has the gate closed)", "the swap thread is let through its"
                + " own closed gate, so the hook is answered (by the old version, still live) instead of deadlocking", line);
    }

    @Test
    void aRevertAskedForWhileARefreshIsUnderWay() throws Exception {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("v2", 1, "1.0.1"));
        RefreshTest.awaitDescribe(c, "v2");
        // v3 takes its time to activate: until the test releases it (10 s at most).
        fw.drop("counter.jar", counterJar("1.0.2", Sources.counter("", "v3", """
                long count;
                @Activate void activate() throws InterruptedException {
                    System.setProperty("%s", "true");
                    for (int i = 0; i < 1000 && System.getProperty("%s") == null; i++) Thread.sleep(10);
                }
                public long next() { return ++count; }
                public long get() { return count; }
                """.formatted(ACTIVATING, RELEASE))));
        Await.until(() -> System.getProperty(ACTIVATING) != null, WAIT, "v3 to be activating");
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread reverter = new Thread(() -> {
            try {
                outcome.set(fw.shell("live:revert counter"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "reverter");
        reverter.start();
        Await.until(() -> reverter.getState() == Thread.State.TIMED_WAITING || reverter.getState() == Thread.State.WAITING, WAIT,
                "the revert to wait for the swap thread");
        assertEquals("v2", c.describe(), "callers are served meanwhile");
        System.setProperty(RELEASE, "true");
        reverter.join(WAIT.toMillis());
        assertTrue(outcome.get() instanceof String, () -> "the revert answered: " + outcome.get());
        String line = (String) outcome.get();
        assertTrue(line.contains("counter") && line.contains("seq 2"), line);
        awaitSettled(2);
        assertEquals("v2", c.describe());
        assertEquals(COUNT + 1, c.next(), "state kept through v3 and back");
        assertEquals(VersionDTO.Status.REVERTED, runtime.history("counter").get(0).status, "v3 came, then was reverted");
        OutcomeDTO again = runtime.revert("counter", -1, WAIT.toMillis());
        assertTrue(again.ok && again.liveSeq == 1, again.message);
        report("F33", "a revert asked for while a refresh is under way (the new version still activating)", "commands and"
                + " arrivals take turns on the swap thread: the refresh completes, then the revert goes back from it to the"
                + " version before; callers are served throughout", line);
    }

    /**
     * A call that never returns cannot keep the fix out: after the drain gives up, the swap goes on without it, says so,
     * and later swaps are not held by it. This one is blocked for good without coming round a loop in the refreshable's
     * code, so the runtime cannot stop it (RunawayCallTest: a call that loops is stopped once the fix is live).
     */
    @Test
    void aCallThatNeverReturnsDoesNotKeepTheFixOut() throws Exception {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("1.0.1", Sources.counter("", "v2", """
                long count;
                public long next() {
                    count++;
                    try { new java.util.concurrent.CountDownLatch(1).await(); } catch (InterruptedException e) { }
                    return -1;
                }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v2");
        Thread stuck = new Thread(c::next, "stuck-caller");
        stuck.setDaemon(true);
        stuck.start();
        try {
            Await.until(() -> c.get() == COUNT + 1, WAIT, "the call that never returns to be under way");
            fw.drop("counter.jar", counterJar("1.0.2", Sources.counter("", "v3", """
                    long count;
                    public long next() { return ++count; }
                    public long get() { return count; }
                    """)));
            String line = stderr.await(Duration.ofSeconds(40), "counter: 1 call into seq 2", "did not return within 10 s",
                    "seq 3 (1.0.2) goes live without waiting");
            RefreshTest.awaitDescribe(c, "v3");
            assertEquals(COUNT + 2, c.next(), "the state carried, with what the stuck call did before it looped");
            assertTrue(stuck.isAlive(), "the stuck call still runs, on v2");
            assertTrue(runtime.errors("counter").stream().anyMatch(e -> e.message.equals(line)), "in live:errors counter");

            // The next swap is not held by it: no second line, v4 live while the stuck call still runs.
            fw.drop("counter.jar", counterJar("1.0.3", Sources.counter("", "v4", """
                    long count;
                    public long next() { return ++count; }
                    public long get() { return count; }
                    """)));
            RefreshTest.awaitDescribe(c, "v4");
            assertTrue(stuck.isAlive());
            assertEquals(1, stderr.runtimeLines().stream().filter(l -> l.contains("did not return")).count(), stderr.runtimeLines().toString());
            assertEquals(COUNT + 3, c.next());
            report("F40", "a call that never returns (blocked for good), then the fix dropped", "the swap waits 10 s for"
                    + " the call, then goes on without it and says so; the call runs on in the old version, what it changes"
                    + " after that is not carried, and it never holds a swap again", line);
        } finally {
            stuck.interrupt();
            stuck.join(5000);
        }
    }
}
