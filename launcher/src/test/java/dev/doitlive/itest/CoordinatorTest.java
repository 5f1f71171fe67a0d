package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;

import dev.doitlive.api.Coordinator;
import dev.doitlive.api.OutcomeDTO;
import test.api.Counter;

/**
 * The runtime's seam for a stage of several runtimes, on its own (no cluster): a version prepared from bytes is held,
 * not live, until it lands at a wall-clock instant, or is dropped with the live version's bytes put back; a version
 * that does not come up says why; with a {@link Coordinator} registered, a dropped jar is held and handed to it, and a
 * revert after a failure on probation lands at once and is told to it.
 */
class CoordinatorTest extends LiveTest {
    private static byte[] counter(String version, String label, long step) {
        return TestBundles.bundle("t.counter", version, Sources.plainCounter(label, step));
    }

    private static long now() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private Counter v1() {
        fw.drop("counter.jar", counter("1.0.0", "v1", 1));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        c.next();
        return c;
    }

    @Test
    void aPreparedVersionIsHeldUntilItLandsAtItsInstant() {
        Counter c = v1();
        OutcomeDTO held = runtime.prepare("counter", counter("1.0.1", "v2", 10), null, WAIT.toMillis());
        assertTrue(held.ok, held.message);
        assertEquals(2, held.liveSeq, "the held version's seq: " + held.message);
        assertEquals("v1", c.describe(), "held, not live");
        assertEquals(3, c.next(), "the live version serves on");
        assertEquals(2, runtime.describe("counter").heldSeq);
        OutcomeDTO again = runtime.prepare("counter", counter("1.0.1", "v2", 10), null, WAIT.toMillis());
        assertTrue(again.ok && again.message.contains("is held"), again.message);
        assertTrue(runtime.errors("counter").stream().noneMatch(e -> e.message.contains("prepared and held")),
                "progress is no failure: not in live:errors");

        long at = now() + 300_000_000L;
        OutcomeDTO landed = runtime.land("counter", at, " on frame 7", WAIT.toMillis());
        assertTrue(landed.ok, landed.message);
        assertTrue(landed.landedAt >= at, "landed at " + landed.landedAt + ", not before " + at);
        assertEquals("v2", c.describe());
        assertEquals(13, c.next(), "state kept: v2 goes on from v1's count");
        stderr.await(WAIT, "counter: seq 2 (1.0.1) is live on frame 7, state kept");
        OutcomeDTO live = runtime.prepare("counter", counter("1.0.1", "v2", 10), null, WAIT.toMillis());
        assertTrue(live.ok && live.message.contains("is live already"), live.message);
    }

    @Test
    void aDroppedVersionNeverLandsAndTheLiveBytesGoBack() {
        Counter c = v1();
        assertTrue(runtime.prepare("counter", counter("1.0.1", "v2", 10), null, WAIT.toMillis()).ok);
        String line = runtime.drop("counter", "node b cannot prepare it");
        assertTrue(line.contains("never lands: node b cannot prepare it"), line);
        assertTrue(runtime.errors("counter").stream().anyMatch(e -> e.seq == 2 && e.message.contains("never lands")),
                "the line is tagged with the seq it is about (the held one, not the live seq 1): " + runtime.errors("counter"));
        Await.until(() -> runtime.describe("counter").heldSeq == 0 && fw.bundle("t.counter").getVersion().toString().equals("1.0.0"),
                WAIT, "the bundle back to the live version's bytes");
        assertEquals("v1", c.describe());
        assertEquals(3, c.next(), "state kept");
        OutcomeDTO late = runtime.land("counter", now(), "", WAIT.toMillis());
        assertFalse(late.ok, "nothing is held to land: " + late.message);
    }

    @Test
    void aVersionThatDoesNotResolveSaysWhy() {
        Counter c = v1();
        byte[] unresolvable = TestBundles.bundle("t.counter", "1.0.1", Sources.plainCounter("v2", 1),
                "Import-Package: t.nowhere, *");
        OutcomeDTO o = runtime.prepare("counter", unresolvable, null, WAIT.toMillis());
        assertFalse(o.ok, o.message);
        assertTrue(o.message.contains("does not resolve") && o.message.contains("t.nowhere"), o.message);
        Await.until(() -> fw.bundle("t.counter").getVersion().toString().equals("1.0.0"), WAIT, "the live bytes back");
        assertEquals("v1", c.describe());
        assertEquals(3, c.next());
    }

    @Test
    void withACoordinatorADroppedJarWaitsForItsWord() {
        Counter c = v1();
        List<String> told = new CopyOnWriteArrayList<>();
        List<byte[]> jars = new CopyOnWriteArrayList<>();
        ServiceRegistration<Coordinator> reg = fw.context().registerService(Coordinator.class, new Coordinator() {
            @Override
            public void held(String name, byte[] jar, String reason) {
                told.add("held " + name + " " + reason);
                jars.add(jar);
            }

            @Override
            public void reverted(String name, byte[] jar, String reason) {
                told.add("reverted " + name + " " + reason);
            }
        }, null);
        try {
            fw.drop("counter.jar", counter("1.0.1", "v2", 10));
            Await.until(() -> !told.isEmpty(), WAIT, "the coordinator to hear of the new version");
            assertEquals("held counter null", told.get(0));
            assertEquals("v1", c.describe(), "held for the coordinator, not live");
            // What it was handed is what another runtime's prepare takes: this one already holds it.
            OutcomeDTO same = runtime.prepare("counter", jars.get(0), null, WAIT.toMillis());
            assertTrue(same.ok && same.message.contains("is held"), same.message);
            OutcomeDTO landed = runtime.land("counter", now(), "", WAIT.toMillis());
            assertTrue(landed.ok, landed.message);
            assertEquals("v2", c.describe());

            // A failure on probation reverts at once, and the coordinator is told.
            fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.2", Sources.counter("", "broken",
                    "long count; public long next() { throw new IllegalStateException(\"broken\"); } public long get() { return count; }")));
            Await.until(() -> told.size() >= 2, WAIT, "the broken version to be handed over");
            assertTrue(runtime.land("counter", now(), "", WAIT.toMillis()).ok);
            assertEquals("broken", c.describe());
            assertEquals(12, c.next(), "reverted by itself to v2, which answers");
            Await.until(() -> told.size() >= 3, WAIT, "the coordinator to hear of the revert");
            assertTrue(told.get(2).startsWith("reverted counter call next() threw IllegalStateException"), told.toString());
        } finally {
            reg.unregister();
        }
    }
}
