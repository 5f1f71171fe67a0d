package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.RefreshableDTO;
import test.api.Counter;

/**
 * Several instances of one refreshable, one per factory configuration ({@code t.counter-a.cfg} is instance
 * {@code counter~a}): each has its own state, proxy and history; a new version of their bundle migrates every
 * instance's own state; deleting one configuration ends that instance only.
 */
class InstancesTest extends FaultTest {

    private static byte[] counter(String version, String label) {
        return counterJar(version, Sources.of("t.counter.CounterImpl", """
                package t.counter;
                import java.util.Map;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;

                @Component(service = Counter.class, configurationPid = "t.counter", configurationPolicy = ConfigurationPolicy.REQUIRE)
                @Refreshable(name = "counter")
                public class CounterImpl implements Counter {
                    long count;
                    long step;
                    @Activate void activate(Map<String, Object> config) { step = Long.parseLong(String.valueOf(config.get("step"))); }
                    public synchronized long next() { count += step; return count; }
                    public synchronized long get() { return count; }
                    public String describe() { return "%s"; }
                }
                """.formatted(label)));
    }

    private Counter instance(String suffix) {
        return fw.awaitService(Counter.class, "(doitlive.name=counter~" + suffix + ")", WAIT);
    }

    @Test
    void everyInstanceKeepsItsOwnState() {
        fw.save("t.counter-a.cfg", "step = 1\n");
        fw.save("t.counter-b.cfg", "step = 10\n");
        fw.drop("counter.jar", counter("1.0.0", "v1"));
        Counter a = instance("a");
        Counter b = instance("b");
        a.next();
        a.next();
        b.next();
        assertEquals(2, a.get());
        assertEquals(10, b.get());

        // A new version of their bundle: each instance carries its own state into its own new instance.
        fw.drop("counter.jar", counter("1.0.1", "v2"));
        RefreshTest.awaitDescribe(a, "v2");
        RefreshTest.awaitDescribe(b, "v2");
        assertEquals(3, a.next());
        assertEquals(20, b.next());
        assertEquals(2, runtime.describe("counter~a").liveSeq);
        assertEquals(2, runtime.describe("counter~b").liveSeq);
        assertEquals(2, runtime.history("counter~a").size(), "a history of its own");

        // A revert of one instance brings its bundle back to v1: both instances are on v1, each with its state.
        assertTrue(runtime.revert("counter~a", -1, WAIT.toMillis()).ok);
        RefreshTest.awaitDescribe(a, "v1");
        RefreshTest.awaitDescribe(b, "v1");
        assertEquals(4, a.next());
        assertEquals(30, b.next());

        // Deleting one configuration ends that instance: its callers keep the last instance, the other goes on.
        fw.remove("t.counter-b.cfg");
        String line = stderr.await(WAIT, "counter~b", "t.counter-b.cfg", "detached");
        Await.until(() -> runtime.describe("counter~b").status == RefreshableDTO.Status.DETACHED, WAIT,
                () -> "counter~b detached: " + runtime.describe("counter~b").status);
        assertEquals(40, b.next(), "the callers that hold it keep being served");
        assertEquals(5, a.next());
        assertNotEquals(RefreshableDTO.Status.DETACHED, runtime.describe("counter~a").status);
        report("F44", "one of several instances (factory configurations) has its configuration deleted", "that instance is"
                + " detached: its callers keep its last instance; the other instances go on; a new version of their bundle had"
                + " migrated every instance's own state", line);
    }
}
