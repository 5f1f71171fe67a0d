package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LiveRuntime;
import test.api.Counter;

/**
 * Source folders (issue 15): a folder of the watched folder holding .java files in package folders, and resources,
 * is one bundle; a save of any of its files rebuilds and swaps it, state kept; half a folder never goes live.
 */
class SourceFolderTest extends LiveTest {

    /** The refreshable of the folder: counts by its helper's step, describes itself with its resource. */
    static String folderCounter() {
        return """
                package t.fold;

                import org.osgi.service.component.annotations.Component;
                import dev.doitlive.api.Refreshable;
                import test.api.Counter;

                @Component(service = Counter.class)
                @Refreshable(name = "folder")
                public class FolderCounter implements Counter {
                    long count;
                    public synchronized long next() { count += Steps.step(); return count; }
                    public synchronized long get() { return count; }
                    public String describe() { return Label.text() + " by " + Steps.step(); }
                }
                """;
    }

    static String steps(long step) {
        return """
                package t.fold;

                /** The helper: what next() adds. */
                final class Steps {
                    static long step() { return %d; }
                }
                """.formatted(step);
    }

    /** Reads the folder's resource: a class of another package. */
    static final String LABEL = """
            package t.fold.text;

            import java.io.IOException;
            import java.io.InputStream;
            import java.nio.charset.StandardCharsets;

            public final class Label {
                public static String text() {
                    try (InputStream in = Label.class.getResourceAsStream("/t/fold/label.txt")) {
                        return in == null ? "no label" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                    } catch (IOException e) {
                        return e.toString();
                    }
                }
            }
            """;

    static Map<String, String> counterFolder(String label, long step) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("t/fold/FolderCounter.java", folderCounter().replace("import test.api.Counter;",
                "import test.api.Counter;\nimport t.fold.text.Label;"));
        files.put("t/fold/Steps.java", steps(step));
        files.put("t/fold/text/Label.java", LABEL);
        files.put("t/fold/label.txt", label + "\n");
        return files;
    }

    /** Saves one file of a folder as an editor that saves atomically does: a temporary file, renamed over it. */
    static void saveIn(LiveFramework fw, Path staging, String folder, String path, String text) {
        try {
            Path target = fw.watched().resolve(folder).resolve(path);
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(staging, "save", ".part");
            Files.writeString(tmp, text);
            if (Files.exists(target)) {
                FileTime before = Files.getLastModifiedTime(target);
                if (Files.getLastModifiedTime(tmp).compareTo(before) <= 0) {
                    Files.setLastModifiedTime(tmp, FileTime.fromMillis(before.toMillis() + 1000));
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path staging() {
        try {
            return Files.createDirectories(tmp.resolve("staging"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Counter folderCounter(String describe) {
        Counter c = fw.awaitService(Counter.class, "(doitlive.name=folder)", WAIT);
        RefreshTest.awaitDescribe(c, describe);
        return c;
    }

    String errors(String name) {
        return runtime.errors(name).stream().map(e -> e.message).collect(Collectors.joining("\n"));
    }

    @Test
    void aSecondRefreshableAddedToAFolderLeavesTheFirstLive() {
        fw.dropFolder("counting", counterFolder("v1", 1));
        Counter c = folderCounter("v1 by 1");
        c.next();
        saveIn(fw, staging(), "counting", "t/fold/Second.java", folderCounter().replace("FolderCounter", "Second")
                .replace("name = \"folder\"", "name = \"second\"").replace("return Label.text() + \" by \" + Steps.step();",
                        "return \"second\";"));
        Counter second = fw.awaitService(Counter.class, "(doitlive.name=second)", WAIT);
        Await.until(() -> "second".equals(second.describe()), WAIT, "the second refreshable");
        assertEquals(2, c.next(), "the first serves on with its state");
        Await.until(() -> runtime.describe("folder").status != dev.doitlive.api.RefreshableDTO.Status.DETACHED
                && runtime.describe("folder").status != dev.doitlive.api.RefreshableDTO.Status.UPDATING, WAIT,
                () -> "folder not detached: " + runtime.describe("folder").status);
        assertNull(stderr.find("now declares"), "no rename: " + stderr.runtimeLines());
    }

    @Test
    void aFolderWithAHelperAndAResourceGoesLiveAndAnEditToTheHelperKeepsTheState() {
        fw.dropFolder("counting", counterFolder("v1", 1));
        Counter c = folderCounter("v1 by 1");
        c.next();
        c.next();
        assertEquals("counting", runtime.describe("folder").location.substring(runtime.describe("folder").location.lastIndexOf('/') + 1));

        saveIn(fw, staging(), "counting", "t/fold/Steps.java", steps(10));
        RefreshTest.awaitDescribe(c, "v1 by 10");
        assertEquals(2, c.get(), "the count carried across the helper's edit");
        assertEquals(12, c.next());
        assertEquals(2, runtime.describe("folder").liveSeq);

        saveIn(fw, staging(), "counting", "t/fold/label.txt", "v3\n");
        RefreshTest.awaitDescribe(c, "v3 by 10");
        assertEquals(12, c.get(), "a resource's edit is a new version too, state kept");
    }

    @Test
    void aCompileErrorInAFolderNamesTheFileByItsPathInTheFolderAndIsFiledUnderTheRefreshable() {
        fw.dropFolder("counting", counterFolder("v1", 1));
        Counter c = folderCounter("v1 by 1");
        c.next();
        String broken = steps(5).replace("return 5;", "return 5");
        saveIn(fw, staging(), "counting", "t/fold/Steps.java", broken);
        String where = LiveSourceTest.at("counting/t/fold/Steps.java", broken, "return 5", "return 5".length());
        Await.until(() -> errors("folder").contains(where + ": ';' expected"), WAIT, () -> "the error under folder: " + errors(null));
        assertTrue(errors("folder").contains("counting: does not compile (1 error); the live version stays"), errors("folder"));
        assertEquals("v1 by 1", c.describe(), "the live version still serves");
        assertEquals(2, c.next());

        saveIn(fw, staging(), "counting", "t/fold/Steps.java", steps(5));
        RefreshTest.awaitDescribe(c, "v1 by 5");
        assertEquals(7, c.next(), "state kept through the broken save");
    }

    /** A folder's bnd.bnd importing a package at versions no bundle exports: it builds, and does not resolve. */
    private static final String IMPORTS_NOWHERE = "Import-Package: t.nowhere;version=\"[1.1,2)\", *\n";

    /**
     * A folder whose bundle does not resolve is said in one line, in words, naming the folder: by the runtime for a
     * refreshable's (with what is live), by the source bundle for another (an API folder); never also in the resolver's
     * words.
     */
    @Test
    void aFolderWhoseBundleDoesNotResolveIsSaidOnceInWords() {
        Map<String, String> counting = counterFolder("v1", 1);
        counting.put("bnd.bnd", IMPORTS_NOWHERE);
        fw.dropFolder("counting", counting);
        String words = "it imports package t.nowhere 1.1.0 up to 2.0.0, which no bundle exports in that range (install the bundle that does";
        String line = stderr.await(WAIT, "counting: does not resolve: " + words);
        assertTrue(line.startsWith("counting: does not resolve: " + words) && line.endsWith(" - nothing of counting is live"), line);

        // An API folder holds no refreshable: the source bundle says it. Its line comes after any the source bundle
        // said about counting (one worker, one log), so that counting's are all in by then.
        fw.dropFolder("tools", Map.of("bnd.bnd", IMPORTS_NOWHERE, "t/tools/package-info.java",
                "@org.osgi.annotation.bundle.Export\n@org.osgi.annotation.versioning.Version(\"1.0.0\")\npackage t.tools;\n",
                "t/tools/Tool.java", "package t.tools;\npublic final class Tool { }\n"));
        String tools = stderr.await(WAIT, "tools: does not resolve: " + words);
        assertTrue(tools.startsWith("tools: does not resolve: " + words), tools);
        assertTrue(fw.shell("live:errors --brief").contains("tools: does not resolve: " + words), fw.shell("live:errors --brief"));

        List<String> lines = stderr.runtimeLines();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("counting:")).count(), () -> "counting said once: " + lines);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("tools:")).count(), () -> "tools said once: " + lines);
        assertTrue(lines.stream().noneMatch(l -> l.contains("Unable to resolve")), () -> "no line in the resolver's words: " + lines);
    }

    @Test
    void aFileDeletedFromTheFolderIsGoneFromTheNextVersion() throws IOException {
        Map<String, String> files = counterFolder("v1", 1);
        files.put("t/fold/Extra.java", "package t.fold;\nfinal class Extra { }\n");
        fw.dropFolder("counting", files);
        Counter c = folderCounter("v1 by 1");
        c.next();
        long id = fw.bundle("counting").getBundleId();
        assertNotNull(fw.bundle("counting").getEntry("t/fold/Extra.class"));
        Files.delete(fw.watched().resolve("counting/t/fold/Extra.java"));
        Await.until(() -> !hasEntry(fw.bundle("counting"), "t/fold/Extra.class"), WAIT, "Extra gone from the bundle");
        assertEquals(id, fw.bundle("counting").getBundleId(), "the same bundle, updated");
        assertEquals(1, c.get());
    }

    /**
     * Whether the bundle's current revision has {@code path}; true while it is being updated: Felix's getEntry throws
     * NullPointerException when asked in the moment its old revision's content is closed (seen in a full build).
     */
    private static boolean hasEntry(org.osgi.framework.Bundle b, String path) {
        try {
            return b.getEntry(path) != null;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** A helper whose step is {@code times} times its own number: a constant FolderCounter inlines as well. */
    static String timedSteps(long step, long times) {
        return """
                package t.fold;

                /** The helper: what next() adds, and how many times. */
                final class Steps {
                    public static final long TIMES = %d;

                    static long step() { return %d * TIMES; }
                }
                """.formatted(times, step);
    }

    /** The counter folder whose describe() also says the helper's constant, compiled into FolderCounter. */
    static Map<String, String> timedFolder(long step, long times) {
        Map<String, String> files = counterFolder("v1", 1);
        files.put("t/fold/FolderCounter.java", files.get("t/fold/FolderCounter.java")
                .replace("Label.text() + \" by \" + Steps.step()", "Label.text() + \" by \" + Steps.step() + \" x\" + Steps.TIMES"));
        files.put("t/fold/Steps.java", timedSteps(step, times));
        return files;
    }

    /**
     * A save recompiles only the saved file when the others see it as before (issue 15, fast saves): its users run the
     * new code, with the state kept. A public constant changed is inlined by the files that use it: the whole
     * folder is compiled then, and they say the new value.
     */
    @Test
    void aSavedHelperGoesLiveInItsUsersAndAConstantItChangesReachesTheFilesThatInlineIt() {
        fw.dropFolder("counting", timedFolder(1, 1));
        Counter c = folderCounter("v1 by 1 x1");
        c.next();
        c.next();

        saveIn(fw, staging(), "counting", "t/fold/Steps.java", timedSteps(5, 1));
        RefreshTest.awaitDescribe(c, "v1 by 5 x1");
        assertEquals(2, c.get(), "the count carried across the helper's edit");
        assertEquals(7, c.next());

        saveIn(fw, staging(), "counting", "t/fold/Steps.java", timedSteps(5, 3));
        RefreshTest.awaitDescribe(c, "v1 by 15 x3");
        assertEquals(7, c.get(), "the count carried across the constant's edit");
        assertEquals(22, c.next(), "FolderCounter adds the new step");
        assertEquals(3, runtime.describe("folder").liveSeq);
    }

    /**
     * A file deleted after saves stays gone from every later version (nothing of it is kept from an earlier compile),
     * and deleting a file that others use is a compile error in those files; the live version stays.
     */
    @Test
    void aFileDeletedAfterASaveStaysGoneAndDeletingOneOthersUseIsTheirCompileError() throws IOException {
        Map<String, String> files = timedFolder(1, 1);
        files.put("t/fold/Extra.java", "package t.fold;\nfinal class Extra { }\n");
        fw.dropFolder("counting", files);
        Counter c = folderCounter("v1 by 1 x1");
        c.next();
        saveIn(fw, staging(), "counting", "t/fold/Steps.java", timedSteps(2, 1));
        RefreshTest.awaitDescribe(c, "v1 by 2 x1");

        Files.delete(fw.watched().resolve("counting/t/fold/Extra.java"));
        Await.until(() -> !hasEntry(fw.bundle("counting"), "t/fold/Extra.class"), WAIT, "Extra gone from the bundle");
        saveIn(fw, staging(), "counting", "t/fold/Steps.java", timedSteps(4, 1));
        RefreshTest.awaitDescribe(c, "v1 by 4 x1");
        assertNull(fw.bundle("counting").getEntry("t/fold/Extra.class"), "the deleted file's class is not back");
        assertEquals(1, c.get());

        Files.delete(fw.watched().resolve("counting/t/fold/Steps.java"));
        Await.until(() -> errors("folder").contains("counting/t/fold/FolderCounter.java:"), WAIT,
                () -> "the error in FolderCounter.java under folder: " + errors(null));
        assertTrue(errors("folder").contains("counting: does not compile"), errors("folder"));
        assertEquals("v1 by 4 x1", c.describe(), "the live version still serves");
        assertEquals(5, c.next());
    }

    @Test
    void aFolderCopiedInSlowlyIsNotInstalledBeforeItIsWholeAndQuiet() throws Exception {
        fw.restartWith("doitlive.source.quiet", "3000"); // a copy may pause up to 3 s between two files
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        Path folder = Files.createDirectories(fw.watched().resolve("counting"));
        Map<String, String> whole = counterFolder("whole", 3);
        // A copy in an order in which every part compiles on its own: half of it could go live.
        Map<String, String> order = new LinkedHashMap<>();
        order.put("t/fold/FolderCounter.java", folderCounter().replace("Steps.step()", "1").replace("Label.text()", "\"half\""));
        order.put("t/fold/Steps.java", whole.get("t/fold/Steps.java"));
        order.put("t/fold/text/Label.java", whole.get("t/fold/text/Label.java"));
        order.put("t/fold/label.txt", whole.get("t/fold/label.txt"));
        order.put("t/fold/FolderCounter.java ", whole.get("t/fold/FolderCounter.java"));
        long start = System.currentTimeMillis();
        for (Map.Entry<String, String> f : order.entrySet()) {
            Path p = folder.resolve(f.getKey().strip());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            Thread.sleep(1200); // the copy's pace, not a wait for the runtime: FileInstall and the poll look meanwhile
            assertNull(fw.bundle("counting"), "nothing installed while the folder is being copied in ("
                    + (System.currentTimeMillis() - start) + " ms)");
        }
        Counter c = folderCounter("whole by 3");
        assertEquals(3, c.next());
        assertEquals(1, runtime.describe("folder").liveSeq, "one version: the whole folder");
    }
}
