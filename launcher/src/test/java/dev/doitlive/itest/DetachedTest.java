package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.RefreshableDTO;
import test.api.Counter;
import test.api.Holder;

/**
 * A refreshable whose file is gone (detached): what its consumers see, what takes its name over (a second file that
 * declares it, the other jar of the same bundle), what {@code live:new} says of its name, and {@code live:forget},
 * which drops it for good.
 */
class DetachedTest extends FaultTest {

    /** A source of a counter named "counter" in class {@code t.src.<cls>}, whose describe() is {@code label}. */
    private static String sourceCounter(String cls, String label) {
        return """
                package t.src;
                import org.osgi.service.component.annotations.Component;
                import dev.doitlive.api.Refreshable;
                import test.api.Counter;
                @Component(service = Counter.class)
                @Refreshable(name = "counter")
                public class %s implements Counter {
                    long count;
                    public synchronized long next() { return ++count; }
                    public synchronized long get() { return count; }
                    public String describe() { return "%s"; }
                }
                """.formatted(cls, label);
    }

    /**
     * A consumer bundle as the show is one: a dynamic, multiple DS reference to every Counter; its Holder says what it
     * is bound to now ({@code [v1]}, or {@code []}).
     */
    private Holder consumer() {
        fw.drop("user.jar", TestBundles.bundle("t.user", "1.0.0", Sources.of("t.user.User", """
                package t.user;
                import java.util.*;
                import java.util.concurrent.CopyOnWriteArrayList;
                import org.osgi.service.component.annotations.*;
                import test.api.*;
                @Component(service = Holder.class, immediate = true)
                public class User implements Holder {
                    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
                    final List<Counter> counters = new CopyOnWriteArrayList<>();
                    public String describe() {
                        List<String> bound = new ArrayList<>();
                        for (Counter c : counters) {
                            bound.add(c.describe());
                        }
                        return bound.toString();
                    }
                }
                """)));
        return fw.awaitService(Holder.class, null, WAIT);
    }

    private static void awaitBound(Holder user, String expected) {
        Await.until(() -> expected.equals(user.describe()), WAIT, () -> "the consumer bound to " + expected + ": " + user.describe());
    }

    private void awaitStatus(String name, RefreshableDTO.Status status) {
        Await.until(() -> runtime.describe(name).status == status, WAIT,
                () -> name + " " + status + ": " + runtime.describe(name).status + "\n" + String.join("\n", stderr.runtimeLines()));
    }

    /** The folder the runtime keeps {@code name}'s history and saved state in, or null when there is none. */
    private Path kept(String name) {
        try (Stream<Path> s = Files.walk(tmp.resolve("storage"))) {
            return s.filter(p -> p.endsWith(Path.of("history", name))).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aDeletedRefreshablesServiceGoesAwayForItsConsumersAndANewFileBringsItBackWithItsState() throws Exception {
        Counter c = liveCounter();
        Holder user = consumer();
        awaitBound(user, "[v1]");

        fw.remove("counter.jar");
        awaitBound(user, "[]");
        String line = seen("counter.jar", "deleted", "withdrawn", "live:forget counter drops them");
        assertNull(fw.context().getServiceReferences(Counter.class.getName(), null), "no consumer finds it any more");
        assertEquals(RefreshableDTO.Status.DETACHED, runtime.describe("counter").status);
        assertEquals("v1", c.describe(), "a caller that still holds the proxy gets an answer, not an exception");

        fw.drop("counter.jar", counterJar("v2", 1, "1.0.1"));
        awaitBound(user, "[v2]");
        assertEquals(COUNT, c.get(), "the new file took the state kept for it");
        assertEquals(COUNT + 1, fw.awaitService(Counter.class, null, WAIT).next(), "and serves on from there");
        report("F60", "a refreshable's file deleted while a consumer bundle tracks its service (the show's patterns)", "its"
                + " service is withdrawn: consumers unbind it, as for a deleted plain bundle (a caller that still holds the"
                + " proxy is answered); its state and history are kept, and a new file of it registers it again with them", line);
    }

    @Test
    void aSecondSourceOfATakenNameTakesOverWhenTheFirstIsDeleted() {
        fw.save("Alpha.java", sourceCounter("Alpha", "alpha"));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        for (int i = 0; i < COUNT; i++) {
            c.next();
        }
        fw.save("Beta.java", sourceCounter("Beta", "beta"));
        stderr.await(WAIT, "Beta.java", "'counter' is taken", "Alpha.java");
        assertEquals("alpha", c.describe());

        fw.remove("Alpha.java");
        RefreshTest.awaitDescribe(c, "beta");
        String line = seen("Alpha.java", "deleted", "Beta.java", "takes counter over");
        assertEquals(COUNT + 1, c.next(), "with the state");
        awaitStatus("counter", RefreshableDTO.Status.PROBATION);
        assertTrue(runtime.describe("counter").location.endsWith("Beta.java"), runtime.describe("counter").location);
        report("F61", "two sources declaring the same refreshable name, the first deleted", "the second, refused while the"
                + " name was taken, takes it over at once with its state (its proxy stays registered), without being saved again",
                line);
    }

    @Test
    void aSecondSourceThatCannotTakeTheStateIsRefusedWithItsOwnCodeAndTheFirstIsDetached() {
        fw.save("Alpha.java", sourceCounter("Alpha", "alpha"));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        fw.save("Beta.java", sourceCounter("Beta", "beta").replace("long count;", "String count = \"\";")
                .replace("return ++count;", "return count.length();").replace("return count;", "return count.length();"));
        stderr.await(WAIT, "Beta.java", "'counter' is taken");

        fw.remove("Alpha.java");
        stderr.await(WAIT, "Beta.java", "cannot carry", "counter stays at seq 1");
        stderr.await(WAIT, "Alpha.java: deleted", "withdrawn");
        awaitStatus("counter", RefreshableDTO.Status.DETACHED);
        assertEquals("alpha", c.describe(), "the last instance serves whoever holds it");
        org.osgi.framework.Bundle beta = java.util.Arrays.stream(fw.context().getBundles())
                .filter(b -> b.getLocation().endsWith("/Beta.java")).findFirst().orElseThrow();
        assertEquals("t.src.Beta", beta.getSymbolicName(), "Beta.java's bundle keeps its own code, not Alpha.java's");
        assertEquals(RefreshableDTO.Status.DETACHED, runtime.describe("counter").status, "and stays out");
    }

    @Test
    void deletingTheJarThatUpdatedTheSameBundleKeepsTheRefreshableOnTheOtherJar() {
        Counter c = liveCounter();
        // The same Bundle-SymbolicName and Bundle-Version: FileInstall updates counter.jar's bundle with it.
        fw.drop("counter-copy.jar", counterJar("copy", 1, "1.0.0"));
        stderr.await(WAIT, "counter-copy.jar", "the same Bundle-SymbolicName and Bundle-Version as counter.jar");
        RefreshTest.awaitDescribe(c, "copy");

        fw.remove("counter-copy.jar");
        RefreshTest.awaitDescribe(c, "v1");
        String line = seen("counter-copy.jar", "deleted", "counter.jar");
        assertEquals(COUNT + 1, c.next(), "state kept");
        awaitStatus("counter", RefreshableDTO.Status.PROBATION);
        assertTrue(runtime.describe("counter").location.endsWith("/counter.jar"), runtime.describe("counter").location);

        // FileInstall's record of counter.jar still names the bundle it uninstalled: a change and a deletion go through all the same.
        fw.drop("counter.jar", counterJar("v2", 1, "1.0.1"));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(COUNT + 2, c.next(), "state kept");
        fw.remove("counter.jar"); // the last of them: now it is gone
        stderr.await(WAIT, "counter.jar: deleted", "withdrawn");
        awaitStatus("counter", RefreshableDTO.Status.DETACHED);
        assertNull(fw.bundle("t.counter"), "uninstalled");
        assertTrue(stderr.runtimeLines().stream().noneMatch(l -> l.contains("Failed to")), String.join("\n", stderr.runtimeLines()));
        report("F62", "two jars with the same symbolic name and version, the one that updated the bundle deleted", "FileInstall"
                + " uninstalls their one bundle and forgets the other jar; the runtime has it install the other jar again: the"
                + " refreshable goes on with that jar's content and its state, never detached", line);
    }

    @Test
    void deletingTheFirstOfTwoJarsWithTheSameSymbolicNameAndVersionMovesTheRefreshableToTheOther() {
        Counter c = liveCounter();
        fw.drop("counter-copy.jar", counterJar("copy", 1, "1.0.0"));
        RefreshTest.awaitDescribe(c, "copy");

        fw.remove("counter.jar");
        awaitStatus("counter", RefreshableDTO.Status.PROBATION);
        seen("counter.jar", "deleted", "counter-copy.jar");
        assertEquals("copy", c.describe());
        assertEquals(COUNT + 1, c.next(), "state kept");
        assertTrue(runtime.describe("counter").location.endsWith("/counter-copy.jar"), runtime.describe("counter").location);
    }

    @Test
    void liveForgetDropsADetachedRefreshableForGoodAlsoAcrossARestart() throws Exception {
        Counter c = liveCounter();
        fw.drop("counter.jar", counterJar("v2", 1, "1.0.1"));
        RefreshTest.awaitDescribe(c, "v2");
        String refused = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:forget counter")).getMessage();
        assertEquals("counter is live (from counter.jar): delete counter.jar first; live:forget drops only a refreshable"
                + " whose file is gone", refused);

        fw.remove("counter.jar");
        // DETACHED shows from the moment FileInstall stops the bundle; live:forget wants it uninstalled, said here.
        stderr.await(WAIT, "counter.jar: deleted", "withdrawn");
        awaitStatus("counter", RefreshableDTO.Status.DETACHED);
        assertNotNull(kept("counter"));
        String out = fw.shell("live:forget counter");
        assertEquals("counter forgotten: its state and its history (2 versions) are dropped; a new counter.jar starts afresh",
                out.strip());
        assertTrue(runtime.list().isEmpty(), "no longer listed");
        assertNull(kept("counter"), "its history and saved state are gone from the storage");
        String again = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:forget counter")).getMessage();
        assertTrue(again.startsWith("no refreshable named 'counter'"), again);

        fw.restart();
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        fw.drop("counter.jar", counterJar("v3", 1, "1.0.2"));
        Counter fresh = fw.awaitService(Counter.class, null, WAIT);
        assertEquals(1, fresh.next(), "a fresh state, not the one counter had");
        assertEquals(List.of(1L), runtime.history("counter").stream().map(v -> v.seq).toList(), "a history of its own");
        assertFalse(stderr.runtimeLines().stream().anyMatch(l -> l.startsWith("counter: state")), "nothing restored");
    }

    @Test
    void liveForgetAfterARestartDropsWhatIsKeptOfARefreshableThatDidNotComeBack() throws Exception {
        liveCounter();
        fw.remove("counter.jar");
        awaitStatus("counter", RefreshableDTO.Status.DETACHED);
        fw.restart();
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        assertTrue(runtime.list().isEmpty());
        assertNotNull(kept("counter"), "kept on disk for a new counter.jar");
        assertEquals("counter forgotten: its state and its history (1 version) are dropped; a new file of it starts afresh",
                fw.shell("live:forget counter").strip());
        assertNull(kept("counter"));
    }

    @Test
    void forgettingADeletedStepRemovesTheLoopItsLoopAnnotationDeclared() {
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", LoopTest.ticker("@Loop(rate = 100)", "v1", "count++;")));
        fw.awaitService(Counter.class, null, WAIT);
        Await.until(() -> runtime.loops().stream().anyMatch(l -> l.name.equals("ticker")), WAIT, "the loop");
        fw.remove("ticker.jar");
        stderr.await(WAIT, "loop ticker stopped: ticker.jar was deleted");
        assertTrue(fw.shell("live:forget ticker").startsWith("ticker forgotten"));
        stderr.await(WAIT, "loop ticker removed: its step ticker was forgotten");
        assertTrue(runtime.loops().isEmpty(), () -> "no loop left: " + fw.shell("live:loops"));
    }

    @Test
    void liveNewOfADetachedRefreshablesNameSaysSoAndLiveForgetMakesItFree() throws Exception {
        fw.shell("live:new wobble");
        fw.shell("live:call wobble applyAsDouble 0.25");
        fw.remove("Wobble.java");
        awaitStatus("wobble", RefreshableDTO.Status.DETACHED);

        String refused = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:new wobble")).getMessage();
        assertEquals("live:new: wobble is detached: its file Wobble.java was deleted and its state and history are kept for a"
                + " new one; live:forget wobble drops them, or pick another name", refused);
        assertFalse(Files.exists(fw.watched().resolve("Wobble.java")), "nothing written");

        fw.shell("live:forget wobble");
        String out = fw.shell("live:new wobble");
        assertTrue(out.contains("Wobble.java (signal); wobble is live"), out);
        assertEquals("0", runtime.state("wobble").get("calls"), "a fresh starter");
        assertEquals(List.of(1L), runtime.history("wobble").stream().map(v -> v.seq).toList());
    }
}
