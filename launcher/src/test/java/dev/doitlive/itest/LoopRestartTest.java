package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.LoopDTO;
import test.api.Counter;

/**
 * What a performer sets on a loop by hand (a rate with {@code live:rate}, a pause with {@code live:stop}, a start with
 * {@code live:start}) outlives a restart of the runtime and a new version of the step; {@code live:rate NAME default}
 * gives the loop back the rate it declares.
 */
class LoopRestartTest extends LiveTest {

    private LoopDTO loop(String name) {
        Await.until(() -> runtime.loops().stream().anyMatch(l -> l.name.equals(name)), WAIT, "loop " + name + " to exist");
        return runtime.loops().stream().filter(l -> l.name.equals(name)).findFirst().orElseThrow();
    }

    private Counter dropTicker(String loop, String label, String version) {
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", version, LoopTest.ticker(loop, label, "count++;")));
        return fw.awaitService(Counter.class, null, WAIT);
    }

    private Counter restart() throws Exception {
        stderr.clear();
        fw.restart();
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        return fw.awaitService(Counter.class, null, WAIT);
    }

    private static void awaitStepping(Counter c) {
        long n = c.get();
        Await.until(() -> c.get() > n + 2, WAIT, "the loop to step");
    }

    @Test
    void aRateAndAPauseSetByHandComeBackAfterARestartAndLiveStartResumes() throws Exception {
        Counter c = dropTicker("@Loop(rate = 100)", "v1", "1.0.0");
        awaitStepping(c);
        assertEquals("ticker: 100 Hz -> 5 Hz", fw.shell("live:rate ticker 5"));
        assertTrue(fw.shell("live:stop ticker").startsWith("ticker paused"));

        c = restart();
        LoopDTO l = loop("ticker");
        assertEquals(LoopDTO.State.PAUSED, l.state, "paused by hand before the restart, paused after it");
        assertEquals(5, l.targetRate, "the rate set by hand, not the declared 100 Hz");
        assertEquals(100, l.declaredRate);
        assertEquals(0, l.steps, "a paused loop runs no step");
        stderr.await(WAIT, "loop ticker paused at 5 Hz (step ticker)", "its rate was set by live:rate (it declares 100 Hz",
                "paused by live:stop before the runtime stopped (live:start ticker resumes it)");
        String shown = fw.shell("live:loops");
        assertTrue(shown.contains("ticker: 5 Hz set by live:rate, kept across restarts (it declares 100 Hz: live:rate ticker"
                + " default goes back to it)"), shown);

        assertEquals("ticker resumed at 5 Hz", fw.shell("live:start ticker"));
        awaitStepping(c);

        // Resumed by hand: the next restart brings it back running, still at the rate set by hand.
        c = restart();
        Await.until(() -> loop("ticker").state == LoopDTO.State.RUNNING, WAIT, "the loop running after the second restart");
        assertEquals(5, loop("ticker").targetRate);
        awaitStepping(c);

        assertEquals("ticker: 5 Hz -> 100 Hz (the rate it declares)", fw.shell("live:rate ticker default"));
        restart();
        assertEquals(100, loop("ticker").targetRate, "back to the declared rate: nothing set by hand is kept");
        assertNotNull(stderr.await(WAIT, "loop ticker running at 100 Hz (step ticker)"));
        assertNull(stderr.find("set by live:rate"), String.join("\n", stderr.runtimeLines()));
    }

    @Test
    void aNewVersionsDeclaredRateAppliesUnlessARateWasSetByHand() {
        Counter c = dropTicker("@Loop(rate = 100)", "v1", "1.0.0");
        awaitStepping(c);

        dropTicker("@Loop(rate = 50)", "v2", "1.0.1");
        RefreshTest.awaitDescribe(c, "v2");
        stderr.await(WAIT, "loop ticker: rate 50 Hz, as seq 2 of ticker declares");
        assertEquals(50, loop("ticker").targetRate);

        fw.shell("live:rate ticker 5");
        dropTicker("@Loop(rate = 25)", "v3", "1.0.2");
        RefreshTest.awaitDescribe(c, "v3");
        stderr.await(WAIT, "loop ticker: keeps 5 Hz, set by live:rate; seq 3 of ticker declares 25 Hz (live:rate ticker default takes it)");
        LoopDTO l = loop("ticker");
        assertEquals(5, l.targetRate, "the rate set by hand wins over the new version's");
        assertEquals(25, l.declaredRate);
        assertEquals("ticker: 5 Hz -> 25 Hz (the rate it declares)", fw.shell("live:rate ticker default"));
        assertEquals("ticker is at the rate it declares, 25 Hz", fw.shell("live:rate ticker default"));
    }

    @Test
    void aLoopDeclaredNotToStartComesBackRunningOnceStartedByHand() throws Exception {
        Counter c = dropTicker("@Loop(rate = 100, autostart = false)", "v1", "1.0.0");
        assertEquals(LoopDTO.State.NOT_STARTED, loop("ticker").state);
        assertEquals("ticker started at 100 Hz", fw.shell("live:start ticker"));
        awaitStepping(c);

        c = restart();
        Await.until(() -> loop("ticker").state == LoopDTO.State.RUNNING, WAIT, "the loop started by hand running after the restart");
        awaitStepping(c);
    }

    /**
     * A configuration that re-rates a loop a step declares comes, at a start, before the step: its rate waits for the
     * step instead of being refused (and lost) at every restart. One that re-rates a loop nothing declares is said.
     */
    @Test
    void aConfigurationsRateForALoopOfAStepHoldsAcrossARestart() throws Exception {
        Counter c = dropTicker("@Loop(rate = 100)", "v1", "1.0.0");
        awaitStepping(c);
        fw.drop("dev.doitlive.loop-ticker.cfg", "rate = 30\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Await.until(() -> loop("ticker").targetRate == 30, WAIT, "the configuration's rate");

        c = restart();
        awaitStepping(c);
        assertEquals(30, loop("ticker").targetRate, "the configuration's rate after the restart\n" + String.join("\n", stderr.runtimeLines()));
        assertEquals(30, loop("ticker").declaredRate);
        stderr.await(WAIT, "loop ticker running at 30 Hz (step ticker, rate from dev.doitlive.loop-ticker.cfg)");
        assertNull(stderr.find("no loop named ticker"), String.join("\n", stderr.runtimeLines()));

        fw.drop("dev.doitlive.loop-nope.cfg", "rate = 30\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stderr.await(WAIT, "dev.doitlive.loop-nope.cfg: no loop named nope exists; give step = <refreshable name> to declare one");
    }
}
