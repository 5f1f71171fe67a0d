package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LoopDTO;
import test.api.Counter;

/**
 * A loop and the files its step comes from: deleting the step's file stops the loop (a new file starts it again),
 * and a step whose API bundle is gone makes the loop wait, not run on a component that is down.
 */
class LoopFilesTest extends FaultTest {

    private LoopDTO loop(String name) {
        Await.until(() -> runtime.loops().stream().anyMatch(l -> l.name.equals(name)), WAIT, "loop " + name + " to exist");
        return runtime.loops().stream().filter(l -> l.name.equals(name)).findFirst().orElseThrow();
    }

    private void awaitState(String name, LoopDTO.State state) {
        Await.until(() -> loop(name).state == state, WAIT, () -> "loop " + name + " " + state + ": " + loop(name).state
                + "\n" + String.join("\n", stderr.runtimeLines()));
    }

    private void awaitStepping(Counter c) {
        long n = c.get();
        Await.until(() -> c.get() > n + 2, WAIT, "the loop to step");
    }

    @Test
    void deletingALoopsFileStopsTheLoopAndANewFileStartsItAgain() {
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", LoopTest.ticker("@Loop(rate = 100)", "v1", "count++;")));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        awaitStepping(c);

        fw.remove("ticker.jar");
        String line = stderr.await(WAIT, "loop ticker stopped: ticker.jar was deleted");
        awaitState("ticker", LoopDTO.State.PAUSED);
        assertEquals("its file ticker.jar was deleted; a new ticker.jar starts it again", loop("ticker").reason);
        assertEquals("v1", c.describe(), "the detached refreshable keeps serving its other callers");
        String loops = fw.shell("live:loops");
        assertTrue(loops.contains("ticker paused: its file ticker.jar was deleted; a new ticker.jar starts it again"), loops);
        assertFalse(loops.contains("live:restart ticker resumes it"), "what the event line says, not something else: " + loops);

        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.1", LoopTest.ticker("@Loop(rate = 100)", "v2", "count++;")));
        RefreshTest.awaitDescribe(c, "v2");
        awaitState("ticker", LoopDTO.State.RUNNING);
        awaitStepping(c);
        report("F43", "a loop's file deleted", "the loop stops (its refreshable keeps serving other callers, detached); a new"
                + " file of the same refreshable takes over and starts the loop again", line);
    }

    @Test
    void aLoopStoppedByItsDeletedFileAndRestartedByHandWaitsForANewFile() {
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", LoopTest.ticker("@Loop(rate = 100)", "v1", "count++;")));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        awaitStepping(c);
        fw.remove("ticker.jar");
        stderr.await(WAIT, "loop ticker stopped: ticker.jar was deleted");
        awaitState("ticker", LoopDTO.State.PAUSED);
        // live:restart by hand: the loop waits for its step, as its line says, and a new file runs it.
        String restarted = fw.shell("live:restart ticker");
        awaitState("ticker", LoopDTO.State.WAITING);
        assertTrue(restarted.contains("waits"), restarted);
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.1", LoopTest.ticker("@Loop(rate = 100)", "v2", "count++;")));
        awaitState("ticker", LoopDTO.State.RUNNING);
        awaitStepping(fw.awaitService(Counter.class, null, WAIT));
    }

    @Test
    void aLoopWhoseStepLostItsApiWaits() {
        String tickApi = "package t.tick.api; public interface Tick { long BY = 1; }";
        byte[] api = TestBundles.bundle("t.tick.api", "1.0.0", Sources.of("t.tick.api.Tick", tickApi), "Export-Package: t.tick.api;version=1.0.0");
        fw.drop("tick-api.jar", api);
        var sources = LoopTest.ticker("@Loop(rate = 100)", "v1", "count += t.tick.api.Tick.BY + (t.tick.api.Tick.class.hashCode() == 0 ? 1 : 0);");
        sources.put("t.tick.api.Tick", tickApi);
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", sources, "-compileonly: t.tick.api"));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        awaitStepping(c);

        fw.remove("tick-api.jar");
        stderr.await(WAIT, "ticker: waits for package t.tick.api");
        awaitState("ticker", LoopDTO.State.WAITING);
        assertTrue(loop("ticker").reason.contains("waits for package t.tick.api"), loop("ticker").reason);
        assertTrue(fw.shell("live:loops").contains("waiting"), fw.shell("live:loops"));

        fw.drop("tick-api.jar", api);
        awaitState("ticker", LoopDTO.State.RUNNING);
        Counter back = fw.awaitService(Counter.class, null, WAIT);
        awaitStepping(back);
    }

    @Test
    void aLoopConfigurationNamingNoLiveStepSaysItWaits() {
        fw.save("dev.doitlive.loop-l1.cfg", "step = nosuch\nrate = 5\n");
        String line = stderr.await(WAIT, "loop l1 declared at 5 Hz", "waits for its step nosuch");
        awaitState("l1", LoopDTO.State.WAITING);
        assertTrue(loop("l1").reason.contains("waits for its step nosuch"), loop("l1").reason);
        assertTrue(runtime.startLoop("l1").contains("waits for its step nosuch"), "not 'already running'");
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", LoopTest.ticker("", "v1", "count++;")
                .entrySet().stream().collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey,
                        e -> e.getValue().replace("\"ticker\"", "\"nosuch\"")))));
        awaitState("l1", LoopDTO.State.RUNNING);
        assertFalse(line.contains("running"), line);
    }
}
