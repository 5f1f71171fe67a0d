package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import test.api.Counter;

/**
 * Shared code swapped together: two refreshables import a shared bundle; a new version of it brings both back, and
 * they swap together, state kept; a version one of them cannot come up with swaps neither, and both serve on.
 */
class GroupSwapTest extends LiveTest {
    static final String SHARED = "package t.shared; public class Shared { public static long by() { return %d; } }";
    /** A shared bundle whose by() is gone: a user of it that calls it when it activates cannot come up. */
    private static final String SHARED_BROKEN = "package t.shared; public class Shared { public static long other() { return 0; } }";

    static byte[] shared(String version, String source) {
        return TestBundles.bundle("t.shared", version, Sources.of("t.shared.Shared", source), "Export-Package: t.shared;version=1.0.0");
    }

    /** Refreshable {@code name}: next() adds Shared.by(); with {@code checkAtStart}, its activation calls it too. */
    static byte[] user(String name, boolean checkAtStart) {
        Map<String, String> sources = Sources.of("t." + name + ".User", """
                package t.%1$s;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;
                import t.shared.Shared;

                @Component(service = Counter.class, property = "which=%1$s")
                @Refreshable(name = "%1$s")
                public class User implements Counter {
                    long count;
                    @Activate void activate() { if (%2$s) Shared.by(); }
                    public synchronized long next() { count += Shared.by(); return count; }
                    public long get() { return count; }
                    public String describe() { return "%1$s"; }
                }
                """.formatted(name, checkAtStart));
        sources.put("t.shared.Shared", SHARED.formatted(1));
        return TestBundles.bundle("t." + name, "1.0.0", sources, "-compileonly: t.shared");
    }

    private Counter counter(String which) {
        return fw.awaitService(Counter.class, "(which=" + which + ")", WAIT);
    }

    @Test
    void aNewSharedBundleSwapsEveryUserTogetherWithTheirStateAndABrokenOneSwapsNone() throws Exception {
        fw.drop("shared.jar", shared("1.0.0", SHARED.formatted(1)));
        fw.drop("a.jar", user("a", false));
        fw.drop("b.jar", user("b", true));
        Counter a = counter("a");
        Counter b = counter("b");
        assertEquals(1, a.next());
        assertEquals(1, b.next());

        fw.drop("shared.jar", shared("1.0.1", SHARED.formatted(10)));
        String together = stderr.await(WAIT, "shared.jar changed: a, b swapped together");
        assertEquals(11, counter("a").next(), "a runs on the new shared code, its count kept: " + together);
        assertEquals(11, counter("b").next(), "b too");

        // b cannot come up on this one (its activation calls by()): neither swaps, both serve on with their state.
        stderr.clear();
        fw.drop("shared.jar", shared("1.0.2", SHARED_BROKEN));
        String none = stderr.await(WAIT, "shared.jar changed, and b did not come up", "none of a, b swaps");
        assertEquals(21, counter("a").next(), "a serves on at its live version (the shared code it was built with): " + none);
        assertEquals(21, counter("b").next(), "b serves on, its last instance");
        assertTrue(runtime.describe("a").heldSeq == 0, "nothing of a is left held");

        // Fixed: both take it together again.
        stderr.clear();
        fw.drop("shared.jar", shared("1.0.3", SHARED.formatted(100)));
        stderr.await(WAIT, "shared.jar changed: a, b swapped together");
        assertEquals(121, counter("a").next(), "a on the fixed shared code");
        assertEquals(121, counter("b").next(), "b too");
        assertTrue(runtime.describe("b").status != dev.doitlive.api.RefreshableDTO.Status.FAILED,
                "b's failure to come up on 1.0.2 is over once it came up with the group: " + runtime.describe("b").lastError);
    }

    @Test
    void aUserFailingOnProbationAfterTheSharedBundleChangedTakesTheWholeGroupBackWithTheirState() throws Exception {
        fw.drop("shared.jar", shared("1.0.0", SHARED.formatted(1)));
        fw.drop("a.jar", user("a", false));
        fw.drop("b.jar", user("b", false));
        assertEquals(1, counter("a").next());
        assertEquals(1, counter("b").next());

        // Both come up on it (neither calls by() when it activates), so both swap; a's first call fails on probation.
        fw.drop("shared.jar", shared("1.0.1",
                "package t.shared; public class Shared { public static long by() { throw new IllegalStateException(\"by() broke in 1.0.1\"); } }"));
        stderr.await(WAIT, "shared.jar changed: a, b swapped together");
        assertEquals(2, counter("a").next(), "a's failing call is answered by the group gone back: its count kept, by() is 1 again");
        String back = stderr.await(WAIT, "a.jar: call next() threw IllegalStateException: by() broke in 1.0.1",
                "(on probation) - reverting shared.jar and a, b together");
        stderr.await(WAIT, "shared.jar is back at what it held before its change: a, b swapped back together, state kept");
        assertEquals(2, counter("b").next(), "b went back with it, its count kept: " + back);
        assertEquals("1.0.0", fw.bundle("t.shared").getVersion().toString(), "the shared bundle holds its version before");
        assertEquals(3, counter("a").next(), "a serves on the shared code it ran before");
    }
}
