package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LoopDTO;
import test.api.Counter;

/** Faults of a loop's step: a new version whose step throws, overflows the stack, or never returns. */
class LoopFaultsTest extends FaultTest {
    private static final String LOOP = "@Loop(rate = 100)";

    /** The ticker v1 running at 100 Hz, counting its steps; returned once it has counted some. */
    private Counter liveTicker() {
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", LoopTest.ticker(LOOP, "v1", "count++;")));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        Await.until(() -> c.get() > 5, WAIT, "the loop to run");
        return c;
    }

    private void dropV2(String stepBody) {
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.1", LoopTest.ticker(LOOP, "v2", stepBody)));
    }

    private LoopDTO loop() {
        return runtime.loops().stream().filter(l -> l.name.equals("ticker")).findFirst().orElseThrow();
    }

    /** v1 is live again and the loop runs on, counting on from where it was. */
    private void assertLoopGoesOnOnV1(Counter c) {
        Await.until(() -> "v1".equals(c.describe()) && runtime.describe("ticker").liveSeq == 1, WAIT, "v1 back");
        long now = c.get();
        Await.until(() -> c.get() > now + 10, WAIT, "the loop to go on on v1");
        assertEquals(LoopDTO.State.RUNNING, loop().state);
        assertTrue(fw.shell("live:loops").contains("ticker"), "the shell answers");
    }

    @Test
    void aStepThatAlwaysThrows() {
        Counter c = liveTicker();
        dropV2("throw new IllegalStateException(\"v2 step always throws\");");
        String line = seenRevert("v2 step always throws", "ticker.jar", "reverting ticker to seq 1");
        assertLoopGoesOnOnV1(c);
        report("F24", "a step that always throws", "its first step fails on probation: reverted to v1 between two steps,"
                + " the step retried on v1, the loop goes on with its state", line);
    }

    @Test
    void aStepThatOverflowsTheStack() {
        Counter c = liveTicker();
        dropV2("count += deep(0); } long deep(long n) { return deep(n + 1) + 1;");
        String line = seenRevert("StackOverflowError", "ticker.jar", "reverting ticker to seq 1");
        assertLoopGoesOnOnV1(c);
        report("F25", "a step that throws StackOverflowError", "reverted like any failing step; the loop thread survives", line);
    }

    @Test
    void aStepThatHangs() {
        Counter c = liveTicker();
        dropV2("count++; try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) {"
                + " throw new IllegalStateException(\"interrupted while hanging\"); }");
        String line = seen("loop ticker", "seq 2", "has not returned", "live:stop ticker");
        assertEquals("v2", c.describe(), "other callers still reach the live version");
        String stopped = fw.shell("live:stop ticker");
        assertTrue(stopped.contains("interrupted it"), stopped);
        // The interrupted step throws on probation: v2 is reverted, with the count it made.
        Await.until(() -> runtime.describe("ticker").liveSeq == 1, WAIT, "the revert to v1");
        assertTrue(fw.shell("live:restart ticker").contains("resumed"));
        assertLoopGoesOnOnV1(c);
        report("F26", "a step that hangs", "the loops' watchdog says so after 1 s (or 10 periods) and the shell stays"
                + " responsive; `live:stop` interrupts the hung step, which then fails on probation and is reverted", line);
    }
}
