package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;
import test.api.Counter;

/**
 * Faults of a new version's code and metadata: it does not resolve, its class cannot be loaded or is not what the
 * component says, it throws while coming up, its hooks throw, its state cannot be carried, its first calls fail.
 */
class CodeFaultsTest extends FaultTest {

    private static Map<String, String> counter(String members) {
        return Sources.counter("", "v2", members);
    }

    /** A v2 whose next() and get() work, plus {@code extra} members. */
    private static Map<String, String> working(String extra) {
        return counter("""
                long count;
                public long next() { return ++count; }
                public long get() { return count; }
                """ + extra);
    }

    /** Drops a broken v2 over the live v1; returns the line the user sees once v1 is back in the bundle. */
    private String breaks(byte[] v2, String... fragments) {
        fw.drop("counter.jar", v2);
        String line = seen(fragments);
        awaitSettled(1);
        assertTrue(line.contains("stays at seq 1") || line.contains("reverting counter to seq 1"), "says what is live: " + line);
        return line;
    }

    private void assertFailedInHistory() {
        assertTrue(runtime.history("counter").stream().anyMatch(v -> v.seq == 2 && v.status == VersionDTO.Status.FAILED),
                () -> "v2 recorded as failed: " + runtime.history("counter"));
    }

    @Test
    void aMissingImport() {
        Counter c = liveCounter();
        String line = breaks(counterJar("1.0.1", working(""), "Import-Package: nobody.exports.this, *"),
                "counter.jar", "does not resolve", "nobody.exports.this");
        assertServes(c, "v1", COUNT);
        report("F09", "a missing import", "the new revision does not resolve; the runtime puts the live version's bytes back"
                + " into the bundle and a fresh instance takes the state", line);
    }

    @Test
    void aJavaVersionTheRuntimeDoesNotHave() {
        Counter c = liveCounter();
        String line = breaks(counterJar("1.0.1", working(""), "Require-Capability: osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version>=99))\""),
                "counter.jar", "does not resolve", "osgi.ee");
        assertServes(c, "v1", COUNT);
        report("F10", "a bundle that requires a newer Java (`osgi.ee` 99)", "does not resolve; live version restored", line);
    }

    @Test
    void aClassCompiledForANewerJava() {
        Counter c = liveCounter();
        byte[] v2 = Jars.replace(counterJar("1.0.1", working("")), "t/counter/CounterImpl.class", b -> {
            byte[] patched = b.clone();
            patched[6] = 0;
            patched[7] = 99; // class file major version 99: a Java far newer than this one
            return patched;
        });
        String line = breaks(v2, "counter.jar", "did not activate", "class file version 99");
        assertServes(c, "v1", COUNT);
        assertFailedInHistory();
        report("F11", "a class compiled for a newer Java (class file version 99)", "the component cannot load its class; the"
                + " version is recorded as failed and the live one restored", line);
    }

    @Test
    void theRefreshableClassIsNotInTheJar() {
        Counter c = liveCounter();
        String line = breaks(Jars.without(counterJar("1.0.1", working("")), "t/counter/CounterImpl.class"),
                "counter.jar", "did not activate", "CounterImpl");
        assertServes(c, "v1", COUNT);
        report("F12", "the component's class is missing from the jar", "the component does not activate; live version restored", line);
    }

    @Test
    void theClassDoesNotImplementItsServiceInterface() {
        Counter c = liveCounter();
        // The component description still says test.api.Counter; the class in the jar is another one of that name.
        byte[] other = TestBundles.bundle("t.counter", "1.0.1", Sources.of("t.counter.CounterImpl", """
                package t.counter;
                import org.osgi.service.component.annotations.*;
                import test.api.Holder;
                @Component(service = Holder.class)
                public class CounterImpl implements Holder { public String describe() { return "not a counter"; } }
                """));
        byte[] v2 = Jars.replace(counterJar("1.0.1", working("")), "t/counter/CounterImpl.class",
                b -> Jars.entry(other, "t/counter/CounterImpl.class"));
        String line = breaks(v2, "counter.jar", "test.api.Counter");
        assertServes(c, "v1", COUNT);
        report("F13", "the class does not implement the service interface its component declares", "no instance of the"
                + " interface comes up; live version restored", line);
    }

    @Test
    void theConstructorThrows() {
        Counter c = liveCounter();
        String line = breaks(counterJar("1.0.1", working("public CounterImpl() { throw new IllegalStateException(\"constructor says no\"); }")),
                "counter.jar", "did not activate", "constructor says no");
        assertServes(c, "v1", COUNT);
        assertFailedInHistory();
        report("F14", "the constructor throws", "never live: recorded as failed, live version restored", line);
    }

    @Test
    void theStaticInitializerThrows() {
        Counter c = liveCounter();
        String line = breaks(counterJar("1.0.1", working("static { if (true) throw new IllegalStateException(\"static says no\"); }")),
                "counter.jar", "did not activate", "static says no");
        assertServes(c, "v1", COUNT);
        report("F15", "the static initializer throws", "never live: recorded as failed, live version restored", line);
    }

    @Test
    void theActivateMethodThrows() {
        Counter c = liveCounter();
        String line = breaks(counterJar("1.0.1", working("@Activate void activate() { throw new IllegalStateException(\"activate says no\"); }")),
                "counter.jar", "did not activate", "activate says no");
        assertServes(c, "v1", COUNT);
        report("F16", "the `@Activate` method throws", "never live: recorded as failed, live version restored", line);
    }

    @Test
    void preRefreshThrows() {
        fw.drop("counter.jar", counterJar("1.0.0", Sources.counter("", "v1", """
                long count;
                public long next() { return ++count; }
                public long get() { return count; }
                public void preRefresh() { throw new IllegalStateException("pre says no"); }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        for (int i = 0; i < COUNT; i++) {
            c.next();
        }
        fw.drop("counter.jar", counterJar("1.0.1", working("")));
        String line = seen("counter", "preRefresh() threw", "pre says no");
        RefreshTest.awaitDescribe(c, "v2");
        assertServes(c, "v2", COUNT);
        report("F17", "`preRefresh` throws (old version)", "said, and the refresh goes on: the hook is the old version's"
                + " last word, not a reason to keep it", line);
    }

    @Test
    void postRefreshThrows() {
        Counter c = liveCounter();
        String line = breaks(counterJar("1.0.1", working("public void postRefresh() { throw new IllegalStateException(\"post says no\"); }")),
                "counter.jar", "postRefresh() threw", "post says no");
        assertServes(c, "v1", COUNT);
        assertFailedInHistory();
        report("F18", "`postRefresh` throws (new version)", "the swap is undone before any call reaches v2: the gate reopens"
                + " on v1, recorded as failed", line);
    }

    @Test
    void migrateThrows() {
        Counter c = liveCounter();
        String line = breaks(counterJar("1.0.1", working("public void migrate(OldState old) { throw new IllegalStateException(\"migrate says no\"); }")),
                "counter.jar", "migrate", "migrate says no");
        assertServes(c, "v1", COUNT);
        report("F19", "`migrate(OldState)` throws", "the transfer fails; v1 stays live with its state", line);
    }

    @Test
    void aFieldTypeChangeWithoutAutoNone() {
        Counter c = liveCounter();
        String line = breaks(counterJar("1.0.1", counter("""
                StringBuilder count = new StringBuilder();
                public long next() { count.append('x'); return count.length(); }
                public long get() { return count.length(); }
                """)), "counter.jar", "field 'count'", "StringBuilder");
        assertServes(c, "v1", COUNT);
        report("F20", "a field type change without AUTO_NONE (`long count` -> `StringBuilder count`)", "the transfer refuses"
                + " the field and names both types; v1 stays live", line);
    }

    @Test
    void theFirstCallsThrow() {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("1.0.1", counter("""
                long count;
                public long next() { throw new IllegalStateException("v2 cannot count"); }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(COUNT + 1, c.next(), "the failing call is answered by the reverted version");
        String line = seenRevert("v2 cannot count", "counter.jar", "on probation", "reverting counter to seq 1");
        awaitSettled(1);
        assertServes(c, "v1", COUNT + 1);
        assertFailedInHistory();
        report("F21", "the new version's calls throw (on probation)", "reverted on the first failing call, which is retried"
                + " on v1: the caller gets an answer", line);
    }

    @Test
    void aCallToSystemExitOrRuntimeHalt() {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("1.0.1", counter("""
                long count;
                public long next() { System.exit(3); return ++count; }
                public long get() { Runtime.getRuntime().halt(4); return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(COUNT + 1, c.next(), "the call is answered by the reverted version; the JVM is still here");
        String line = seenRevert("System.exit(3) refused", "counter.jar", "reverting counter to seq 1");
        awaitSettled(1);
        assertServes(c, "v1", COUNT + 1);
        assertFailedInHistory();
        // The same by halt, in a version without probation whose failures reach the caller: the call fails, the
        // runtime and its shell go on.
        fw.drop("counter.jar", counterJar("1.0.2", Sources.counter("probationCalls = 0, probationMillis = 0, onError = ErrorPolicy.PROPAGATE",
                "v3", """
                long count;
                public long next() { return ++count; }
                public long get() { Runtime.getRuntime().halt(4); return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v3");
        Exception e = assertThrows(Exception.class, c::get);
        assertTrue(String.valueOf(e.getMessage()).contains("Runtime.halt(4) refused"), String.valueOf(e));
        assertTrue(fw.shell("live:list").contains("counter"), "the shell answers");
        assertEquals("v3", c.describe(), "v3 stays live: its failures are its callers' business");
        report("F39", "a call to `System.exit` or `Runtime.halt` (the JVM would stop)", "the runtime rewrites those calls in a"
                + " refreshable's classes as they load: the call throws instead, so it fails like any other (reverted on"
                + " probation, the call retried on v1); the JVM and the show go on", line);
    }

    @Test
    void theLastCallOfAProbationThatFailsIsOnProbation() {
        // probationCalls = 1: the first call is the probation's; failing, it reverts (the README: on probation until it
        // has served that many calls), though it was counted as a call before its failure was handled.
        Counter c = liveCounter();
        long before = c.get();
        fw.drop("counter.jar", counterJar("1.0.1", Sources.counter("probationCalls = 1, probationMillis = 0, onError = ErrorPolicy.PROPAGATE",
                "v2", """
                long count;
                public long next() { throw new IllegalStateException("v2 breaks"); }
                public long get() { return count; }
                """)));
        Await.until(() -> runtime.describe("counter").liveSeq == 2, WAIT, "v2 live");
        assertEquals(before + 1, c.next(), "the failing first call is retried on v1");
        seenRevert("v2 breaks", "counter.jar", "reverting counter to seq 1");
    }

    @Test
    void aStackOverflowInACall() {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("1.0.1", counter("""
                long count;
                public long next() { return deep(0); }
                private long deep(long n) { return deep(n + 1) + 1; }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(COUNT + 1, c.next(), "the overflowing call is answered by the reverted version");
        String line = seenRevert("StackOverflowError", "counter.jar", "reverting counter to seq 1");
        awaitSettled(1);
        assertServes(c, "v1", COUNT + 1);
        report("F22", "a call that overflows the stack (StackOverflowError) on probation", "an Error is a failure like any"
                + " other: reverted, the call retried on v1", line);
    }

    @Test
    void aBundleActivatorThatThrows() {
        Counter c = liveCounter();
        Map<String, String> sources = new java.util.LinkedHashMap<>(working(""));
        sources.put("t.counter.Boot", """
                package t.counter;
                public class Boot implements org.osgi.framework.BundleActivator {
                    public void start(org.osgi.framework.BundleContext c) { throw new IllegalStateException("activator says no"); }
                    public void stop(org.osgi.framework.BundleContext c) { }
                }
                """);
        String line = breaks(counterJar("1.0.1", sources, "Bundle-Activator: t.counter.Boot"),
                "counter.jar", "does not start", "activator says no");
        assertServes(c, "v1", COUNT);
        // Not stuck updating. Awaited, not sampled: in one clean-clone CI run the restored version's service went once
        // more right after the status had settled (its cause not found), and came back; the state must survive that too.
        Await.until(() -> runtime.describe("counter").status != RefreshableDTO.Status.UPDATING, WAIT, "counter not left updating");
        assertServes(c, "v1", COUNT + 1);
        report("F23", "the bundle's `BundleActivator` throws", "the bundle does not start; live version restored", line);
    }

    @Test
    void aBrokenVersionAfterAManualRevert() {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("v2", 1, "1.0.1"));
        RefreshTest.awaitDescribe(c, "v2");
        assertTrue(runtime.revert("counter", 1, WAIT.toMillis()).ok, "the user goes back from v2 to v1");
        fw.drop("counter.jar", counterJar("1.0.2", Sources.counter("", "v3", """
                long count;
                public long next() { throw new IllegalStateException("v3 cannot count"); }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v3");
        assertEquals(COUNT + 1, c.next(), "answered by the version reverted to");
        String line = seenRevert("v3 cannot count", "counter.jar", "reverting counter to seq 1");
        awaitSettled(1);
        assertServes(c, "v1", COUNT + 1);
        report("F38", "a broken version dropped after a manual revert (v1, v2, revert to v1, v3 throws)", "the automatic revert"
                + " goes back to the version live before the failing one (v1), not to the newest older one (v2, which the"
                + " user had reverted away from)", line);
    }
}
