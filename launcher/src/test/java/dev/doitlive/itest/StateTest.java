package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LiveRuntime;
import test.api.Counter;

/**
 * The state survives a restart: saved beside the history at a clean stop and every period, restored when the first
 * version arrives at the next start, through the state transfer. On a real framework stopped and started again on the
 * same storage (a kill of a real process is {@link StateCrashIT}).
 */
class StateTest extends FaultTest {

    private LiveRuntime runtime() {
        return fw.awaitService(LiveRuntime.class, null, WAIT);
    }

    private Counter counterAfterRestart() {
        return fw.awaitService(Counter.class, null, WAIT);
    }

    /** The refreshable's history folder in the framework storage, where its state is kept. */
    private Path historyDir(String name) {
        Path dir = findHistoryDir(name);
        if (dir == null) {
            throw new AssertionError("no history folder for " + name + " under " + tmp.resolve("storage"));
        }
        return dir;
    }

    private Path findHistoryDir(String name) {
        try (Stream<Path> s = Files.walk(tmp.resolve("storage"))) {
            return s.filter(p -> p.endsWith(Path.of("history", name))).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which file is there: a rewrite renames a new file in (a new inode, which the file system may reuse, and a new time). */
    private static Object fileKey(Path p) {
        try {
            var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
            return a.fileKey() + " " + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return null; // not there (yet)
        }
    }

    /** The line of {@code live:state} for one field, spaces made single: {@code level = 0.75}. */
    private static String stateLine(String state, String field) {
        return state.lines().map(l -> l.strip().replaceAll("\\s+", " ")).filter(l -> l.startsWith(field + " ")).findFirst().orElse("");
    }

    @Test
    void aCleanRestartContinuesTheCounter() throws Exception {
        Counter c = liveCounter();
        assertEquals(COUNT, c.get());
        fw.restart();
        Counter after = counterAfterRestart();
        assertEquals(COUNT + 1, after.next(), "the count goes on where it was at the stop");
        String line = stderr.await(WAIT, "counter: state restored", "1 field");
        assertTrue(Files.isRegularFile(historyDir("counter").resolve("state")), "kept beside the history");
        assertTrue(fw.shell("live:list").contains("counter"));
        report("S01", "a clean restart (`exit`, or the framework stopped) with a counter at 3", "the state is saved at the stop beside"
                + " the history and restored into the version that comes back before its proxy serves: the count goes on at 4", line);
    }

    @Test
    void aKnobSetLiveSurvivesARestart() throws Exception {
        fw.drop("counter.jar", counterJar("1.0.0", Sources.counter("", "v1", "double level = 0.1;\nlong count;\n" + Sources.COUNTING)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        assertTrue(fw.shell("live:set counter level 0.75").contains("0.1 -> 0.75"));
        fw.restart();
        counterAfterRestart();
        assertEquals("level = 0.75", stateLine(fw.shell("live:state counter"), "level"), "the knob as it was set");
        assertEquals(2, counterAfterRestart().next());
    }

    @Test
    void aRestartOntoANewerVersionMigratesTheStateLikeARefresh() throws Exception {
        liveCounter();
        // The jar changes while the runtime is stopped, and the new version renames the count: its migrate() takes the
        // old field over, as in a refresh. (FileInstall updates the bundle at its first scan, before the refreshables
        // start: the new version arrives first, and the state saved by the old one is restored into it by field name.)
        fw.restart(() -> fw.drop("counter.jar", counterJar("1.1.0", Sources.counter("", "v2", """
                long total;
                String note = "added in v2";
                public void migrate(OldState old) { total = old.get("count", Long.class, 0L); }
                public synchronized long next() { total += 10; return total; }
                public synchronized long get() { return total; }
                """))));
        Counter after = counterAfterRestart();
        RefreshTest.awaitDescribe(after, "v2");
        assertEquals(COUNT + 10, after.next(), "v2's code on the state v1 had at the stop, through v2's migrate()");
        assertEquals("note = \"added in v2\"", stateLine(fw.shell("live:state counter"), "note"), "a new field keeps its initializer");
        String line = stderr.await(WAIT, "counter: state", "restored", "1 field");
        assertTrue(runtime().history("counter").stream().anyMatch(h -> h.bundleVersion.equals("1.0.0")), "v1 kept in the history");
        report("S02", "a restart onto a newer version (the jar replaced while the runtime was stopped; the new version renames a"
                + " field and carries it in `migrate`)", "the state v1 saved at the stop is restored into v2 by field name, through the"
                + " state transfer: v2's `migrate(OldState)` sees v1's fields, new fields keep their initializers", line);
    }

    @Test
    void aDamagedStateFileIsOneLineAndAFreshInstance() throws Exception {
        liveCounter();
        fw.restart(() -> {
            try {
                Path state = historyDir("counter").resolve("state");
                byte[] bytes = Files.readAllBytes(state);
                bytes[bytes.length - 3] ^= 0x5a;
                Files.write(state, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Counter after = counterAfterRestart();
        assertEquals(1, after.next(), "a fresh instance");
        String line = seen("counter: its saved state cannot be restored", "checksum", "counter starts fresh");
        assertTrue(line.contains(historyDir("counter").resolve("state").toString()), "names the file: " + line);
        assertTrue(Files.isRegularFile(historyDir("counter").resolve("state.unreadable")), "the damaged file is kept aside");
        assertServes(after, "v1", 1);
        assertOnce(line);
        report("S03", "a saved state damaged between two runs (a byte of the state file changed)", "the file is refused by its"
                + " checksum and kept aside as state.unreadable; the refreshable starts fresh and serves", line);
    }

    @Test
    void aStateSavedByAVersionThatDoesNotComeBackIsRestoredByFieldName() throws Exception {
        // v1 through its probation, then v2 (a class of its own in a field) on probation at the stop: the start distrusts
        // v2 and brings v1 back, into which v2's state is restored by field name.
        fw.drop("counter.jar", counterJar("1.0.0", Sources.counter("probationMillis = 0, probationCalls = 0", "v1",
                "long count;\nObject extra = \"none\";\n" + Sources.COUNTING)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        fw.drop("counter.jar", counterJar("1.0.1", Map.of("t.counter.CounterImpl", Sources.counter("probationMillis = 600000", "v2",
                "long count;\nObject extra;\n"
                + "public synchronized long next() { extra = new Extra(); return ++count; }\npublic synchronized long get() { return count; }").get("t.counter.CounterImpl"), "t.counter.Extra",
                "package t.counter; class Extra { int x = 1; }")));
        RefreshTest.awaitDescribe(c, "v2");
        c.next();
        fw.restart(() -> {
            try {
                Files.writeString(historyDir("counter").resolve("probation"), "2 1", StandardCharsets.UTF_8); // as a crash leaves it
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Counter after = counterAfterRestart();
        RefreshTest.awaitDescribe(after, "v1");
        assertEquals(3, after.next(), "the count v2 had, restored into v1");
        String line = stderr.await(WAIT, "counter: state saved by seq 2 restored into seq 1", "by field name");
        assertTrue(line.contains("extra (class t.counter.Extra is not in this version)"), line);
        assertEquals("extra = \"none\"", stateLine(fw.shell("live:state counter"), "extra"));
    }

    @Test
    void aFieldThatHoldsNoDataKeepsTheNewValueAndTheOthersAreRestored() throws Exception {
        fw.drop("counter.jar", counterJar("1.0.0", Sources.counter("", "v1", """
                long count;
                Runnable onTick = () -> { };
                java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
                List<String> names = new ArrayList<>();
                public synchronized long next() { names.add("n" + count); return ++count; }
                public synchronized long get() { return lock.isLocked() ? -1 : names.size(); }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        c.next();
        fw.restart();
        Counter after = counterAfterRestart();
        assertEquals(3, after.next(), "count restored");
        assertEquals(3, after.get(), "the list restored, the lock is the new instance's");
        String line = stderr.await(WAIT, "counter: state restored", "2 fields", "kept as the new instance made them");
        assertTrue(line.contains("onTick (holds a lambda or method reference, which is not data)"), line);
        assertTrue(line.contains("lock (holds a java.util.concurrent.locks.ReentrantLock, which is not data)"), line);
        report("S04", "fields that hold no data (a lambda, a lock) beside a count and a list, through a restart", "the count and"
                + " the list are restored; the lambda and the lock are not saved and keep the new instance's values; one line names them",
                line);
    }

    @Test
    void transientFieldsAndSaveStateFalseAreNotRestored() throws Exception {
        fw.drop("counter.jar", counterJar("1.0.0", Sources.counter("", "v1", """
                long count;
                transient long sinceStart;
                public synchronized long next() { sinceStart++; return ++count; }
                public synchronized long get() { return sinceStart; }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        c.next();
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", Sources.of("t.ticker.Ticker", """
                package t.ticker;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;
                @Component(service = Counter.class, property = "kind=fresh")
                @Refreshable(name = "fresh", saveState = false)
                public class Ticker implements Counter {
                    long count;
                    public synchronized long next() { return ++count; }
                    public synchronized long get() { return count; }
                    public String describe() { return "fresh"; }
                }
                """)));
        Counter fresh = fw.awaitService(Counter.class, "(kind=fresh)", WAIT);
        fresh.next();
        fresh.next();
        fw.restart();
        Counter after = fw.awaitService(Counter.class, "(!(kind=fresh))", WAIT);
        assertEquals(0, after.get(), "transient: as the new instance made it");
        assertEquals(3, after.next(), "the rest restored");
        assertEquals(1, fw.awaitService(Counter.class, "(kind=fresh)", WAIT).next(), "saveState = false: starts fresh");
        assertFalse(Files.exists(historyDir("fresh").resolve("state")), "nothing saved for it");
    }

    @Test
    void anUnchangedStateIsNotWrittenAgain() throws Exception {
        fw.drop("dev.doitlive.runtime.cfg", "stateSaveMillis = 50\n".getBytes(StandardCharsets.UTF_8));
        Counter c = liveCounter();
        // A loop whose state changes at every step: its file is rewritten at every save, which visits every refreshable.
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", Sources.of("t.ticker.Ticker", """
                package t.ticker;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                @Component(service = Step.class)
                @Refreshable(name = "ticker")
                @Loop(rate = 200)
                public class Ticker implements Step {
                    long count;
                    public void step() { count++; }
                }
                """)));
        Await.until(() -> findHistoryDir("ticker") != null && Files.exists(findHistoryDir("ticker").resolve("state")), WAIT,
                "the ticker's state saved");
        Path ticker = historyDir("ticker").resolve("state");
        Path counter = historyDir("counter").resolve("state");
        // Three saves after the counter's last change: the one before the last has written it, whatever the order in a save.
        awaitRewrites(ticker, 3);
        Object before = fileKey(counter);
        assertNotNull(before, "the counter's state is saved");
        awaitRewrites(ticker, 5);
        assertEquals(before, fileKey(counter), "the counter's state, unchanged, was not written again over 5 saves");
        assertEquals(COUNT + 1, c.next());
        Await.until(() -> !before.equals(fileKey(counter)), WAIT, "the changed state saved again");
    }

    /** Waits until the file has been replaced {@code n} times (a new file renamed in each time). */
    private static void awaitRewrites(Path file, int n) {
        Set<Object> seen = new HashSet<>();
        Await.until(() -> {
            Object k = fileKey(file);
            if (k != null) {
                seen.add(k);
            }
            return seen.size() > n;
        }, WAIT, () -> file + " rewritten " + n + " times (seen " + seen.size() + ")");
    }

    @Test
    void theStateIsStillSavedAfterCallsFailedWithNothingToRevertTo() throws Exception {
        fw.drop("counter.jar", counterJar("1.0.0", Sources.counter("", "v1", """
                long count;
                public long next() { throw new IllegalStateException("v1 cannot count"); }
                public long get() { return count; }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        assertThrows(IllegalStateException.class, c::next, "nothing to revert to: the caller gets the failure");
        fw.drop("counter.jar", counterJar("1.0.1", Sources.counter("", "v2", "long count;\n" + Sources.COUNTING)));
        RefreshTest.awaitDescribe(c, "v2");
        c.next();
        c.next();
        fw.restart();
        assertEquals(3, counterAfterRestart().next(), "the count v2 reached is saved at the stop, after v1's failures");
    }
}
