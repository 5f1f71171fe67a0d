package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.api.beat.BeatClock;
import test.api.Counter;

/**
 * Swaps that land on the beat, and loops on the beat: a version held for its bar is prepared at once, the live one
 * serves until the bar, and it lands on that bar (never before it, never a bar late); live:cancel drops it; a loop
 * runs N steps per beat, each on its tick. The clock is the beat kit's, as the runtime starts it.
 */
class HeldSwapTest extends LiveTest {
    /** 60 beats per minute, 4 to the bar: a bar is 4 s, long enough to look at what is held. */
    private static final double BPM = 60;

    /** A refreshable landing at {@code at}; its postRefresh notes when it went live, which get() answers. */
    private static Map<String, String> held(String at, String label) {
        return Sources.of("t.held.Held", """
                package t.held;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;

                @Component(service = Counter.class)
                @Refreshable(name = "held", at = Boundary.%s)
                public class Held implements Counter, RefreshHooks {
                    long calls;
                    transient long wentLiveAt;
                    public void postRefresh() { wentLiveAt = System.nanoTime(); }
                    public long next() { return ++calls; }
                    public long get() { return wentLiveAt; }
                    public String describe() { return "%s"; }
                }
                """.formatted(at, label));
    }

    /** The beat kit's clock, at {@link #BPM}. */
    private BeatClock startClock() {
        BeatClock clock = fw.awaitService(BeatClock.class, null, WAIT);
        clock.bpm(BPM, "test");
        return clock;
    }

    /**
     * A fixed save held for its bar ends the compile error of the save before it: the last attempt compiled, so
     * live:list no longer says the refreshable failed (seen with a save held by the cluster, which then aborted it).
     */
    @Test
    void aFixedSaveHeldForTheBarEndsTheCompileErrorBeforeIt() throws Exception {
        startClock();
        String v1 = LiveSourceTest.counter("v1", "1").replace("@Refreshable(name = \"counter\")",
                "@Refreshable(name = \"counter\", at = dev.doitlive.api.Boundary.BAR)");
        fw.save("LiveCounter.java", v1);
        Counter c = fw.awaitService(Counter.class, "(doitlive.name=counter)", WAIT);
        assertEquals(1, c.next());
        fw.save("LiveCounter.java", v1.replace("count += 1;", "count += 10"));
        Await.until(() -> runtime.describe("counter").status == RefreshableDTO.Status.FAILED, WAIT, "the compile error shown");
        stderr.clear();
        fw.save("LiveCounter.java", v1.replace("\"v1\"", "\"v2\""));
        stderr.await(WAIT, "counter: seq 2 (0.0.0) held, lands on the next bar");
        RefreshableDTO d = runtime.describe("counter");
        if (d.heldSeq == 2) { // still held (a bar is 4 s): the compile error is over all the same
            assertTrue(d.status != RefreshableDTO.Status.FAILED, d.status + ": " + fw.shell("live:list"));
        }
        Await.until(() -> "v2".equals(c.describe()), WAIT, "v2 to land on the bar");
        assertEquals(RefreshableDTO.Status.PROBATION, runtime.describe("counter").status);
    }

    @Test
    void aVersionHeldForTheBarLandsOnIt() throws Exception {
        BeatClock clock = startClock();
        fw.drop("held.jar", TestBundles.bundle("t.held", "1.0.0", held("BAR", "v1")));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        assertEquals(1, c.next());
        fw.drop("held.jar", TestBundles.bundle("t.held", "1.0.1", held("BAR", "v2")));
        String line = stderr.await(WAIT, "held: seq 2 (1.0.1) held, lands on the next bar");
        double heldAt = clock.beat();
        RefreshableDTO d = runtime.describe("held");
        double aBarStart = Math.rint(clock.beat() - clock.barPhase() * 4); // the tempo stays: bars fall every 4 beats from it
        // While it is still held, the live version serves, with its state.
        String served = c.describe();
        long calls = c.next();
        if (runtime.describe("held").heldSeq == 2) {
            assertEquals("v1", served, "the live version serves while the new one is held");
            assertEquals(1, d.liveSeq);
            assertEquals(2, d.heldSeq, d.toString());
        }
        assertTrue(fw.shell("live:list").contains("held: seq 2 (1.0.1) held, lands on the next bar"), fw.shell("live:list"));
        Await.until(() -> "v2".equals(c.describe()), WAIT, "v2 to land on the bar");
        String landed = stderr.await(WAIT, "held: seq 2 (1.0.1) is live on the bar");
        double at = clock.beatAt(c.get());
        double intoBar = Math.floorMod(Math.round((at - aBarStart) * 1e6), 4_000_000L) / 1e6;
        assertTrue(intoBar < 1, "landed " + intoBar + " beats into a bar: on the bar, not before it: " + line);
        assertTrue(at - heldAt < 4 + 1, "landed at beat " + at + ", held at " + heldAt + ": on the next bar, not a later one");
        assertTrue(c.next() > calls, "the state was carried across");
        assertEquals(0, runtime.describe("held").heldSeq);
        assertTrue(landed.contains("state kept"), landed);
    }

    @Test
    void cancelDropsTheHeldVersion() throws Exception {
        startClock();
        fw.drop("held.jar", TestBundles.bundle("t.held", "1.0.0", held("BAR", "v1")));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        fw.drop("held.jar", TestBundles.bundle("t.held", "1.0.1", held("BAR", "v2")));
        stderr.await(WAIT, "held: seq 2 (1.0.1) held");
        String cancelled = fw.shell("live:cancel held");
        // The clock may have reached the bar meanwhile: then there is nothing to cancel any more, and v2 is live.
        if (cancelled.contains("never lands")) {
            stderr.await(WAIT, "held: seq 1 (1.0.0) restored");
            assertEquals("v1", c.describe());
            assertEquals(1, runtime.describe("held").liveSeq);
            VersionDTO two = runtime.history("held").stream().filter(v -> v.seq == 2).findFirst().orElseThrow();
            assertEquals(VersionDTO.Status.FAILED, two.status);
            assertTrue(fw.shell("live:cancel held").contains("nothing is held"));
        } else {
            assertTrue(cancelled.contains("nothing is held"), cancelled);
        }
    }

    @Test
    void refreshAtBeatHoldsAVersionThatDeclaresNone() throws Exception {
        startClock();
        fw.drop("held.jar", TestBundles.bundle("t.held", "1.0.0", held("STEP", "v1")));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        String out = fw.shell("live:refresh --at beat held");
        assertTrue(out.contains("reloaded"), out); // its file is unchanged: nothing to hold, and it says so
        stderr.await(WAIT, "held: held.jar is unchanged, nothing new to land on the beat; it is reloaded at once");
        assertTrue(fw.shell("live:at held bar").contains("its new versions land on the next bar"));
        assertTrue(fw.shell("live:list").contains("held: its new versions land on the next bar"), fw.shell("live:list"));
        assertTrue(fw.shell("live:at held default").contains("at once"));
        fw.drop("held.jar", TestBundles.bundle("t.held", "1.0.1", held("STEP", "v2")));
        Await.until(() -> "v2".equals(c.describe()), WAIT, "v2 live at once, as declared again");
    }

    @Test
    void aLoopOnTheBeatStepsOnItsTicks() throws Exception {
        BeatClock clock = startClock();
        fw.drop("beats.jar", TestBundles.bundle("t.beats", "1.0.0", Sources.of("t.beats.Beats", """
                package t.beats;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;

                @Component(service = {Step.class, Counter.class})
                @Refreshable(name = "beats")
                @Loop(perBeat = 2)
                public class Beats implements Step, Counter {
                    volatile long count;
                    volatile long last;
                    public void step() { count++; last = System.nanoTime(); }
                    public long next() { return count; }
                    public long get() { return last; }
                    public String describe() { return "beats"; }
                }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        Await.until(() -> c.next() >= 3, WAIT, "three steps on the beat");
        for (int i = 0; i < 3; i++) {
            long n = c.next();
            Await.until(() -> c.next() > n, WAIT, "the next tick");
            double ticks = clock.beatAt(c.get()) * 2;
            // Each step runs on its tick or just after it, never before: half a beat apart at 2 per beat.
            assertTrue(ticks - Math.floor(ticks) < 0.5, "a step at tick " + ticks);
        }
        LoopDTO l = runtime.loops().stream().filter(x -> x.name.equals("beats")).findFirst().orElseThrow();
        assertEquals(2, l.perBeat);
        assertEquals(BPM / 60 * 2, l.targetRate, 1e-9);
        assertTrue(fw.shell("live:rate beats 10").contains("2 steps per beat -> 10 Hz"));
        assertTrue(fw.shell("live:rate beats 4/beat").contains("10 Hz -> 4 steps per beat"));
        assertTrue(fw.shell("live:rate beats default").contains("2 steps per beat"));
    }

    /** Found by a try-out: a faster tempo while held landed seconds after the bar (the wake-up was set for the old tempo). */
    @Test
    void aFasterTempoBringsTheLandingNearer() throws Exception {
        BeatClock clock = fw.awaitService(BeatClock.class, null, WAIT);
        clock.bpm(30, "test"); // a bar is 8 s
        fw.drop("held.jar", TestBundles.bundle("t.held", "1.0.0", held("BAR", "v1")));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        fw.drop("held.jar", TestBundles.bundle("t.held", "1.0.1", held("BAR", "v2")));
        stderr.await(WAIT, "held: seq 2 (1.0.1) held, lands on the next bar");
        clock.bpm(240, "test"); // the bar is now at most a second away
        double heldAt = clock.beat();
        double aBarStart = Math.rint(clock.beat() - clock.barPhase() * 4);
        Await.until(() -> "v2".equals(c.describe()), WAIT, "v2 to land on the bar");
        double at = clock.beatAt(c.get());
        double intoBar = Math.floorMod(Math.round((at - aBarStart) * 1e6), 4_000_000L) / 1e6;
        assertTrue(intoBar < 1 && at - heldAt < 4 + 1, "landed " + intoBar + " beats into a bar, " + (at - heldAt)
                + " beats after the tempo went up: on the next bar at the new tempo");
    }

    /** Found by a try-out: holding bytes kept in the history (a revert's) and dropping them marked that version failed. */
    @Test
    void aKeptVersionHeldAndCancelledStaysRevertable() throws Exception {
        startClock();
        fw.drop("held.jar", TestBundles.bundle("t.held", "1.0.0", held("STEP", "v1")));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        byte[] v2 = TestBundles.bundle("t.held", "1.0.1", held("STEP", "v2"));
        fw.drop("held.jar", v2);
        Await.until(() -> "v2".equals(c.describe()), WAIT, "v2 live");
        assertTrue(fw.shell("live:revert held").contains("is live"));
        assertTrue(fw.shell("live:at held bar").contains("on the next bar"));
        fw.drop("held.jar", TestBundles.bundle("t.held", "1.0.1", held("STEP", "v2"))); // seq 2's bytes again
        stderr.await(WAIT, "held: seq 2 (1.0.1) held");
        String cancelled = fw.shell("live:cancel held");
        if (cancelled.contains("never lands")) {
            VersionDTO two = runtime.history("held").stream().filter(v -> v.seq == 2).findFirst().orElseThrow();
            assertTrue(two.status != VersionDTO.Status.FAILED, "seq 2 stays as it was: " + two.status + " " + two.reason);
        }
    }

    /** Found by a try-out: a new version declaring @Loop(perBeat) was left on its old rate. */
    @Test
    void aNewVersionPutsItsLoopOnTheBeat() throws Exception {
        startClock();
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", LoopTest.ticker("@Loop(rate = 50)", "v1", "count++;")));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        Await.until(() -> c.get() > 2, WAIT, "the loop to run");
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.1", LoopTest.ticker("@Loop(perBeat = 2)", "v2", "count++;")));
        Await.until(() -> runtime.loops().stream().anyMatch(l -> l.name.equals("ticker") && l.perBeat == 2), WAIT,
                "the loop on the beat, 2 steps per beat, as v2 declares");
        assertTrue(fw.shell("live:loops").contains("ticker: on the beat, 2 steps per beat"), fw.shell("live:loops"));
    }
}
