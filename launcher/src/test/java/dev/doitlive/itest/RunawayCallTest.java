package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import dev.doitlive.api.LoopDTO;
import test.api.Counter;

/**
 * A call that spins in a refreshable's own code (a {@code while (true)} saved live) keeps a core busy until it is
 * stopped: by {@code live:interrupt}, by Ctrl-C on the {@code live:call} that runs it, by {@code live:stop} of a loop
 * whose step spins, and by itself once its fix goes live. Each stopped call fails like any call (on probation its
 * version is reverted and the call retried there) and its thread is free again.
 */
class RunawayCallTest extends FaultTest {
    /** v2 of the counter: counts once, then spins for good. */
    private static final String SPINS = """
            volatile long count;
            public long next() { count++; long x = 0; while (true) { x++; } }
            public long get() { return count; }
            """;

    private final AtomicReference<Object> answer = new AtomicReference<>();

    /** Calls next() through the proxy on a thread of its own, the way any caller of the refreshable does. */
    private Thread caller(Counter c) {
        Thread t = new Thread(() -> {
            try {
                answer.set(c.next());
            } catch (Throwable e) {
                answer.set(e);
            }
        }, "caller");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The counter at v2, whose next() spins, and a caller spinning in it. */
    private Thread spinningInV2(Counter c) {
        fw.drop("counter.jar", counterJar("1.0.1", Sources.counter("", "v2", SPINS)));
        RefreshTest.awaitDescribe(c, "v2");
        Thread t = caller(c);
        Await.until(() -> c.get() == COUNT + 1, WAIT, "the call to be spinning in v2");
        return t;
    }

    /** Whether any thread is running {@code method} of {@code type} now. */
    private static boolean running(String type, String method) {
        return Thread.getAllStackTraces().values().stream().flatMap(java.util.Arrays::stream)
                .anyMatch(f -> f.getClassName().equals(type) && f.getMethodName().equals(method));
    }

    private static void assertFreed(Thread caller) throws InterruptedException {
        caller.join(WAIT.toMillis());
        assertFalse(caller.isAlive(), "the caller's thread is free again");
        assertFalse(running("t.counter.CounterImpl", "next"), "no thread spins in next() any more");
    }

    @Test
    void liveInterruptStopsTheCallAndTheRevertedVersionAnswersIt() throws Exception {
        Counter c = liveCounter();
        Thread t = spinningInV2(c);
        String line = fw.shell("live:interrupt counter");
        assertEquals("counter: 1 call stopped at its loop's next turn", line);
        assertFreed(t);
        // Stopped on probation: v2 is reverted and the call retried on v1, with the count v2 made.
        assertEquals(COUNT + 2, answer.get(), "the caller gets the reverted version's answer");
        seenRevert("RunawayStopped: loop in CounterImpl.next() stopped by live:interrupt counter", "reverting counter to seq 1");
        awaitSettled(1);
        assertServes(c, "v1", COUNT + 2);
        assertEquals("counter: no call is running in its code", fw.shell("live:interrupt counter"));
        report("F45", "a call that spins in a refreshable's code (a while (true) saved live), then live:interrupt",
                "the call ends at its loop's next turn with RunawayStopped (an Error), a failure like any other: on probation the"
                        + " version is reverted and the call answered by the version before; its thread is free again", line);
    }

    @Test
    void liveInterruptLeavesAloneTheThreadsTheRefreshableStartedAndGivesTheCallerTheFailureWithNothingToRevertTo()
            throws Exception {
        // One version: its own thread loops from activation on; the fourth call spins.
        fw.drop("counter.jar", counterJar("1.0.0", Sources.counter("", "v1", """
                volatile long count;
                volatile boolean running = true;
                volatile long own;
                @Activate void start() {
                    Thread t = new Thread(() -> { while (running) { own++; } }, "counter-own");
                    t.setDaemon(true);
                    t.start();
                }
                @Deactivate void stop() { running = false; }
                public long next() { if (++count > 3) { long x = 0; while (true) { x++; } } return count; }
                public long get() { return count; }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        for (int i = 0; i < COUNT; i++) {
            c.next();
        }
        Thread t = caller(c);
        Await.until(() -> c.get() == COUNT + 1, WAIT, "the call to be spinning");
        assertEquals("counter: 1 call stopped at its loop's next turn", fw.shell("live:interrupt counter"));
        assertFreed(t);
        Throwable e = (Throwable) answer.get();
        assertEquals("RunawayStopped", e.getClass().getSimpleName(), "nothing to revert to: the caller gets the failure");
        assertEquals("loop in CounterImpl.next() stopped by live:interrupt counter", e.getMessage());
        stderr.await(WAIT, "nothing to revert to; counter stays at seq 1");
        assertTrue(running("t.counter.CounterImpl", "lambda$start$0"), "the refreshable's own thread loops on: nobody asked to stop it");
        assertEquals(COUNT + 1, c.get(), "the runtime serves the version on");
    }

    /**
     * The console's Ctrl-C interrupts the thread that runs the command (ConsoleIT shows it on a terminal): the runtime
     * watches a live:call's thread, the call ends at its loop's next turn, and the command answers with the reverted
     * version's result.
     */
    @Test
    void ctrlCOnALiveCallThatSpinsEndsTheCallAndTheCommandAnswersFromTheRevertedVersion() throws Exception {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("1.0.1", Sources.counter("", "v2", SPINS)));
        RefreshTest.awaitDescribe(c, "v2");
        AtomicReference<Object> printed = new AtomicReference<>();
        try (Console console = new Console(fw.context())) {
            Thread shell = new Thread(() -> {
                try {
                    printed.set(console.execute("live:call counter next"));
                } catch (Exception e) {
                    printed.set(e);
                }
            }, "shell");
            shell.setDaemon(true);
            shell.start();
            Await.until(() -> c.get() == COUNT + 1, WAIT, "live:call to be spinning in v2");
            Thread command = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals("t.counter.CounterImpl")))
                    .map(java.util.Map.Entry::getKey).findFirst().orElseThrow();
            command.interrupt();
            shell.join(WAIT.toMillis());
        }
        assertEquals(String.valueOf(COUNT + 2), printed.get(), "the command prints the reverted version's answer");
        seenRevert("loop in CounterImpl.next() stopped: its thread was interrupted", "reverting counter to seq 1");
        awaitSettled(1);
        assertServes(c, "v1", COUNT + 2);
        report("F46", "Ctrl-C in the shell while live:call spins in a refreshable's code",
                "the console asks the runtime to stop the call, without an interrupt (ConsoleIT: one that found the thread writing"
                        + " closed Gogo's output channel and the terminal under it); a command's thread interrupted otherwise (Gogo's"
                        + " job interrupt, as here) is watched by the runtime. Either way the call ends at its loop's next turn,"
                        + " failing like any call: on probation reverted, and the command prints the reverted version's answer",
                stderr.find("reverting counter to seq 1"));
    }

    /**
     * A loop that catches Throwable around its inner loop swallows the stop and runs on: live:interrupt says so (it
     * said "1 call stopped", and the call went on spinning), and each one throws it again.
     */
    @Test
    void liveInterruptOfACallThatCatchesTheStopSaysItRunsOn() throws Exception {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("1.0.1", Sources.counter("", "v2", """
                volatile long count;
                volatile long caught;
                public long next() {
                    count++;
                    while (!Thread.currentThread().isInterrupted()) { // the test's way to end it
                        try { long x = 0; while (true) { x++; } } catch (Throwable e) { caught++; }
                    }
                    return -1;
                }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v2");
        Thread t = caller(c);
        Await.until(() -> c.get() == COUNT + 1, WAIT, "the call to be spinning in v2");
        String said = "counter: 1 call caught the stop and runs on (a catch of Throwable or Error around its loop?); each"
                + " live:interrupt throws it again";
        assertEquals(said, fw.shell("live:interrupt counter"));
        assertTrue(t.isAlive(), "it runs on");
        assertEquals(said, fw.shell("live:interrupt counter"));
        assertTrue(t.isAlive());
        t.interrupt(); // its outer loop's way out, taken once the next stop breaks the inner one
        fw.shell("live:interrupt counter");
        assertFreed(t);
        assertEquals(-1L, answer.get());
    }

    /** A call waiting in its code (a sleep) is woken by the interrupt, and the line says so, not "ended by itself". */
    @Test
    void liveInterruptOfACallThatSleepsSaysItWasWokenAndTheCallEnds() throws Exception {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("1.0.1", Sources.counter("", "v2", """
                volatile long count;
                public long next() {
                    count++;
                    try { Thread.sleep(600_000); } catch (InterruptedException e) { return -1; }
                    return count;
                }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v2");
        Thread t = caller(c);
        Await.until(() -> c.get() == COUNT + 1 && t.getState() == Thread.State.TIMED_WAITING, WAIT, "the call to sleep in v2");
        assertEquals("counter: 1 call was waiting in its code: interrupted, it has ended", fw.shell("live:interrupt counter"));
        assertFreed(t);
        assertEquals(-1L, answer.get(), "the call's own answer to the interrupt");
    }

    @Test
    void aCallStuckInTheOldVersionIsStoppedOnceItsFixIsLiveAndTheFixAnswersIt() throws Exception {
        Counter c = liveCounter();
        Thread t = spinningInV2(c);
        fw.drop("counter.jar", counterJar("1.0.2", Sources.counter("", "v3", """
                volatile long count;
                public long next() { return ++count; }
                public long get() { return count; }
                """)));
        // The swap waits its 10 s for the call (no setting shortens it), then goes on and stops the call.
        stderr.await(Duration.ofSeconds(40), "counter: 1 call into seq 2", "did not return within 10 s");
        String line = stderr.await(WAIT, "counter: left behind in seq 2 (1.0.1), 1 call stopped at its loop's next turn");
        assertFreed(t);
        assertEquals(COUNT + 2, answer.get(), "the stuck call is served again by the fix, which carried its count");
        assertEquals("v3", c.describe());
        assertEquals(COUNT + 3, c.next());
        report("F47", "a call that spins in the old version when its fix goes live", "after the 10 s drain the fix goes live"
                + " and the stuck call is stopped at its loop's next turn, then served again by the fix; its thread is free", line);
    }

    @Test
    void liveStopEndsALoopsStepThatSpins() throws Exception {
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", LoopTest.ticker("@Loop(rate = 100)", "v1", "count++;")));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        Await.until(() -> c.get() > 5, WAIT, "the loop to run");
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.1", LoopTest.ticker("@Loop(rate = 100)", "v2",
                "count++; long x = 0; while (true) { x++; }")));
        String hung = stderr.await(WAIT, "loop ticker", "seq 2", "has not returned");
        String stopped = fw.shell("live:stop ticker");
        assertTrue(stopped.contains("interrupted it"), stopped);
        // The spinning step ends at its loop's next turn, fails on probation: v2 is reverted, the step retried on v1.
        Await.until(() -> runtime.describe("ticker").liveSeq == 1, WAIT, "the revert to v1");
        Await.until(() -> loop().runningNanos == 0 && !running("t.ticker.Ticker", "step"), WAIT, "the step to end");
        assertEquals(LoopDTO.State.PAUSED, loop().state);
        assertTrue(fw.shell("live:restart ticker").contains("resumed"));
        long now = c.get();
        Await.until(() -> c.get() > now + 10, WAIT, "the loop to go on on v1");
        assertEquals("v1", c.describe());
        report("F48", "a loop's step that spins (a while (true) saved live), then live:stop", "the watchdog says it hangs;"
                + " live:stop interrupts the loop's thread, and the step ends at its loop's next turn and fails on probation:"
                + " reverted, the loop paused and resumable", hung);
    }

    private LoopDTO loop() {
        return runtime.loops().stream().filter(l -> l.name.equals("ticker")).findFirst().orElseThrow();
    }

    /** A Gogo session, as the interactive shell has one. Reflective: Gogo's API is the gogo.runtime bundle's. */
    private static final class Console implements AutoCloseable {
        private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
        private static final String SESSION = "org.apache.felix.service.command.CommandSession";
        private final Object session;
        private final Class<?> sessionType;

        Console(BundleContext context) throws Exception {
            ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, context.createFilter("(objectClass=" + PROCESSOR + ")"), null);
            tracker.open(true);
            try {
                Object processor = tracker.waitForService(WAIT.toMillis());
                assertNotNull(processor, "Gogo's CommandProcessor");
                ClassLoader api = processor.getClass().getClassLoader();
                PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
                session = api.loadClass(PROCESSOR).getMethod("createSession", java.io.InputStream.class, java.io.OutputStream.class,
                        java.io.OutputStream.class).invoke(processor, new ByteArrayInputStream(new byte[0]), out, out);
                sessionType = api.loadClass(SESSION);
            } finally {
                tracker.close();
            }
        }

        Object execute(String line) throws Exception {
            try {
                return sessionType.getMethod("execute", CharSequence.class).invoke(session, line);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause());
            }
        }

        @Override
        public void close() throws Exception {
            sessionType.getMethod("close").invoke(session);
        }
    }
}
