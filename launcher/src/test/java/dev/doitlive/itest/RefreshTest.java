package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;
import test.api.Counter;
import test.api.Holder;

/** The life of a refresh on a real Felix with real FileInstall watching a temporary folder. */
class RefreshTest extends LiveTest {

    private void drop(Map<String, String> sources, String version) {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", version, sources));
    }

    private Counter counter() {
        return fw.awaitService(Counter.class, null, WAIT);
    }

    static void awaitDescribe(Counter c, String expected) {
        Await.until(() -> expected.equals(c.describe()), WAIT, "describe() = " + expected);
    }

    /** v1 (counting by 1) live and called once: its count is 1. */
    private Counter v1CalledOnce() {
        drop(Sources.plainCounter("v1", 1), "1.0.0");
        Counter c = counter();
        c.next();
        return c;
    }

    /** A version whose next() throws "LABEL cannot count" (its first call fails, on probation), live. */
    private void dropFailing(Counter c, String label, String version) {
        drop(Sources.counter("", label, """
                long count;
                public long next() { throw new IllegalStateException("%s cannot count"); }
                public long get() { return count; }
                """.formatted(label)), version);
        awaitDescribe(c, label);
    }

    @Test
    void newVersionKeepsTheState() {
        drop(Sources.plainCounter("v1", 1), "1.0.0");
        Counter c = counter();
        assertTrue(c.getClass().getName().startsWith("dev.doitlive.generated."), "callers get the proxy, not " + c.getClass());
        for (int i = 0; i < 5; i++) {
            c.next();
        }
        drop(Sources.plainCounter("v2", 10), "1.0.1");
        awaitDescribe(c, "v2");
        assertEquals(5, c.get(), "count carried across");
        assertEquals(15, c.next(), "v2 code runs on the v1 state");
        RefreshableDTO d = runtime.describe("counter");
        assertEquals(2, d.liveSeq);
        assertEquals("1.0.1", d.liveBundleVersion);
        assertEquals(1, d.historyDepth);
    }

    @Test
    void defaultsFillANewField() {
        drop(Sources.counter("", "v1", """
                long count = 3;
                public long next() { return ++count; }
                public long get() { return count; }
                """), "1.0.0");
        Counter c = counter();
        c.next();
        drop(Sources.counter("", "v2", """
                long count;
                @Default long step = 100;
                public long next() { count += step; return count; }
                public long get() { return count; }
                """), "1.0.1");
        awaitDescribe(c, "v2");
        assertEquals(104, c.next(), "count kept (4) and the new @Default field took its initializer (100)");
    }

    @Test
    void staticsMarkedStaticKeepTheirValue() {
        String members = """
                @Static static long kept = %d;
                static long fresh = %d;
                public long next() { kept++; fresh++; return kept; }
                public long get() { return kept * 1000 + fresh; }
                """;
        drop(Sources.counter("", "v1", members.formatted(0, 0)), "1.0.0");
        Counter c = counter();
        c.next();
        c.next();
        drop(Sources.counter("", "v2", members.formatted(500, 500)), "1.0.1");
        awaitDescribe(c, "v2");
        assertEquals(2 * 1000 + 500, c.get(), "@Static kept 2; the other static came from the new class");
    }

    @Test
    void aChangedFieldTypeFailsWithoutAutoNoneAndBecomesNullWithIt() {
        drop(Sources.counter("", "v1", """
                long count = 7;
                Object label = "seven";
                public long next() { return ++count; }
                public long get() { return count; }
                """), "1.0.0");
        Counter c = counter();
        String changed = """
                long count;
                StringBuilder label = new StringBuilder("init");
                public long next() { return ++count; }
                public long get() { return label == null ? -count : count; }
                """;
        drop(Sources.counter("", "v2", changed), "1.0.1");
        Await.until(() -> runtime.describe("counter").status == RefreshableDTO.Status.FAILED, WAIT, "refresh to fail");
        String failure = runtime.describe("counter").lastError;
        assertTrue(failure.contains("counter.jar") && failure.contains("'label'") && failure.contains("java.lang.String")
                && failure.contains("java.lang.StringBuilder"), failure);
        assertEquals("v1", c.describe(), "the previous version stays live");
        assertEquals(8, c.next(), "with its state");

        drop(Sources.counter("autoNone = true", "v3", changed), "1.0.2");
        awaitDescribe(c, "v3");
        assertEquals(-8, c.get(), "AUTO_NONE: label became null, count kept");
    }

    @Test
    void nestedOwnObjectsAndACycleAreMigrated() {
        String node = """
                package t.counter;
                public class Node { public long value; public Node next; public String tag = "%s"; }
                """;
        String members = """
                Node a, b; List<Node> all = new ArrayList<>();
                { a = new Node(); b = new Node(); a.next = b; b.next = a; all.add(a); all.add(b); }
                public long next() { a.value++; return a.value; }
                public long get() {
                    boolean ok = a.next == b && b.next == a && all.get(0) == a && all.get(1) == b && a.tag.equals("%s");
                    return ok ? a.value : -1;
                }
                """;
        Map<String, String> v1 = Sources.counter("", "v1", members.formatted("one"));
        v1.put("t.counter.Node", node.formatted("one"));
        drop(v1, "1.0.0");
        Counter c = counter();
        c.next();
        c.next();
        Map<String, String> v2 = Sources.counter("", "v2", members.formatted("one"));
        v2.put("t.counter.Node", node.formatted("two"));
        drop(v2, "1.0.1");
        awaitDescribe(c, "v2");
        assertEquals(2, c.get(), "identity and the cycle kept; the old tag value carried");
        assertEquals(3, c.next());
    }

    @Test
    void aDeclarativeServicesConsumerStaysBoundAndReachesTheNewVersion() {
        drop(Sources.plainCounter("v1", 1), "1.0.0");
        fw.drop("user.jar", TestBundles.bundle("t.user", "1.0.0", Sources.of("t.user.User", """
                package t.user;
                import org.osgi.service.component.annotations.*;
                import test.api.*;
                @Component(service = Holder.class, immediate = true)
                public class User implements Holder {
                    static int activations;
                    @Reference Counter counter;
                    @Activate void activate() { activations++; }
                    public String describe() {
                        return counter.describe() + " via " + counter.getClass().getName().startsWith("dev.doitlive.generated.")
                            + " activations " + activations;
                    }
                }
                """)));
        Holder user = fw.awaitService(Holder.class, null, WAIT);
        assertEquals("v1 via true activations 1", user.describe());
        drop(Sources.plainCounter("v2", 1), "1.0.1");
        Await.until(() -> user.describe().startsWith("v2"), WAIT, "the consumer to reach v2");
        assertEquals("v2 via true activations 1", user.describe(), "never reactivated, still bound to the proxy");
    }

    @Test
    void aConstructorThatThrowsIsReverted() {
        drop(Sources.plainCounter("v1", 1), "1.0.0");
        Counter c = counter();
        c.next();
        drop(Sources.counter("", "v2", """
                long count;
                public CounterImpl() { throw new IllegalStateException("constructor says no"); }
                public long next() { return ++count; }
                public long get() { return count; }
                """), "1.0.1");
        Await.until(() -> runtime.describe("counter").status == RefreshableDTO.Status.FAILED, WAIT, "the failure");
        Await.until(() -> runtime.describe("counter").status == RefreshableDTO.Status.FAILED
                && fw.bundle("t.counter").getVersion().toString().equals("1.0.0"), WAIT, "v1 restored into the bundle");
        String line = runtime.describe("counter").lastError;
        assertTrue(line.startsWith("counter.jar: ") && line.contains("constructor says no") && line.contains("seq 1"), line);
        assertEquals("v1", c.describe());
        assertEquals(2, c.next(), "state kept");
        assertTrue(runtime.history("counter").stream().anyMatch(v -> v.status == VersionDTO.Status.FAILED), "recorded as failed");
    }

    @Test
    void aPostRefreshThatThrowsIsReverted() {
        drop(Sources.plainCounter("v1", 1), "1.0.0");
        Counter c = counter();
        c.next();
        drop(Sources.counter("", "v2", """
                long count;
                public long next() { return ++count; }
                public long get() { return count; }
                public void postRefresh() { throw new IllegalStateException("post says no at " + count); }
                """), "1.0.1");
        Await.until(() -> runtime.describe("counter").status == RefreshableDTO.Status.FAILED, WAIT, "the failure");
        String line = runtime.describe("counter").lastError;
        assertTrue(line.contains("postRefresh() threw IllegalStateException: post says no at 1"), line);
        assertEquals("v1", c.describe());
        assertEquals(2, c.next());
    }

    @Test
    void anExceptionOnProbationRevertsAndTheCallIsStillAnswered() {
        Counter c = v1CalledOnce();
        dropFailing(c, "v2", "1.0.1");
        assertEquals(2, c.next(), "the failing call was retried on the reverted version");
        assertEquals("v1", c.describe());
        VersionDTO failed = runtime.history("counter").stream().filter(v -> v.seq == 2).findFirst().orElseThrow();
        assertEquals(VersionDTO.Status.FAILED, failed.status);
        assertTrue(failed.reason.contains("v2 cannot count"), failed.reason);
    }

    /**
     * Swap-back: a version failing on probation gives way to the very instance it replaced, kept ready through the
     * probation; the failing call's retry is served by it (not by an instance made after the bundle was restored), and
     * the bundle is restored behind it without a word.
     */
    @Test
    void aVersionFailingOnProbationGivesWayAtOnceToTheInstanceItReplaced() {
        // me: each instance its own (transient, never carried); servedBy: who served the last next() (carried).
        drop(Sources.of("t.counter.CounterImpl", """
                package t.counter;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;
                @Component(service = Counter.class)
                @Refreshable(name = "counter")
                public class CounterImpl implements Counter {
                    long count;
                    String servedBy;
                    private final transient String me = java.util.UUID.randomUUID().toString();
                    public synchronized long next() { servedBy = me; return ++count; }
                    public synchronized long get() { return count; }
                    public String describe() { return "v1 " + me + " " + servedBy; }
                }
                """), "1.0.0");
        Counter c = counter();
        assertEquals(1, c.next());
        String kept = c.describe().split(" ")[1];
        drop(Sources.counter("", "v2", """
                long count;
                String servedBy;
                public long next() { throw new IllegalStateException("v2 cannot count"); }
                public long get() { return count; }
                """), "1.0.1");
        awaitDescribe(c, "v2");
        assertEquals(2, c.next(), "the failing call is retried on the version before, with the state");
        stderr.await(WAIT, "counter.jar: call next() threw IllegalStateException: v2 cannot count (on probation) - reverting counter to seq 1 (1.0.0)");
        stderr.await(WAIT, "counter: seq 1 (1.0.0) is live again, state kept (2 fields)");
        // The bundle gets v1's bytes back behind it: a fresh instance of them then serves, the state carried.
        Await.until(() -> !c.describe().startsWith("v1 " + kept), WAIT, "the bundle restored to v1 behind the kept instance");
        String[] now = c.describe().split(" ");
        assertEquals("v1", now[0]);
        assertEquals(kept, now[2], "the retry was served by the instance v2 had replaced, kept ready");
        assertEquals(3, c.next(), "the state carried into the restored bundle's instance");
        RefreshableDTO d = runtime.describe("counter");
        assertEquals("1.0.0", d.liveBundleVersion);
        assertEquals(1, d.liveSeq);
        Await.until(() -> runtime.describe("counter").status != RefreshableDTO.Status.UPDATING, WAIT, "not updating");
        assertNotEquals(RefreshableDTO.Status.DETACHED, runtime.describe("counter").status);
        VersionDTO failed = runtime.history("counter").stream().filter(v -> v.seq == 2).findFirst().orElseThrow();
        assertEquals(VersionDTO.Status.FAILED, failed.status);
        assertNull(stderr.find("reloaded"), "the restore behind it is not a reload to speak of");
        assertNull(stderr.find("restored into"), "nor a restore after a failure");
    }

    /**
     * A version that comes while the bundle is to be restored behind a swap-back (a file saved right after a failing
     * one, a revert) wins: the restore does not put the reverted version's bytes over it.
     */
    @Test
    void aVersionThatComesRightAfterASwapBackIsNotOverwrittenByTheRestoreBehindIt() throws Exception {
        Counter c = v1CalledOnce();
        dropFailing(c, "v2", "1.0.1");
        org.osgi.framework.Bundle bundle = fw.bundle("t.counter");
        byte[] v3 = TestBundles.bundle("t.counter", "1.0.2", Sources.plainCounter("v3", 100));
        // While the swap-back holds the gate, v3 goes into the bundle (as a file saved at that moment would): by the
        // time the restore behind it would start, the bundle is another revision.
        java.util.concurrent.atomic.AtomicReference<Thread> updater = new java.util.concurrent.atomic.AtomicReference<>();
        fw.context().registerService(dev.doitlive.api.SwapListener.class, e -> {
            if (e.failed() && updater.get() == null) {
                Object before = bundle.adapt(org.osgi.framework.wiring.BundleRevision.class);
                Thread t = new Thread(() -> {
                    try {
                        bundle.update(new java.io.ByteArrayInputStream(v3));
                    } catch (Exception x) {
                        throw new IllegalStateException(x);
                    }
                });
                updater.set(t);
                t.start();
                Await.until(() -> bundle.adapt(org.osgi.framework.wiring.BundleRevision.class) != before, WAIT, "v3 in the bundle");
            }
        }, null);
        assertEquals(2, c.next(), "the failing call answered by v1, at once");
        updater.get().join(WAIT.toMillis());
        awaitDescribe(c, "v3");
        assertEquals(102, c.next(), "v3 live, with the state");
        // Nothing puts v1 back over it: a swap more would; v3 must serve for good.
        Await.until(() -> runtime.describe("counter").status != RefreshableDTO.Status.UPDATING, WAIT, "settled");
        Thread.sleep(500); // a restore behind the swap-back would have come by now (it takes some 40 ms); none may
        assertEquals("v3", c.describe(), "v3 still live: the restore behind the swap-back did not overwrite it");
        assertEquals("1.0.2", runtime.describe("counter").liveBundleVersion);
    }

    /** A revert asked for right after a swap-back answers for itself, not with the restore behind the swap-back. */
    @Test
    void aRevertRightAfterASwapBackAnswersForItself() {
        Counter c = v1CalledOnce();
        drop(Sources.plainCounter("v2", 10), "1.0.1");
        awaitDescribe(c, "v2");
        dropFailing(c, "v3", "1.0.2");
        assertEquals(11, c.next(), "answered by v2, swapped back to at once");
        dev.doitlive.api.OutcomeDTO o = runtime.revert("counter", -1, WAIT.toMillis());
        assertTrue(o.ok, o.message);
        assertEquals(1, o.liveSeq, o.message);
        assertTrue(o.message.contains("seq 1 (1.0.0) is live"), o.message);
        assertEquals("v1", c.describe());
        assertEquals(12, c.next(), "the state carried through the swap-back and the revert");
    }

    /** A file deleted while the swap-back holds the gate: the deletion is said, not a failed restore of its bundle. */
    @Test
    void aFileDeletedRightAfterASwapBackIsDetachedWithoutAFailedRestore() throws Exception {
        Counter c = v1CalledOnce();
        dropFailing(c, "v2", "1.0.1");
        org.osgi.framework.Bundle bundle = fw.bundle("t.counter");
        java.util.concurrent.atomic.AtomicBoolean deleted = new java.util.concurrent.atomic.AtomicBoolean();
        fw.context().registerService(dev.doitlive.api.SwapListener.class, e -> {
            if (e.failed() && !deleted.getAndSet(true)) {
                try {
                    java.nio.file.Files.delete(fw.watched().resolve("counter.jar"));
                } catch (java.io.IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
                Await.until(() -> bundle.getState() == org.osgi.framework.Bundle.UNINSTALLED, WAIT, "FileInstall uninstalls it");
            }
        }, null);
        assertEquals(2, c.next(), "the failing call answered by v1");
        stderr.await(WAIT, "counter.jar: deleted from the watched folder");
        assertEquals(3, c.next(), "v1's last instance serves on, detached");
        assertEquals(RefreshableDTO.Status.DETACHED, runtime.describe("counter").status);
        assertNull(stderr.find("could not restore"), "no failed restore said: " + stderr.runtimeLines());
    }

    @Test
    void aMissingImportLeavesThePreviousVersionLive() {
        drop(Sources.plainCounter("v1", 1), "1.0.0");
        Counter c = counter();
        c.next();
        drop(Sources.plainCounter("v2", 1), "1.0.1");
        awaitDescribe(c, "v2");
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.2", Sources.plainCounter("v3", 1),
                "Import-Package: nobody.exports.this, *"));
        Await.until(() -> runtime.describe("counter").status == RefreshableDTO.Status.FAILED, WAIT, "the failure");
        String line = runtime.describe("counter").lastError;
        assertTrue(line.startsWith("counter.jar: does not resolve: it imports package nobody.exports.this, which no bundle exports")
                && line.contains("seq 2"), line);
        assertFalse(line.contains("osgi.wiring.package"), "in a performer's words, not the resolver's: " + line);
        assertEquals("v2", c.describe());
        assertEquals(2, c.next(), "state kept");
        Await.until(() -> fw.bundle("t.counter").getVersion().toString().equals("1.0.1"), WAIT, "v2 restored into the bundle");
    }

    @Test
    void aStaticInitializerThatThrowsIsReverted() {
        drop(Sources.plainCounter("v1", 1), "1.0.0");
        Counter c = counter();
        c.next();
        drop(Sources.counter("", "v2", """
                static final long START;
                static { if (true) throw new IllegalStateException("static says no"); START = 0; }
                long count;
                public long next() { return ++count; }
                public long get() { return count; }
                """), "1.0.1");
        Await.until(() -> runtime.describe("counter").status == RefreshableDTO.Status.FAILED, WAIT, "the failure");
        assertTrue(runtime.describe("counter").lastError.contains("static says no"), runtime.describe("counter").lastError);
        assertEquals("v1", c.describe());
        assertEquals(2, c.next());
    }

    @Test
    void aPreRefreshThatThrowsIsReportedAndTheRefreshGoesOn() {
        drop(Sources.counter("", "v1", """
                long count;
                public long next() { return ++count; }
                public long get() { return count; }
                public void preRefresh() { throw new IllegalStateException("pre says no"); }
                """), "1.0.0");
        Counter c = counter();
        c.next();
        drop(Sources.plainCounter("v2", 1), "1.0.1");
        awaitDescribe(c, "v2");
        assertEquals(2, c.next());
        assertTrue(runtime.errors("counter").stream().anyMatch(e -> e.message.contains("preRefresh() threw IllegalStateException: pre says no")));
    }

    @Test
    void afterProbationTheErrorPolicyDecides() {
        String failing = """
                long count;
                public long next() { if (++count %% 2 == 0) throw new IllegalStateException("even"); return count; }
                public long get() { return count; }
                """;
        drop(Sources.counter("onError = ErrorPolicy.PROPAGATE, probationCalls = 0, probationMillis = 0", "v1", failing.formatted()),
                "1.0.0");
        Counter c = counter();
        assertEquals(1, c.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, c::next, "PROPAGATE: the caller gets it");
        assertEquals("even", e.getMessage());
        assertEquals("v1", c.describe(), "and the version stays");

        drop(Sources.counter("onError = ErrorPolicy.DEFAULT_VALUE, probationCalls = 0, probationMillis = 0", "v2",
                failing.formatted()), "1.0.1");
        awaitDescribe(c, "v2");
        assertEquals(3, c.next());
        assertEquals(0, c.next(), "DEFAULT_VALUE: the caller gets 0");
        assertEquals("v2", c.describe());
        assertEquals(2, runtime.describe("counter").errors);
    }

    @Test
    void aDeletedFileLeavesTheLastInstanceServingAndANewFileTakesItsState() throws Exception {
        drop(Sources.plainCounter("v1", 1), "1.0.0");
        Counter c = counter();
        c.next();
        fw.remove("counter.jar");
        Await.until(() -> runtime.describe("counter").status == RefreshableDTO.Status.DETACHED, WAIT, "detached");
        assertEquals(2, c.next(), "callers holding the proxy are still served");
        drop(Sources.plainCounter("v2", 1), "1.0.1");
        awaitDescribe(c, "v2");
        assertEquals(3, c.next(), "the reinstalled bundle took the state over");
    }

    @Test
    void aServiceInterfaceInsideTheRefreshableBundleIsRefusedWithAReason() {
        fw.drop("inside.jar", TestBundles.bundle("t.inside", "1.0.0", Sources.of(
                "t.inside.Api", "package t.inside; public interface Api { int answer(); }",
                "t.inside.Impl", """
                package t.inside;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                @Component(service = Api.class)
                @Refreshable(name = "inside")
                public class Impl implements Api { public int answer() { return 42; } }
                """), "Export-Package: t.inside"));
        Await.until(() -> runtime.errors(null).stream().anyMatch(e -> e.message.contains("inside the refreshable bundle")), WAIT,
                "the refusal");
        assertTrue(runtime.list().stream().noneMatch(d -> d.name.equals("inside")), "no proxy for it");
    }

    @Test
    void fieldsInjectedByDeclarativeServicesAreNotOverwritten() {
        fw.drop("holder.jar", TestBundles.bundle("t.holder", "1.0.0", Sources.of("t.holder.RealHolder", """
                package t.holder;
                import org.osgi.service.component.annotations.*;
                import test.api.Holder;
                @Component(service = Holder.class)
                public class RealHolder implements Holder { public String describe() { return "bound by DS"; } }
                """)));
        String source = """
                package t.counter;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.*;
                @Component(service = Counter.class)
                @Refreshable(name = "counter")
                public class CounterImpl implements Counter {
                    @Reference Holder holder;
                    long count;
                    public long next() { holder = null; return ++count; } // a value the transfer carries
                    public long get() { return count; }
                    public String describe() { return "%s " + (holder == null ? "unbound by the old code" : holder.describe()); }
                }
                """;
        drop(Sources.of("t.counter.CounterImpl", source.formatted("v1")), "1.0.0");
        Counter c = counter();
        c.next();
        assertEquals("v1 unbound by the old code", c.describe());
        drop(Sources.of("t.counter.CounterImpl", source.formatted("v2")), "1.0.1");
        Await.until(() -> c.describe().startsWith("v2"), WAIT, "v2");
        assertEquals(1, c.get(), "the rest of the state is carried");
        assertEquals("v2 bound by DS", c.describe(), "the new instance keeps its own binding");
    }

    @Test
    void aTransferStrategyFromAnotherBundleCarriesWhatTheDefaultCannot() {
        fw.drop("strategy.jar", TestBundles.bundle("t.strategy", "1.0.0", Sources.of("t.strategy.ParseNumbers", """
                package t.strategy;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.TransferStrategy;
                @Component(service = TransferStrategy.class)
                public class ParseNumbers implements TransferStrategy {
                    public Object transfer(Object old, Class<?> type, Migration m) {
                        return old instanceof String s && (type == long.class || type == Long.class) ? Long.parseLong(s) : PASS;
                    }
                }
                """)));
        drop(Sources.counter("", "v1", """
                String count = "41";
                public long next() { return 0; }
                public long get() { return 0; }
                """), "1.0.0");
        Counter c = counter();
        drop(Sources.counter("", "v2", """
                long count;
                public long next() { return ++count; }
                public long get() { return count; }
                """), "1.0.1");
        awaitDescribe(c, "v2");
        assertEquals(42, c.next(), "\"41\" became 41 through the strategy, then counted on");
    }

    @Test
    void aSecondBundleClaimingALiveNameIsRefused() {
        drop(Sources.plainCounter("v1", 1), "1.0.0");
        Counter c = counter();
        c.next();
        fw.drop("impostor.jar", TestBundles.bundle("t.impostor", "1.0.0", Sources.plainCounter("impostor", 100)));
        Await.until(() -> runtime.errors(null).stream().anyMatch(e -> e.message.startsWith("impostor.jar: the refreshable name 'counter' is taken")),
                WAIT, "the refusal");
        assertEquals("v1", c.describe());
        assertEquals(2, c.next());
        assertEquals(1, runtime.describe("counter").liveSeq);
    }

    @Test
    void anUpdatedApiBundleGetsANewProxyAndTheStateStays() {
        byte[] api = TestBundles.bundle("t.greet.api", "1.0.0", Sources.of("t.greet.api.Greeter",
                "package t.greet.api; public interface Greeter { String greet(); }"), "Export-Package: t.greet.api;version=1.0.0");
        String greeterApi = "package t.greet.api; public interface Greeter { String greet(); }";
        fw.drop("greet-api.jar", api);
        fw.drop("greeter.jar", TestBundles.bundle("t.greeter", "1.0.0", Sources.of("t.greet.api.Greeter", greeterApi, "t.greeter.Impl", """
                package t.greeter;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import t.greet.api.Greeter;
                @Component(service = Greeter.class)
                @Refreshable(name = "greeter")
                public class Impl implements Greeter { int n; public String greet() { return "hello " + (++n); } }
                """), "-compileonly: t.greet.api"));
        fw.drop("user.jar", TestBundles.bundle("t.user", "1.0.0", Sources.of("t.greet.api.Greeter", greeterApi, "t.user.User", """
                package t.user;
                import org.osgi.service.component.annotations.*;
                import test.api.Holder;
                import t.greet.api.Greeter;
                @Component(service = Holder.class)
                public class User implements Holder {
                    @Reference Greeter greeter;
                    public String describe() { return greeter.greet(); }
                }
                """), "-compileonly: t.greet.api"));
        assertEquals("hello 1", fw.awaitService(Holder.class, null, WAIT).describe());
        Object before = fw.context().getServiceReference(Holder.class).getProperty("service.id");

        fw.drop("greet-api.jar", api); // the same API again: a new revision of the same interfaces
        // FileInstall refreshes the consumer with the API: wait (without calling) for its service to come back.
        Await.until(() -> {
            var ref = fw.context().getServiceReference(Holder.class);
            return ref != null && !ref.getProperty("service.id").equals(before);
        }, WAIT, "the consumer to be back on the new API");
        assertEquals("hello 2", fw.context().getService(fw.context().getServiceReference(Holder.class)).describe(),
                "the greeter's count went on through the new proxy");
        assertTrue(runtime.errors("greeter").isEmpty(), () -> runtime.errors("greeter").get(0).message);
    }
}
