package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.RefreshableDTO;
import test.api.Counter;

/** A .java file saved in the watched folder: compiled, made a bundle, and from then on an ordinary refreshable. */
class LiveSourceTest extends LiveTest {

    /** A refreshable counter as one source file; {@code step} is what next() adds. */
    static String counter(String describe, String step) {
        return """
                package t.src;

                import org.osgi.service.component.annotations.Component;
                import dev.doitlive.api.Refreshable;
                import test.api.Counter;

                @Component(service = Counter.class)
                @Refreshable(name = "counter")
                public class LiveCounter implements Counter {
                    long count;
                    public synchronized long next() { count += %s; return count; }
                    public synchronized long get() { return count; }
                    public String describe() { return "%s"; }
                }
                """.formatted(step, describe);
    }

    /** The counter of {@link #counter(String, String)} with one more member, on the line before its field. */
    static String counterWith(String describe, String member) {
        return counter(describe, "1").replace("    long count;", "    " + member + "\n    long count;");
    }

    private Counter counter() {
        return fw.awaitService(Counter.class, "(doitlive.name=counter)", WAIT);
    }

    private String errors() {
        return runtime.errors(null).stream().map(e -> e.message).collect(Collectors.joining("\n"));
    }

    /** {@code file:line:column} of a text in a source, as javac counts them (both from 1). */
    static String at(String file, String source, String text, int offset) {
        int index = source.indexOf(text);
        assertTrue(index >= 0, text);
        int line = (int) source.substring(0, index).chars().filter(ch -> ch == '\n').count() + 1;
        int column = index - source.lastIndexOf('\n', index - 1) + offset;
        return file + ":" + line + ":" + column;
    }

    private void awaitError(String part) {
        Await.until(() -> errors().contains(part), WAIT, "an error containing '" + part + "' in live:errors");
    }

    /** A stop in the source kit's first seconds waits for its warm-up (a warm-up compiling on made Felix print errors). */
    @Test
    void aStopWhileTheWarmUpWaitsEndsItFirst() throws Exception {
        Thread warmUp = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("doitlive-source-warm-up"))
                .findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(warmUp != null && warmUp.isAlive(), "the warm-up was over before the test looked");
        fw.restart(() -> assertFalse(warmUp.isAlive(), "the warm-up ended before the source kit stopped"));
    }

    @Test
    void aSavedSourceServesAndAnEditKeepsTheState() {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        c.next();
        c.next();
        fw.save("LiveCounter.java", counter("v2", "10"));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(2, c.get(), "count carried across");
        assertEquals(12, c.next());
        assertEquals(2, runtime.describe("counter").liveSeq);
        assertEquals("t.src.LiveCounter", fw.bundle("t.src.LiveCounter").getSymbolicName());
    }

    @Test
    void aSyntaxErrorKeepsTheLiveVersionAndNamesTheLineAndAFixGoesLive() {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        c.next();
        String broken = counter("v2", "10").replace("count += 10;", "count += 10");
        fw.save("LiveCounter.java", broken);
        // javac points just after the token the semicolon should follow
        String where = at("LiveCounter.java", broken, "count += 10", "count += 10".length());
        awaitError(where + ": ';' expected");
        String all = errors();
        assertTrue(all.contains("LiveCounter.java: does not compile (1 error); the live version stays"), all);
        // Filed under the refreshable the source serves: live:errors counter shows them.
        String own = runtime.errors("counter").stream().map(e -> e.message).collect(Collectors.joining("\n"));
        assertTrue(own.contains(where + ": ';' expected") && own.contains("does not compile"), own);
        assertEquals("v1", c.describe(), "the live version still serves");
        assertEquals(2, c.next());
        assertEquals(1, runtime.describe("counter").liveSeq);

        fw.save("LiveCounter.java", counter("v3", "100"));
        RefreshTest.awaitDescribe(c, "v3");
        assertEquals(102, c.next(), "state kept through the broken save");
    }

    @Test
    void aHalfWrittenSaveNeverReplacesTheLiveVersion() throws Exception {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        c.next();
        Path file = fw.watched().resolve("LiveCounter.java");
        byte[] v2 = counter("v2", "10").getBytes(StandardCharsets.UTF_8);
        int half = v2.length / 2;
        FileTime before = Files.getLastModifiedTime(file);
        Files.write(file, java.util.Arrays.copyOf(v2, half)); // an editor writing in place, stalled halfway
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1000));
        awaitError("LiveCounter.java: does not compile");
        assertEquals("v1", c.describe());
        Files.write(file, java.util.Arrays.copyOfRange(v2, half, v2.length), StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(11, c.next());
    }

    @Test
    void aSourceWrittenInPlaceWithAStallIsNotReportedBeforeItIsWhole() throws Exception {
        fw.restartWith("doitlive.source.quiet", "2000"); // a writer may stall up to 2 s
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        c.next();
        byte[] v2 = counter("v2", "10").getBytes(StandardCharsets.UTF_8);
        int half = v2.length / 2;
        // An editor saving in place: the first half written and on disk, a stall, then the rest.
        try (FileChannel out = FileChannel.open(fw.watched().resolve("LiveCounter.java"), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(v2, 0, half));
            out.force(true);
            Thread.sleep(500); // the stall: long enough for FileInstall to hand the half file over, scans apart
            out.write(ByteBuffer.wrap(v2, half, v2.length - half));
            out.force(true);
        }
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(11, c.next());
        // A broken save after it is reported once it is quiet: by then the half file's turn has long passed.
        String broken = counter("v3", "100").replace("count += 100;", "count += 100");
        fw.save("LiveCounter.java", broken);
        awaitError(at("LiveCounter.java", broken, "count += 100", "count += 100".length()) + ": ';' expected");
        stderr.await(WAIT, "';' expected"); // the lines take their turn after the history's writes
        List<String> reported = stderr.runtimeLines().stream().filter(l -> l.startsWith("LiveCounter.java:")).toList();
        assertEquals(List.of("LiveCounter.java: does not compile (1 error); the live version stays",
                at("LiveCounter.java", broken, "count += 100", "count += 100".length()) + ": ';' expected"), reported,
                "only the stable broken save is reported, not the half-written one");
        assertEquals("v2", c.describe());
    }

    @Test
    void aSaveWrittenInPlaceInTwoPartsNeverMakesTheFirstPartLiveEvenIfItCompiles() throws Exception {
        // The writer's pause below is well inside the quiet period, and long enough for a build of the first part even
        // on a loaded machine (seen: 1.2 s), which the kit made live before it held a file written in place.
        fw.restartWith("doitlive.source.quiet", "8000");
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        c.next();
        byte[] first = counter("v2", "10").getBytes(StandardCharsets.UTF_8); // a whole class: it compiles alone
        byte[] rest = "\nclass LiveCounterTail {\n}\n".getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(fw.watched().resolve("LiveCounter.java"), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(first));
            out.force(true);
            long pauseEnd = System.nanoTime() + 3_000_000_000L; // the writer's pause: the first part alone on disk
            while (System.nanoTime() < pauseEnd) {
                assertEquals("v1", c.describe(), "the first part of the save went live");
                Thread.sleep(20);
            }
            out.write(ByteBuffer.wrap(rest));
            out.force(true);
        }
        Await.until(() -> holds(fw.bundle("t.src.LiveCounter"), "t/src/LiveCounterTail.class"), WAIT.plus(WAIT),
                "the whole save built, once quiet");
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(2, runtime.describe("counter").liveSeq, "one version for the whole save, none for its first part");
        assertEquals(11, c.next());
    }

    /** Whether the bundle's current revision holds the entry; false while an update replaces it. */
    private static boolean holds(org.osgi.framework.Bundle b, String entry) {
        try {
            return b.getEntry(entry) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void aSaveRenamedInGoesLiveWithoutWaitingForTheQuietPeriod() throws Exception {
        try (java.nio.file.WatchService s = java.nio.file.FileSystems.getDefault().newWatchService()) {
            org.junit.jupiter.api.Assumptions.assumeFalse(s.getClass().getName().contains("Polling"),
                    "this platform's watch service polls: the source kit leaves the files to FileInstall");
        }
        fw.restartWith("doitlive.source.quiet", "60000"); // longer than the wait below
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        c.next();
        fw.save("LiveCounter.java", counter("v2", "10")); // written outside, renamed in: whole when it arrives
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(11, c.next());
    }

    @Test
    void aSaveBackToTheLiveSourceEndsItsCompileErrorInOneLine() {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        c.next();
        fw.save("LiveCounter.java", counter("v2", "10").replace("count += 10;", "count += 10"));
        awaitError("LiveCounter.java: does not compile (1 error); the live version stays");
        // Where a user looks: live:list says the source failed and why; its ERRORS count failed calls only.
        Await.until(() -> runtime.describe("counter").status == RefreshableDTO.Status.FAILED, WAIT, "counter failed");
        String listed = fw.shell("live:list");
        assertTrue(listed.contains("counter failed: LiveCounter.java: does not compile (1 error); the live version stays"), listed);
        assertEquals(0, runtime.describe("counter").errors, "a compile error is no failed call");
        fw.save("LiveCounter.java", counter("v1", "1")); // the live version's text again: nothing to build
        String line = stderr.await(WAIT, "LiveCounter.java: back to the live source (seq 1); the compile error is gone");
        // The line reaches live:errors through the log (its listener is told after the console's logger): awaited.
        Await.until(() -> line.equals(runtime.errors("counter").get(0).message), WAIT,
                () -> "the compile error is no longer the newest news of counter: " + runtime.errors("counter").get(0).message);
        RefreshableDTO d = runtime.describe("counter");
        assertFalse(d.lastError.contains("does not compile") || d.lastError.contains("expected"), d.lastError);
        assertTrue(d.status == RefreshableDTO.Status.OK || d.status == RefreshableDTO.Status.PROBATION, d.status::toString);
        assertEquals(0, d.errors, "no call failed");
        assertEquals(1, d.liveSeq);
        assertEquals("v1", c.describe());
        assertEquals(2, c.next());
        assertEquals(1, stderr.runtimeLines().stream().filter(line::equals).count(), "said once");
    }

    @Test
    void aSourceSavedBeforeItsApiIsBuiltWhenTheApiArrives() throws Exception {
        fw.save("Beat.java", beat("v1"));
        awaitError("Beat.java:4:18: package t.beat.api does not exist");
        fw.drop("beat-api.jar", beatApi());
        Await.until(() -> runtime.list().size() == 1, WAIT, "beat built and live once its API is there");
        assertEquals("v1 1", runtime.call("beat", "describe", List.of()));
    }

    @Test
    void aSourceWhoseApiBundleWasDeletedServesAgainWhenTheApiComesBack() throws Exception {
        byte[] api = beatApi();
        fw.drop("beat-api.jar", api);
        Await.until(() -> fw.bundle("t.beat.api") != null && fw.bundle("t.beat.api").getState() == org.osgi.framework.Bundle.ACTIVE,
                WAIT, "the API bundle");
        fw.save("Beat.java", beat("v1"));
        Await.until(() -> runtime.list().size() == 1, WAIT, "beat live");
        assertEquals("v1 1", runtime.call("beat", "describe", List.of()));
        fw.remove("beat-api.jar");
        Await.until(() -> fw.bundle("t.beat.api") == null && fw.bundle("t.src.Beat").getState() == org.osgi.framework.Bundle.INSTALLED,
                WAIT, "the API gone and beat's bundle unresolved");
        fw.drop("beat-api.jar", api);
        Await.until(() -> fw.bundle("t.src.Beat").getState() == org.osgi.framework.Bundle.ACTIVE, WAIT,
                () -> "beat's bundle started again without a refresh by hand: " + fw.bundle("t.src.Beat").getState());
        Await.until(() -> runtime.describe("beat").status != RefreshableDTO.Status.UPDATING, WAIT,
                () -> "beat to settle: " + runtime.describe("beat").status);
        assertEquals("v1 2", runtime.call("beat", "describe", List.of()), "served by the source, its state carried");
    }

    @Test
    void aBodyOnlySaveAfterItsApiMovedToANewMajorVersionImportsTheNewVersion() throws Exception {
        fw.drop("beat-api.jar", beatApi("1.0.0"));
        fw.save("Beat.java", beat("v1"));
        Await.until(() -> runtime.list().size() == 1, WAIT, "beat live");
        fw.save("Beat.java", beat("v2")); // only the body: the bundle keeps its manifest
        Await.until(() -> beatSays().startsWith("v2 "), WAIT, () -> "v2 live: " + beatSays());
        fw.drop("beat-api.jar", beatApi("2.0.0"));
        Await.until(() -> fw.bundle("t.beat.api").getVersion().getMajor() == 2, WAIT, "the API at 2.0.0");
        fw.save("Beat.java", beat("v3")); // only the body again, but what it was compiled against changed
        Await.until(() -> fw.bundle("t.src.Beat").getState() == org.osgi.framework.Bundle.ACTIVE
                && String.valueOf(fw.bundle("t.src.Beat").getHeaders().get("Import-Package")).contains("[2.0,3)"), WAIT,
                () -> "beat's bundle imports the API at 2: " + fw.bundle("t.src.Beat").getHeaders().get("Import-Package"));
        Await.until(() -> beatSays().startsWith("v3 "), WAIT, () -> "v3 live: " + beatSays());
    }

    private String beatSays() {
        try {
            return String.valueOf(runtime.call("beat", "describe", List.of()));
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void aSourceWhoseApiArrivesAtANewMajorVersionIsBuiltAgainByItself() throws Exception {
        fw.drop("beat-api.jar", beatApi("1.0.0"));
        fw.save("Beat.java", beat("v1"));
        Await.until(() -> beatSays().startsWith("v1 "), WAIT, () -> "v1 live: " + beatSays());
        fw.drop("beat-api.jar", beatApi("2.0.0")); // the file is not saved again
        Await.until(() -> fw.bundle("t.src.Beat").getState() == org.osgi.framework.Bundle.ACTIVE
                && String.valueOf(fw.bundle("t.src.Beat").getHeaders().get("Import-Package")).contains("[2.0,3)"), WAIT,
                () -> "beat's bundle built again against the API at 2: " + fw.bundle("t.src.Beat").getState() + " "
                        + fw.bundle("t.src.Beat").getHeaders().get("Import-Package") + "\n" + stderr.runtimeLines());
        Await.until(() -> beatSays().startsWith("v1 "), WAIT, () -> "served again: " + beatSays());
        assertTrue(stderr.runtimeLines().stream().noneMatch(l -> l.contains("which no bundle exports now")),
                () -> "the package is exported, at another version: " + stderr.runtimeLines());
    }

    @Test
    void aRevertToAVersionBuiltAgainstAnOldApiSaysWhichPackageInPlainWords() throws Exception {
        aSourceWhoseApiArrivesAtANewMajorVersionIsBuiltAgainByItself(); // seq 1 against the API at 1, seq 2 at 2
        String line = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:revert --to 1 beat")).getMessage();
        assertTrue(line.startsWith("beat: cannot bring seq 1 (0.0.0) back: it imports package t.beat.api 1.0.0 up to 2.0.0,"
                + " which no bundle exports in that range"), line);
        assertEquals(line, stderr.await(WAIT, "beat: cannot bring seq 1"), "the same line on the console");
        assertFalse(line.contains("osgi.wiring.package") || line.contains("Unable to resolve"), line);
        Await.until(() -> beatSays().startsWith("v1 "), WAIT, () -> "seq 2 serves on: " + beatSays());
    }

    @Test
    void aSourceAndItsApiInTheFolderAtAFreshStartComeUpTogetherWithoutACompileError() throws Exception {
        fw.restartWith("doitlive.source.quiet", "2000"); // time enough for FileInstall to bring the API in
        fw.restart(() -> {
            try {
                // as --clean leaves it: an empty storage, and both files already in the watched folder
                try (var files = Files.walk(tmp.resolve("storage"))) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
                Files.write(fw.watched().resolve("beat-api.jar"), beatApi());
                Files.writeString(fw.watched().resolve("Beat.java"), beat("v1"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        Await.until(() -> runtime.list().size() == 1, WAIT, "beat live");
        assertEquals("v1 1", runtime.call("beat", "describe", List.of()));
        assertTrue(stderr.runtimeLines().stream().noneMatch(l -> l.contains("does not compile")), stderr.runtimeLines()::toString);
    }

    /** An API bundle of its own, {@code t.beat.api.Pulse}, and a live source implementing it. */
    static byte[] beatApi() {
        return beatApi("1.0.0");
    }

    static byte[] beatApi(String version) {
        return TestBundles.bundle("t.beat.api", version,
                Sources.of("t.beat.api.Pulse", "package t.beat.api; public interface Pulse { String describe(); }"),
                "Export-Package: t.beat.api;version=" + version);
    }

    static String beat(String label) {
        return """
                package t.src;
                import org.osgi.service.component.annotations.Component;
                import dev.doitlive.api.Refreshable;
                import t.beat.api.Pulse;
                @Component(service = Pulse.class)
                @Refreshable(name = "beat")
                public class Beat implements Pulse {
                    int n;
                    public String describe() { return "%s " + (++n); }
                }
                """.formatted(label);
    }

    @Test
    void aClassThatIsNotRefreshableIsRefusedAndNothingElseIsDisturbed() {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        fw.save("Plain.java", "package t.src; public class Plain { }");
        awaitError("Plain.java: Plain is not refreshable: annotate it with @Component");
        assertEquals(null, fw.bundle("t.src.Plain"), "nothing installed");
        assertEquals(1, c.next());
    }

    /** bnd refused a class of the default package with several lines of its own, about Eclipse. */
    @Test
    void aSourceInTheDefaultPackageIsRefusedInOneLine() {
        fw.save("Dflt.java", """
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                @Component(service = Runnable.class)
                @Refreshable(name = "dflt")
                public class Dflt implements Runnable { public void run() { } }
                """);
        awaitError("Dflt.java: Dflt is in the default package, which a bundle cannot hold: give it a package"
                + " (package live; as its first line); nothing installed");
        String line = runtime.errors(null).stream().map(e -> e.message).filter(m -> m.startsWith("Dflt.java")).findFirst().orElseThrow();
        assertFalse(line.contains("\n") || line.contains("Eclipse"), line);
        assertEquals(null, fw.bundle("Dflt"), "nothing installed");
    }

    @Test
    void anImportNobodyExportsIsACompileErrorNamingThePackage() {
        String needy = """
                package t.src;

                import nobody.exports.This;

                public class Needy { }
                """;
        fw.save("Needy.java", needy);
        awaitError(at("Needy.java", needy, ".This", 0) + ": package nobody.exports does not exist");
        assertTrue(errors().contains("Needy.java: does not compile (1 error); nothing installed"), errors());
    }

    @Test
    void liveRefreshRecompilesTheFileAsItIsNow() throws Exception {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        c.next();
        // A change FileInstall's scan cannot see: same length, same modification time. The kernel's word of the rename
        // may build it first (seq 2, then live:refresh's seq 3) or not (live:refresh's seq 2): either way the file as it
        // is now is live when live:refresh returns, and it says so.
        fw.replaceUnseen("LiveCounter.java", counter("v2", "7"));
        String out = fw.shell("live:refresh counter");
        assertTrue(out.matches("(?s).*counter: seq [23] \\(0\\.0\\.0\\) is live.*"), out);
        assertEquals("v2", c.describe());
        assertEquals(8, c.next());
    }

    @Test
    void liveRefreshOfASourceThatNoLongerCompilesSaysWhyAndKeepsTheLiveVersion() throws Exception {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        String broken = counter("v2", "q");
        fw.replaceUnseen("LiveCounter.java", broken);
        String out = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:refresh counter")).getMessage();
        assertTrue(out.contains(at("LiveCounter.java", broken, "q", 0) + ": cannot find symbol, symbol: variable q"), out);
        assertTrue(out.contains("stays live"), out);
        assertEquals("v1", c.describe());
        assertEquals(1, c.next());
    }

    /**
     * live:new answers that the refreshable is live only when the runtime serves it: a history that cannot be made
     * (a file where its folder goes) leaves it not live, and the answer says why (before: "sig is live" while the
     * runtime had said "nothing of sig is live"). Found by a README-only try-out.
     */
    @Test
    void liveNewOfARefreshableThatDoesNotComeUpSaysWhy() throws Exception {
        Path history = tmp.resolve("storage").resolve("bundle" + fw.bundle("dev.doitlive.runtime").getBundleId())
                .resolve("data").resolve("history");
        Files.createDirectories(history);
        Files.writeString(history.resolve("sig"), "in the way of the history's folder");
        String out = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:new sig")).getMessage();
        assertTrue(out.contains("live:new: wrote " + fw.watched().resolve("Sig.java") + " but it did not go live: Sig.java: ")
                && out.contains("nothing of sig is live"), out);
    }

    @Test
    void liveNewWritesAStarterThatIsLiveAtOnce() throws Exception {
        String out = fw.shell("live:new wobble");
        assertTrue(out.contains("Wobble.java (signal); wobble is live"), out);
        assertTrue(Files.exists(fw.watched().resolve("Wobble.java")));
        assertEquals("1.0", fw.shell("live:call wobble applyAsDouble 0.25").strip());

        out = fw.shell("live:new --loop beat");
        assertTrue(out.contains("Beat.java (loop); beat is live"), out);
        Await.until(() -> Long.parseLong(runtime.state("beat").get("beats")) > 0, WAIT, "the loop stepping");

        String again = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:new wobble")).getMessage();
        assertTrue(again.contains("Wobble.java exists already; edit it, or pick another name"), again);
    }

    @Test
    void liveNewWritesAPatternWhenTheShowsApiIsInstalled() throws Exception {
        // the light show's API bundle, built from its sources in this repository
        Map<String, String> api = new LinkedHashMap<>();
        try (var files = Files.list(Path.of("../bundles/examples/show/api/src/main/java/example/show/api"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString().replace(".java", "");
                api.put("example.show.api." + name, Files.readString(f));
            }
        }
        fw.drop("show-api.jar", TestBundles.bundle("example.show.api", "1.0.0", api));
        Await.until(() -> fw.bundle("example.show.api") != null
                && fw.bundle("example.show.api").getState() == org.osgi.framework.Bundle.ACTIVE, WAIT, "the show's API");
        String out = fw.shell("live:new my-dot");
        assertTrue(out.contains("MyDot.java (pattern); my-dot is live"), out);
        assertEquals("0.0.0", runtime.describe("my-dot").liveBundleVersion);
    }

    @Test
    void aSourceStaysLiveAcrossARestartWithoutBeingBuiltAgain() throws Exception {
        fw.save("LiveCounter.java", counter("v1", "1"));
        counter().next();
        long bundleId = fw.bundle("t.src.LiveCounter").getBundleId();
        fw.restart();
        runtime = fw.awaitService(dev.doitlive.api.LiveRuntime.class, null, WAIT);
        Counter c = counter();
        assertEquals("v1", c.describe());
        assertEquals(bundleId, fw.bundle("t.src.LiveCounter").getBundleId());
        assertEquals(1, runtime.describe("counter").liveSeq, "the same version, not a new build of it");
        fw.save("LiveCounter.java", counter("v2", "5"));
        RefreshTest.awaitDescribe(c, "v2");
    }

    @Test
    void aRevertOfASourceStandsAcrossARestart() throws Exception {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        fw.save("LiveCounter.java", counter("v2", "5"));
        RefreshTest.awaitDescribe(c, "v2");
        dev.doitlive.api.OutcomeDTO o = runtime.revert("counter", -1, WAIT.toMillis());
        assertTrue(o.ok, o.message);
        RefreshTest.awaitDescribe(c, "v1");
        fw.restart();
        runtime = fw.awaitService(dev.doitlive.api.LiveRuntime.class, null, WAIT);
        Counter after = counter();
        assertEquals("v1", after.describe(), "the file did not change: the version reverted to stays, as for a jar");
        assertEquals(1, runtime.describe("counter").liveSeq);
        fw.save("LiveCounter.java", counter("v3", "7")); // a new save is taken as always
        RefreshTest.awaitDescribe(after, "v3");
    }

    @Test
    void theSameTextSavedAgainAfterARevertIsTakenAgain() throws Exception {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        fw.save("LiveCounter.java", counter("v2", "5"));
        RefreshTest.awaitDescribe(c, "v2");
        assertTrue(runtime.revert("counter", -1, WAIT.toMillis()).ok);
        RefreshTest.awaitDescribe(c, "v1");
        // The file still holds v2's text (a revert, a cancelled held version or one failed on probation leave it so):
        // saving it again is asking for it again, while the runtime runs.
        fw.save("LiveCounter.java", counter("v2", "5"));
        RefreshTest.awaitDescribe(c, "v2");
    }

    @Test
    void aSourceDeletedWhileTheRuntimeIsStoppedStaysDeletedAndItsHistoryIsKept() throws Exception {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        c.next();
        fw.save("LiveCounter.java", counter("v2", "2"));
        RefreshTest.awaitDescribe(c, "v2");
        fw.restart(() -> fw.remove("LiveCounter.java"));
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        stderr.await(WAIT, "LiveCounter.java: deleted while the runtime was stopped - counter is gone");
        assertNull(fw.bundle("t.src.LiveCounter"), "its bundle uninstalled");
        assertTrue(runtime.list().isEmpty(), "nothing of it live");
        fw.restart();
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        assertTrue(runtime.list().isEmpty(), "and at the next start neither");

        fw.save("LiveCounter.java", counter("v3", "3"));
        RefreshTest.awaitDescribe(counter(), "v3");
        assertEquals(List.of(3L, 2L, 1L), runtime.history("counter").stream().map(v -> v.seq).toList(), "history kept");
    }

    @Test
    void deletingTheSourceUninstallsItsBundleAndCallersKeepTheLastInstance() {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        c.next();
        fw.remove("LiveCounter.java");
        Await.until(() -> fw.bundle("t.src.LiveCounter") == null, WAIT, "the source's bundle uninstalled");
        // The runtime hears of the uninstall on its swap thread a moment after the framework says it is gone.
        Await.until(() -> runtime.describe("counter").status == dev.doitlive.api.RefreshableDTO.Status.DETACHED, WAIT,
                "counter detached");
        assertEquals(2, c.next(), "the last instance serves on, with its state");
    }

    @Test
    void aNewReferenceNoServiceMatchesIsNamedInTheLineOfTheVersionThatDidNotComeUp() {
        fw.save("LiveCounter.java", counter("v1", "1"));
        Counter c = counter();
        c.next();
        fw.save("LiveCounter.java", counterWith("v2", "@org.osgi.service.component.annotations.Reference java.util.concurrent.ThreadFactory nobody;"));
        String line = stderr.await(WAIT, "LiveCounter.java", "did not appear");
        assertTrue(line.contains("waits for reference 'nobody' (java.util.concurrent.ThreadFactory): no such service"), line);
        assertEquals("v1", c.describe(), "the live version stays");
    }

    @Test
    void aSaveBackToTheLiveSourceAfterAComponentThatDidNotActivateEndsTheFailure() {
        String v1 = counter("v1", "1");
        fw.save("LiveCounter.java", v1);
        Counter c = counter();
        c.next();
        fw.save("LiveCounter.java", counterWith("v2",
                "@org.osgi.service.component.annotations.Activate void activate() { throw new IllegalStateException(\"no\"); }"));
        Await.until(() -> runtime.describe("counter").status == dev.doitlive.api.RefreshableDTO.Status.FAILED, WAIT,
                () -> "v2 failed to come in: " + runtime.describe("counter").status);
        fw.save("LiveCounter.java", v1);
        stderr.await(WAIT, "LiveCounter.java: back to the live source (seq 1); the problem is gone");
        Await.until(() -> runtime.describe("counter").status != dev.doitlive.api.RefreshableDTO.Status.FAILED, WAIT,
                () -> "live:list no longer says failed: " + runtime.describe("counter").lastError);
        assertEquals("v1", c.describe());
    }

    @Test
    void aRefreshableRenamedInItsFileDetachesTheOldNameAndNamedBackTakesItsStateUp() {
        String v1 = counter("v1", "1");
        fw.save("LiveCounter.java", v1);
        Counter c = counter();
        c.next();
        c.next();
        fw.save("LiveCounter.java", v1.replace("name = \"counter\"", "name = \"tally\""));
        stderr.await(WAIT, "LiveCounter.java: now declares tally instead of counter - counter's service is withdrawn");
        Await.until(() -> runtime.describe("counter").status == dev.doitlive.api.RefreshableDTO.Status.DETACHED, WAIT,
                () -> "counter detached: " + runtime.describe("counter").status);
        Counter tally = fw.awaitService(Counter.class, "(doitlive.name=tally)", WAIT);
        assertEquals(1, tally.next(), "a new refreshable, its own state");
        fw.save("LiveCounter.java", v1.replace("\"v1\"", "\"v2\""));
        stderr.await(WAIT, "LiveCounter.java: now declares counter instead of tally");
        Counter back = fw.awaitService(Counter.class, "(doitlive.name=counter)", WAIT);
        Await.until(() -> "v2".equals(back.describe()), WAIT, "counter back at v2");
        assertEquals(3, back.next(), "counter's state taken up again");
        assertTrue(fw.shell("live:forget tally").contains("tally"), "the detached name can be forgotten");
        assertNull(stderr.find("did not appear"), "no false failure: " + stderr.runtimeLines());
        assertNull(stderr.find("its component was deactivated"), "no false cause: " + stderr.runtimeLines());
    }

    @Test
    void aSourceDeletedAgainAfterItCameBackIsSaidAgain() {
        String line = "LiveCounter.java: deleted from the watched folder - counter's service is withdrawn";
        for (int round = 1; round <= 2; round++) {
            fw.save("LiveCounter.java", counter("v" + round, "1"));
            int r = round;
            Await.until(() -> runtime.list().stream().anyMatch(d -> d.name.equals("counter")
                    && d.status != dev.doitlive.api.RefreshableDTO.Status.DETACHED) && fw.bundle("t.src.LiveCounter") != null,
                    WAIT, "counter live, round " + r);
            fw.remove("LiveCounter.java");
            Await.until(() -> stderr.runtimeLines().stream().filter(l -> l.startsWith(line)).count() == r, WAIT,
                    () -> "the deletion said " + r + " times: " + stderr.runtimeLines());
        }
    }

    @Test
    void aSourceDeletedBeforeFileInstallTookItHasItsBundleUninstalled() throws Exception {
        // FileInstall tells only the deletion of a file it took (two of its scans agreed on it): one saved and deleted
        // sooner was built from the watch's word alone. Here FileInstall never takes a .java: its filter leaves them out.
        Path config = tmp.resolve("config");
        try (var files = Files.list(Path.of(System.getProperty("doitlive.config", "../config")))) {
            Files.createDirectories(config);
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, config.resolve(f.getFileName()));
            }
        }
        Files.writeString(config.resolve("org.apache.felix.fileinstall-load.cfg"), "\nfelix.fileinstall.filter = .*\\\\.(jar|cfg)\n",
                StandardOpenOption.APPEND);
        fw.restartWithConfig(config);
        fw.save("LiveCounter.java", counter("v1", "1"));
        assertEquals(1, counter().next());
        fw.remove("LiveCounter.java");
        Await.until(() -> fw.bundle("t.src.LiveCounter") == null, WAIT, () -> "its bundle uninstalled: " + stderr.runtimeLines());
        Await.until(() -> stderr.find("LiveCounter.java: deleted from the watched folder - counter's service is withdrawn") != null,
                WAIT, () -> "the deletion said: " + stderr.runtimeLines());
        fw.save("LiveCounter.java", counter("v2", "1"));
        Await.until(() -> "v2".equals(counter().describe()), WAIT, "counter back at v2");
        assertEquals(2, counter().next(), "its state taken up again");
    }

    @Test
    void liveNewWithoutANameOrWithHelpPrintsItsUsage() {
        assertTrue(fw.shell("live:new").startsWith("live:new [--loop | --signal | --synth] NAME"));
        assertTrue(fw.shell("live:new --help").startsWith("live:new [--loop | --signal | --synth] NAME"));
    }

    @Test
    void liveNewRefusesANameThatIsNotAClassName() {
        String out = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:new 9lives")).getMessage();
        assertEquals("live:new: '9lives' is not a usable name: start with a letter, then letters, digits, - or _", out);
    }
}
