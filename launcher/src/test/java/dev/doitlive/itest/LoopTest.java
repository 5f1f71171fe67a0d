package dev.doitlive.itest;

import static dev.doitlive.itest.RefreshTest.awaitDescribe;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LoopDTO;
import test.api.Counter;

/** Loops as services, on a real framework: rate, refreshes between steps, failures, control, configuration. */
class LoopTest extends LiveTest {

    /** A loop step that counts its steps; the test reads the count through the Counter the same proxy provides. */
    static Map<String, String> ticker(String loop, String label, String stepBody) {
        return Sources.of("t.ticker.Ticker", """
                package t.ticker;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;

                @Component(service = {Step.class, Counter.class})
                @Refreshable(name = "ticker")
                %s
                public class Ticker implements Step, Counter {
                    volatile long count;
                    public void step() { %s }
                    public long next() { return count; }
                    public long get() { return count; }
                    public String describe() { return "%s"; }
                }
                """.formatted(loop, stepBody, label));
    }

    private Counter dropTicker(String loop, String label, String stepBody, String version) {
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", version, ticker(loop, label, stepBody)));
        return fw.awaitService(Counter.class, null, WAIT);
    }

    /**
     * The loop's current view. Waits for the loop to exist: the runtime's loop tracker hears of a step's proxy in
     * the same service event as the test's own tracker, so the test can see the proxy a moment before the loop.
     */
    private LoopDTO loop(String name) {
        Await.until(() -> runtime.loops().stream().anyMatch(l -> l.name.equals(name)), WAIT, "loop " + name + " to exist");
        return runtime.loops().stream().filter(l -> l.name.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aLoopRunsAtItsRate() throws Exception {
        Counter c = dropTicker("@Loop(rate = 50)", "v1", "count++;", "1.0.0");
        Await.until(() -> c.get() > 5, WAIT, "the loop to run");
        // Its schedule's slots: each one stepped, or skipped and counted after a stall of the whole JVM (a loaded CI
        // machine: 20 of 150 slots went in one stall once). The rate is the schedule's, stalls or not.
        long n0 = c.get() + loop("ticker").skipped;
        long t0 = System.nanoTime();
        window(3000);
        long skipped = loop("ticker").skipped;
        long steps = c.get() + skipped - n0;
        double rate = steps * 1e9 / (System.nanoTime() - t0);
        assertEquals(50, rate, 5, "within 10 % of 50 Hz: " + steps + " slots (" + skipped + " skipped in all)");
        assertEquals(LoopDTO.State.RUNNING, loop("ticker").state);
    }

    /**
     * A loop held up briefly (a 50 ms step at 100 Hz) runs the steps it owes back to back and misses none; one held
     * up for 400 ms skips what it owes instead of bursting, and counts it.
     */
    @Test
    void aLoopCatchesUpAfterAShortStallAndSkipsAfterALongOne() {
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", Sources.of("t.ticker.Ticker", """
                package t.ticker;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;

                @Component(service = {Step.class, Counter.class})
                @Refreshable(name = "ticker")
                @Loop(rate = 100)
                public class Ticker implements Step, Counter {
                    final long[] stamps = new long[100];
                    volatile long count;
                    public void step() {
                        int n = (int) count;
                        if (n < stamps.length) stamps[n] = System.nanoTime();
                        count = n + 1;
                        try { Thread.sleep(n == 3 ? 50 : n == 40 ? 400 : 0); } catch (InterruptedException e) { }
                    }
                    public long next() { return count; }
                    public long get() { return count; }
                    /** Steps missed from step 1 to step 39, 10 ms apart. */
                    public String describe() { return String.valueOf(Math.round((stamps[39] - stamps[1]) / 1e7) + 1 - 39); }
                }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        Await.until(() -> c.get() > 60, WAIT, "the loop to run past both stalls");
        assertTrue(Integer.parseInt(c.describe()) <= 1, c.describe() + " steps missed around a 50 ms stall");
        long skipped = loop("ticker").skipped;
        assertTrue(skipped >= 30 && skipped <= 80, skipped + " steps skipped after a 400 ms stall (39 owed)");
        assertTrue(fw.shell("live:loops").contains("SKIPPED"));
    }

    @Test
    void twentyRefreshesWhileRunningFailNoStepAndKeepTheState() {
        Counter c = dropTicker("@Loop(rate = 200)", "v0", "count++;", "1.0.0");
        Await.until(() -> c.get() > 10, WAIT, "the loop to run");
        for (int i = 1; i <= 20; i++) {
            fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0." + i, ticker("@Loop(rate = 200)", "v" + i, "count++;")));
            awaitDescribe(c, "v" + i);
        }
        long before = c.get();
        Await.until(() -> c.get() > before + 10, WAIT, "the loop to go on after the refreshes");
        LoopDTO l = loop("ticker");
        assertEquals(0, l.errors, "no step failed");
        assertEquals(0, runtime.describe("ticker").errors);
        long counted = c.get();
        long stepped = loop("ticker").steps;
        assertTrue(Math.abs(stepped - counted) <= 1, "every step counted in the carried state: " + counted + " vs " + stepped);
    }

    @Test
    void aStepThatThrowsIsRevertedAndTheLoopGoesOn() {
        Counter c = dropTicker("@Loop(rate = 100)", "v1", "count++;", "1.0.0");
        Await.until(() -> c.get() > 5, WAIT, "the loop to run");
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.1",
                ticker("@Loop(rate = 100)", "v2", "if (++count > 0) throw new IllegalStateException(\"v2 step\");")));
        Await.until(() -> "v1".equals(c.describe()) && runtime.describe("ticker").liveSeq == 1 && runtime.describe("ticker").errors > 0,
                WAIT, "the revert to v1");
        long after = c.get();
        Await.until(() -> c.get() > after + 20, WAIT, "the loop to go on on v1");
        assertEquals(LoopDTO.State.RUNNING, loop("ticker").state);
    }

    /** live:loops counts every revert of the step, also when the step waited at the gate for the version that failed. */
    @Test
    void everyRevertOfTheStepIsCounted() {
        Counter c = dropTicker("@Loop(rate = 1000)", "v1", "count++;", "1.0.0");
        Await.until(() -> c.get() > 50, WAIT, "the loop to run");
        for (int i = 1; i <= 5; i++) {
            long errors = runtime.describe("ticker").errors;
            fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0." + i,
                    ticker("@Loop(rate = 1000)", "broken" + i, "if (++count > 0) throw new IllegalStateException(\"broken\");")));
            Await.until(() -> runtime.describe("ticker").errors > errors && runtime.describe("ticker").liveSeq == 1
                    && runtime.describe("ticker").status != dev.doitlive.api.RefreshableDTO.Status.UPDATING && "v1".equals(c.describe()),
                    WAIT, "broken version " + i + " to be reverted");
        }
        // The loop thread counts a revert when its retried step returns, a moment after the revert is done.
        Await.until(() -> loop("ticker").reverts >= 5, WAIT, () -> "5 reverts counted, not " + loop("ticker").reverts);
        LoopDTO l = loop("ticker");
        assertEquals(5, l.reverts, "reverts counted");
        assertEquals(LoopDTO.State.RUNNING, l.state);
    }

    @Test
    void withNothingToRevertToTheLoopPausesAndSaysWhy() throws Exception {
        Counter c = dropTicker("@Loop(rate = 100)", "v1", "if (++count > 3) throw new IllegalStateException(\"broken from the start\");",
                "1.0.0");
        Await.until(() -> loop("ticker").state == LoopDTO.State.PAUSED, WAIT, "the loop to pause");
        LoopDTO l = loop("ticker");
        assertTrue(l.reason.contains("broken from the start") && l.reason.contains("nothing to revert to"), l.reason);
        assertTrue(runtime.errors("ticker").stream().anyMatch(e -> e.message.contains("loop ticker paused")));
        long stopped = c.get();
        window(200);
        assertEquals(stopped, c.get(), "paused: no step runs");
    }

    @Test
    void pauseResumeAndRate() throws Exception {
        Counter c = dropTicker("@Loop(rate = 100)", "v1", "count++;", "1.0.0");
        Await.until(() -> c.get() > 5, WAIT, "the loop to run");
        assertTrue(runtime.stopLoop("ticker").contains("paused"));
        Await.until(() -> loop("ticker").state == LoopDTO.State.PAUSED && loop("ticker").runningNanos == 0, WAIT, "the pause");
        long paused = c.get();
        window(200);
        assertEquals(paused, c.get(), "no step while paused");
        assertTrue(runtime.restartLoop("ticker").contains("resumed"));
        Await.until(() -> c.get() > paused + 5, WAIT, "the loop to resume");
        assertTrue(runtime.rate("ticker", 20).contains("20 Hz"));
        assertEquals(20, loop("ticker").targetRate);
        assertThrows(IllegalArgumentException.class, () -> runtime.rate("ticker", -1));
        assertThrows(IllegalArgumentException.class, () -> runtime.rate("ticker", 1e9));
        assertThrows(IllegalArgumentException.class, () -> runtime.stopLoop("nope"));
    }

    @Test
    void aCfgFileCreatesALoopChangesItsRateAndItsDeletionStopsIt() throws Exception {
        Counter c = dropTicker("", "v1", "count++;", "1.0.0");
        assertTrue(runtime.loops().isEmpty(), "no @Loop: no loop yet");
        fw.drop("dev.doitlive.loop-tick.cfg", "step = ticker\nrate = 100\n".getBytes(StandardCharsets.UTF_8));
        Await.until(() -> runtime.loops().size() == 1 && c.get() > 5, WAIT, "the configured loop to run");
        assertEquals("tick", loop("tick").name);
        assertEquals(100, loop("tick").targetRate);
        fw.drop("dev.doitlive.loop-tick.cfg", "step = ticker\nrate = 25\n".getBytes(StandardCharsets.UTF_8));
        Await.until(() -> loop("tick").targetRate == 25, WAIT, "the new rate");
        fw.remove("dev.doitlive.loop-tick.cfg");
        Await.until(() -> runtime.loops().isEmpty(), WAIT, "the loop to stop");
        long stopped = c.get();
        window(200);
        assertEquals(stopped, c.get(), "no step after the loop stopped");
    }

    @Test
    void aPatternRefreshedUnderARunningLoopNeverFailsAStep() {
        fw.drop("pattern.jar", TestBundles.bundle("t.pattern", "1.0.0", pattern("p0")));
        fw.drop("show.jar", TestBundles.bundle("t.show", "1.0.0", Sources.of("t.show.Show", """
                package t.show;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.*;

                @Component(service = {Step.class, Counter.class})
                @Refreshable(name = "show")
                @Loop(rate = 200)
                public class Show implements Step, Counter {
                    @Reference Holder pattern;
                    volatile long frames;
                    volatile String last = "";
                    public void step() { last = pattern.describe(); frames++; }
                    public long next() { return frames; }
                    public long get() { return frames; }
                    public String describe() { return last; }
                }
                """)));
        Counter show = fw.awaitService(Counter.class, null, WAIT);
        Await.until(() -> show.get() > 10, WAIT, "the show to run");
        for (int i = 1; i <= 10; i++) {
            fw.drop("pattern.jar", TestBundles.bundle("t.pattern", "1.0." + i, pattern("p" + i)));
            String expected = "p" + i;
            Await.until(() -> show.describe().equals(expected), WAIT, "the show to render " + expected);
        }
        assertEquals(0, loop("show").errors, "the loop never missed a step to an error");
        assertEquals(0, runtime.describe("show").errors);

        // A pattern version that throws: reverted under the running show, which is not blamed for the wait.
        fw.drop("pattern.jar", TestBundles.bundle("t.pattern", "2.0.0", Sources.of("t.pattern.Pattern", """
                package t.pattern;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Holder;

                @Component(service = Holder.class)
                @Refreshable(name = "pattern")
                public class Pattern implements Holder {
                    double phase;
                    public String describe() { throw new IllegalStateException("broken pattern"); }
                }
                """)));
        Await.until(() -> runtime.describe("pattern").errors > 0 && runtime.describe("pattern").liveSeq == 11, WAIT,
                "the broken pattern to be reverted");
        long frames = show.get();
        Await.until(() -> show.get() > frames + 20, WAIT, "the show to go on");
        assertEquals("p10", show.describe());
        assertEquals(0, loop("show").errors, "the show's step never failed");
        assertEquals(0, runtime.describe("show").errors, "nor was it blamed for waiting for the revert");
    }

    @Test
    void aSlowOrHungStepIsReportedAndTheRuntimeStaysResponsive() {
        Counter c = dropTicker("@Loop(rate = 100)", "v1",
                "count++; try { Thread.sleep(count == 3 ? 150 : count > 5 ? 60_000 : 0); } catch (InterruptedException e) { }", "1.0.0");
        Await.until(() -> loop("ticker").runningNanos > 1_000_000_000L, WAIT, "a step hung for over a second");
        assertTrue(runtime.errors("ticker").stream().anyMatch(e -> e.message.contains("a step took")), "the slow step is in live:errors");
        LoopDTO l = loop("ticker");
        assertTrue(l.overruns >= 1 && l.worstStepNanos >= 150_000_000L, "overruns " + l.overruns + ", worst " + l.worstStepNanos);
        String shown = fw.shell("live:loops");
        assertTrue(shown.contains("ticker"), shown);
        assertTrue(runtime.stopLoop("ticker").contains("interrupted it"), "a hung step is interrupted by a stop");
        assertEquals(6, c.get());
    }

    @Test
    void theLoopCommandsThroughARealShell() {
        Counter c = dropTicker("@Loop(rate = 100, autostart = false)", "v1", "count++;", "1.0.0");
        assertEquals(LoopDTO.State.NOT_STARTED, loop("ticker").state);
        assertTrue(fw.shell("live:loops").contains("not started"));
        assertEquals("ticker started at 100 Hz", fw.shell("live:start ticker"));
        Await.until(() -> c.get() > 5, WAIT, "the loop to run");
        assertTrue(fw.shell("live:stop ticker").startsWith("ticker paused"));
        assertTrue(fw.shell("live:loops").contains("paused"));
        assertEquals("ticker resumed at 100 Hz", fw.shell("live:restart ticker"));
        assertEquals("ticker: 100 Hz -> 59.94 Hz", fw.shell("live:rate ticker 59.94"));
        assertEquals("ticker: 59.94 Hz -> free-running", fw.shell("live:rate ticker free"));
        for (String[] bad : new String[][] {{"live:rate ticker 0x10", "HZ"}, {"live:rate ticker 1e9", "10000"},
                {"live:rate nope 10", "no loop named 'nope'"}, {"live:stop nope", "no loop named 'nope'"}}) {
            Exception e = assertThrows(Exception.class, () -> fw.shell(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void aStepRunsInlineThroughItsProxy() throws Exception {
        Counter c = dropTicker("", "v1", "count++;", "1.0.0");
        dev.doitlive.api.Step step = fw.awaitService(dev.doitlive.api.Step.class, null, WAIT);
        dev.doitlive.api.Step.runInline(step, 0, 100);
        assertEquals(100, c.get());
        dev.doitlive.api.Step.runInline(step, 200, 10);
        assertEquals(110, c.get());
        assertThrows(IllegalArgumentException.class, () -> dev.doitlive.api.Step.runInline(step, -1, 1));
    }

    @Test
    void stoppingTheRuntimeStopsEveryLoop() {
        Counter c = dropTicker("@Loop(rate = 100)", "v1", "count++;", "1.0.0");
        Await.until(() -> c.get() > 5, WAIT, "the loop to run");
        fw.close();
        Await.until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("doitlive-loop-ticker")),
                WAIT, "the loop thread to end");
    }

    private static Map<String, String> pattern(String label) {
        return Sources.of("t.pattern.Pattern", """
                package t.pattern;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Holder;

                @Component(service = Holder.class)
                @Refreshable(name = "pattern")
                public class Pattern implements Holder {
                    double phase;
                    public String describe() { phase += 0.1; return "%s"; }
                }
                """.formatted(label));
    }

    /**
     * A measurement window: lets time pass to count steps in it (or to see that none ran). Not a wait for a
     * condition: those use {@link Await}.
     */
    private static void window(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
