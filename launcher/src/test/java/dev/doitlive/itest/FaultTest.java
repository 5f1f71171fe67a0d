package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import dev.doitlive.api.RefreshableDTO;
import test.api.Counter;

/**
 * A fault thrown at a running runtime, and what every fault test asserts afterwards: the runtime stays up and
 * answers the shell, the last good version keeps serving with its state, and one line on standard error (also
 * in {@code live:errors}) names the file or the refreshable and the cause. Each test adds its row to the
 * {@link ReliabilityReport}.
 */
abstract class FaultTest extends LiveTest {
    /** The counter every fault test starts from: v1, counting by one, at {@value #COUNT} after three calls. */
    static final long COUNT = 3;

    /** The counter's jar: label {@code describe()}, counting by {@code step}. */
    static byte[] counterJar(String label, long step, String version) {
        return TestBundles.bundle("t.counter", version, Sources.plainCounter(label, step));
    }

    static byte[] counterJar(String version, Map<String, String> sources, String... bnd) {
        return TestBundles.bundle("t.counter", version, sources, bnd);
    }

    /** {@link #liveCounter()}, then v2 and v3 (1.0.1, 1.0.2) live over it: a history of three versions. */
    Counter threeVersions() {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("v2", 1, "1.0.1"));
        RefreshTest.awaitDescribe(c, "v2");
        fw.drop("counter.jar", counterJar("v3", 1, "1.0.2"));
        RefreshTest.awaitDescribe(c, "v3");
        return c;
    }

    /** Drops counter.jar v1 and counts to {@value #COUNT}: the last good version of the tests. */
    Counter liveCounter() {
        fw.drop("counter.jar", counterJar("v1", 1, "1.0.0"));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        for (int i = 0; i < COUNT; i++) {
            c.next();
        }
        return c;
    }

    /**
     * The runtime is up and answers: the shell lists the refreshable, the proxy serves {@code label} and counts on
     * from {@code count} (the state is there).
     */
    void assertServes(Counter c, String label, long count) {
        String list = fw.shell("live:list");
        assertTrue(list.contains("counter"), "the shell answers and lists the counter:\n" + list);
        assertEquals(label, c.describe(), "the last good version serves");
        assertEquals(count + 1, c.next(), "with its state");
    }

    /** Waits until the counter's live version is settled on {@code seq}: not updating, not being restored. */
    void awaitSettled(long seq) {
        Await.until(() -> {
            RefreshableDTO d = runtime.describe("counter");
            return d.liveSeq == seq && d.status != RefreshableDTO.Status.UPDATING
                    && fw.bundle("t.counter") != null && fw.bundle("t.counter").getState() == org.osgi.framework.Bundle.ACTIVE;
        }, WAIT, () -> "counter to settle on seq " + seq + ": " + runtime.describe("counter").status);
    }

    /**
     * Waits for the runtime's line holding every fragment and checks that the user sees it once, also in
     * {@code live:errors}.
     */
    String seen(String... fragments) {
        String line = stderr.await(WAIT, fragments);
        Await.until(() -> fw.shell("live:errors --brief").contains(line), WAIT,
                () -> "live:errors to show: " + line + "\n" + fw.shell("live:errors --brief"));
        return line;
    }

    /**
     * Waits for the line of an automatic revert, holding every fragment, and checks that {@code live:errors} shows the
     * failing call with its {@code cause}: the terminal gets the decision, live:errors the call that failed.
     */
    String seenRevert(String cause, String... fragments) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of(cause), java.util.Arrays.stream(fragments))
                .toArray(String[]::new);
        String line = stderr.await(WAIT, all);
        Await.until(() -> fw.shell("live:errors --brief").contains(cause), WAIT,
                () -> "live:errors to show the failed call: " + cause + "\n" + fw.shell("live:errors --brief"));
        return line;
    }

    /** The line was printed once, not repeated scan after scan. */
    void assertOnce(String line) {
        long n = stderr.runtimeLines().stream().filter(line::equals).count();
        assertEquals(1, n, "printed once: " + line);
    }

    static void report(String id, String kind, String did, String line) {
        ReliabilityReport.fault(id, kind, did, line);
    }
}
