package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;

/**
 * An API bundle deleted under its refreshables: they wait (one line naming the package), their proxies keep serving
 * the last instance, nothing is retried in a storm, the status says so; when the API comes back they resume with
 * their state.
 */
class ApiGoneTest extends FaultTest {
    private static final String GREETER_API = "package t.greet.api; public interface Greeter { String greet(); }";

    private final byte[] api = TestBundles.bundle("t.greet.api", "1.0.0", Sources.of("t.greet.api.Greeter", GREETER_API),
            "Export-Package: t.greet.api;version=1.0.0");

    private void dropGreeter() {
        fw.drop("greet-api.jar", api);
        fw.drop("greeter.jar", greeterJar("1.0.0", "hello"));
    }

    /** The greeter, version {@code version}: greet() says {@code word} and how many times it was called. */
    private static byte[] greeterJar(String version, String word) {
        return TestBundles.bundle("t.greeter", version, Sources.of("t.greet.api.Greeter", GREETER_API, "t.greeter.Impl", """
                package t.greeter;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import t.greet.api.Greeter;
                @Component(service = Greeter.class)
                @Refreshable(name = "greeter")
                public class Impl implements Greeter { int n; public String greet() { return "%s " + (++n); } }
                """.formatted(word)), "-compileonly: t.greet.api");
    }

    /** The greeter's proxy as a consumer finds it now, called by reflection (the test has no Greeter type). */
    private Object greeter() {
        Await.until(() -> fw.context().getServiceReference("t.greet.api.Greeter") != null, WAIT, "the greeter's proxy");
        ServiceReference<?> ref = fw.context().getServiceReference("t.greet.api.Greeter");
        return fw.context().getService(ref);
    }

    private static String greet(Object greeter) {
        try {
            Method m = greeter.getClass().getMethod("greet");
            m.setAccessible(true);
            return (String) m.invoke(greeter);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private long linesAbout(String name) {
        return stderr.runtimeLines().stream().filter(l -> l.contains(name)).count();
    }

    @Test
    void theApiBundleDeletedAndBack() {
        dropGreeter();
        Object g = greeter();
        assertEquals("hello 1", greet(g));

        fw.remove("greet-api.jar");
        String line = stderr.await(WAIT, "greeter: waits for package t.greet.api", "keeps serving");
        Await.until(() -> runtime.describe("greeter").status == RefreshableDTO.Status.WAITING, WAIT,
                () -> "status waiting: " + runtime.describe("greeter").status);
        assertTrue(fw.shell("live:list").contains("waiting"), fw.shell("live:list"));
        assertEquals("hello 2", greet(g), "the proxy a caller holds keeps serving the last instance");

        // A refresh by hand is refused in one line; it does not start a loop of restores.
        long before = linesAbout("greeter");
        LiveFramework.CommandFailed refused = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:refresh greeter"));
        assertTrue(refused.getMessage().contains("waits for package t.greet.api"), refused.getMessage());
        Await.until(() -> fw.bundle("t.greeter").getState() == org.osgi.framework.Bundle.INSTALLED, WAIT, "settled");
        assertTrue(linesAbout("greeter") - before <= 2, () -> "no storm of lines:\n" + String.join("\n", stderr.runtimeLines()));
        assertEquals(RefreshableDTO.Status.WAITING, runtime.describe("greeter").status);
        assertEquals(1, stderr.runtimeLines().stream().filter(line::equals).count(), "the wait is said once");

        fw.drop("greet-api.jar", api);
        Await.until(() -> runtime.describe("greeter").status != RefreshableDTO.Status.WAITING
                && fw.bundle("t.greeter").getState() == org.osgi.framework.Bundle.ACTIVE, WAIT,
                () -> "the greeter back: " + runtime.describe("greeter").status + "\n" + String.join("\n", stderr.runtimeLines()));
        assertEquals("hello 3", greet(greeter()), "back on the new API, with its state");
        assertNotEquals(RefreshableDTO.Status.FAILED, runtime.describe("greeter").status, "it serves: its status says so");
        report("F42", "an API bundle deleted under a live refreshable (and dropped again)", "the refreshable waits for the"
                + " package, said once; its proxy keeps serving the last instance; a refresh by hand is refused in one line,"
                + " nothing retries in a loop; when the API is back, it resumes with its state through a new proxy", line);
    }

    /**
     * A new jar dropped while its refreshable waits for its API needs the API too: it waits in the live version's
     * place, said in one line, with no failed record; when the API is back, the new version goes live with the state.
     * The proxy is looked up as soon as the status says it serves: then it is the one that serves the new version (the
     * old proxy, of the old API's interface, stays on the old instance for whoever still holds it).
     */
    @Test
    void aNewJarDroppedWhileItsRefreshableWaitsGoesLiveWhenTheApiIsBack() {
        dropGreeter();
        assertEquals("hello 1", greet(greeter()));
        fw.remove("greet-api.jar");
        stderr.await(WAIT, "greeter: waits for package t.greet.api");
        Await.until(() -> runtime.describe("greeter").status == RefreshableDTO.Status.WAITING, WAIT, "status waiting");

        fw.drop("greeter.jar", greeterJar("1.0.1", "hi"));
        String line = stderr.await(WAIT, "greeter: greeter.jar (1.0.1) waits for package t.greet.api");
        Await.until(() -> fw.bundle("t.greeter").getVersion().toString().equals("1.0.1"), WAIT, "the bundle to hold 1.0.1");
        assertEquals(RefreshableDTO.Status.WAITING, runtime.describe("greeter").status);
        assertEquals(1, runtime.describe("greeter").liveSeq, "seq 1 is still the live version");
        assertTrue(runtime.history("greeter").stream().noneMatch(v -> v.status == VersionDTO.Status.FAILED),
                () -> "no failed record: " + fw.shell("live:history greeter"));
        assertTrue(stderr.runtimeLines().stream().noneMatch(l -> l.contains("could not restore") || l.contains("does not resolve")),
                () -> "no resolver text:\n" + String.join("\n", stderr.runtimeLines()));

        fw.drop("greet-api.jar", api);
        // The swap's last step (its history's record) lands a moment after the status leaves WAITING: wait for both.
        Await.until(() -> runtime.describe("greeter").status != RefreshableDTO.Status.WAITING
                && runtime.describe("greeter").status != RefreshableDTO.Status.UPDATING
                && "1.0.1".equals(runtime.describe("greeter").liveBundleVersion), WAIT,
                () -> "the greeter back at 1.0.1: " + runtime.describe("greeter").status + " " + runtime.describe("greeter").liveBundleVersion
                        + "\n" + String.join("\n", stderr.runtimeLines()));
        assertEquals("hi 2", greet(greeter()), "the new version serves, with the state of the old one");
        stderr.await(WAIT, "greeter: seq 2 (1.0.1) is live, state kept");
        report("F70", "a new jar dropped while its refreshable waits for its deleted API bundle (and the API dropped again)",
                "the new version waits in the live one's place, said in one line, nothing recorded as failed; when the API is back"
                        + " the new version goes live with the state", line);
    }

    @Test
    void aRefreshableWhoseEveryCallFailsShowsFailing() {
        fw.drop("counter.jar", counterJar("1.0.0", Sources.counter("probationCalls = 0, probationMillis = 0, onError = ErrorPolicy.PROPAGATE",
                "v1", """
                long count;
                public long next() { throw new IllegalStateException("never counts"); }
                public long get() { return count; }
                """)));
        test.api.Counter c = fw.awaitService(test.api.Counter.class, null, WAIT);
        for (int i = 0; i < 5; i++) {
            assertThrows(IllegalStateException.class, c::next);
        }
        assertEquals(RefreshableDTO.Status.FAILING, runtime.describe("counter").status);
        assertTrue(fw.shell("live:list").contains("counter is failing: counter: call next() threw IllegalStateException: never counts"),
                fw.shell("live:list"));
        c.get(); // a call that gets through
        assertEquals(RefreshableDTO.Status.OK, runtime.describe("counter").status);
    }

    @Test
    void theApiJarDeletedWhileTheRuntimeIsStopped() throws Exception {
        dropGreeter();
        assertEquals("hello 1", greet(greeter()));
        fw.restart(() -> fw.remove("greet-api.jar"));
        String line = stderr.await(WAIT, "greeter.jar: does not resolve at the start", "package t.greet.api");
        assertTrue(fw.shell("live:errors --brief").contains("does not resolve at the start"), fw.shell("live:errors --brief"));
        fw.drop("greet-api.jar", api);
        Await.until(() -> fw.bundle("t.greeter").getState() == org.osgi.framework.Bundle.ACTIVE, WAIT, "the greeter started");
        assertTrue(greet(greeter()).startsWith("hello "), "it serves again");
        report("F52", "an API jar deleted while the runtime was stopped", "at the start the refreshable that imports it cannot"
                + " resolve: one line names the package; it comes up when the API jar is dropped in again", line);
    }
}
