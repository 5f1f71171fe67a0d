package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * Live APIs (issue 15): a source folder exports a package with bnd's {@code @Export @Version} in its
 * {@code package-info.java}; other folders implement its interface without Maven; a changed interface brings its
 * implementers along (built again against it, swapped with their state) or, if one of them does not compile against
 * it, nothing changes until it does.
 */
class LiveApiTest extends LiveTest {

    static Map<String, String> api(String extra) {
        return Map.of(
                "shapes/api/package-info.java", """
                        @org.osgi.annotation.bundle.Export
                        @org.osgi.annotation.versioning.Version("1.0.0")
                        package shapes.api;
                        """,
                "shapes/api/Shape.java", """
                        package shapes.api;

                        public interface Shape {
                            String name();
                            long grow();
                            %s
                        }
                        """.formatted(extra));
    }

    static Map<String, String> shape(String name, String extra) {
        return shape(name, "", "return ++size;", extra);
    }

    /** A shape whose grow() is {@code grow}, with {@code imports} for it (on the line of the others: the lines stay where errors name them). */
    static Map<String, String> shape(String name, String imports, String grow, String extra) {
        String type = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        return Map.of("shapes/" + name + "/" + type + ".java", """
                package shapes.%s;

                import org.osgi.service.component.annotations.Component;
                import dev.doitlive.api.Refreshable;
                import shapes.api.Shape;%s

                @Component(service = Shape.class)
                @Refreshable(name = "%s")
                public class %s implements Shape {
                    long size;
                    public String name() { return "%s"; }
                    public synchronized long grow() { %s }
                    %s
                }
                """.formatted(name, imports, name, type, name, grow, extra));
    }

    private Object call(String name, String method) {
        try {
            return runtime.call(name, method, List.of());
        } catch (Exception e) {
            throw new AssertionError(name + "." + method + "() threw " + e, e);
        }
    }

    private void awaitCall(String name, String method, Object expected) {
        Await.until(() -> {
            try {
                return expected.equals(runtime.call(name, method, List.of()));
            } catch (Exception e) {
                return false;
            }
        }, WAIT, () -> name + "." + method + "() == " + expected);
    }

    private String errors(String name) {
        return runtime.errors(name).stream().map(e -> e.message).collect(Collectors.joining("\n"));
    }

    /** The API folder and two folders implementing its interface, each live and grown twice. */
    private void twoShapesLive() {
        fw.dropFolder("shapes-api", api(""));
        fw.dropFolder("circle", shape("circle", ""));
        fw.dropFolder("square", shape("square", ""));
        awaitCall("circle", "name", "circle");
        awaitCall("square", "name", "square");
        for (String s : List.of("circle", "square")) {
            call(s, "grow");
            assertEquals(2L, call(s, "grow"));
        }
    }

    private java.nio.file.Path staging() {
        try {
            return java.nio.file.Files.createDirectories(tmp.resolve("staging"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aFolderExportsAnApiThatTwoFoldersImplement() {
        twoShapesLive();
        Bundle api = fw.bundle("shapes-api");
        assertTrue(api.getHeaders().get("Export-Package").contains("shapes.api;version=\"1.0.0\""), api.getHeaders().get("Export-Package"));
        String imports = fw.bundle("circle").getHeaders().get("Import-Package");
        assertTrue(imports.contains("shapes.api;version=\"[1.0,2)\""), imports);
        String list = fw.shell("live:list");
        assertTrue(list.contains("circle uses shapes-api") && list.contains("square uses shapes-api"), list);
    }

    @Test
    void aDeletedApiFolderIsSaidInOneLineAndItsImplementersWaitForIt() throws java.io.IOException {
        twoShapesLive();
        stderr.clear();
        java.nio.file.Path api = fw.watched().resolve("shapes-api");
        try (var walk = java.nio.file.Files.walk(api)) {
            for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
        stderr.await(WAIT, "shapes-api: deleted from the watched folder - its bundle shapes-api is uninstalled");
        Await.until(() -> runtime.describe("circle").status == dev.doitlive.api.RefreshableDTO.Status.WAITING, WAIT,
                () -> "circle waits for the API: " + runtime.describe("circle").status);
        assertEquals(null, stderr.find("shapes-api: holds no .java file"), "a folder deleted is not an empty folder");
        assertEquals(3L, call("circle", "grow"), "circle's last instance serves on, its state kept");
    }

    @Test
    void aCallNeedingAClassOfADeletedApiFailsWithoutRevertingTheVersion() throws java.io.IOException {
        Map<String, String> api = new java.util.HashMap<>(api(""));
        api.put("shapes/api/Greeting.java", "package shapes.api; public class Greeting { public static long of(String n) { return n.length(); } }");
        fw.dropFolder("shapes-api", api);
        fw.dropFolder("circle", shape("circle", ""));
        awaitCall("circle", "name", "circle");
        // v2 grows through a class of the API that nothing has loaded yet
        SourceFolderTest.saveIn(fw, staging(), "circle", "shapes/circle/Circle.java",
                shape("circle", "", "size += shapes.api.Greeting.of(name()); return size;", "").get("shapes/circle/Circle.java"));
        Await.until(() -> runtime.describe("circle").liveSeq == 2, WAIT, "v2 live");
        try (var walk = java.nio.file.Files.walk(fw.watched().resolve("shapes-api"))) {
            for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
        Await.until(() -> runtime.describe("circle").status == dev.doitlive.api.RefreshableDTO.Status.WAITING, WAIT,
                () -> "circle waits for the API: " + runtime.describe("circle").status);
        assertThrows(Exception.class, () -> runtime.call("circle", "grow", List.of()), "the class cannot be loaded");
        Await.until(() -> errors("circle").contains("circle: call grow() threw"), WAIT, () -> "filed: " + errors("circle"));
        assertTrue(errors("circle").contains("no revert: the version is not at fault"), errors("circle"));
        assertNull(stderr.find("reverting circle"), "not reverted: " + stderr.runtimeLines());
        assertEquals(2, runtime.describe("circle").liveSeq, "v2 stays");
    }

    @Test
    void aChangedInterfaceBringsBothImplementersAlongWithTheirState() {
        twoShapesLive();
        long circleModified = fw.bundle("circle").getLastModified();
        SourceFolderTest.saveIn(fw, staging(), "shapes-api", "shapes/api/Shape.java",
                api("default String hello() { return \"hello \" + name(); }").get("shapes/api/Shape.java"));
        awaitCall("circle", "hello", "hello circle");
        awaitCall("square", "hello", "hello square");
        assertEquals(3L, call("circle", "grow"), "circle's state kept");
        assertEquals(3L, call("square", "grow"), "square's state kept");
        assertTrue(fw.bundle("circle").getLastModified() > circleModified, "circle built again against the new API");
    }

    @Test
    void aChangedInterfaceThatOneImplementerDoesNotCompileAgainstChangesNothingUntilItDoes() {
        twoShapesLive();
        long apiModified = fw.bundle("shapes-api").getLastModified();
        long circleSeq = runtime.describe("circle").liveSeq;
        SourceFolderTest.saveIn(fw, staging(), "shapes-api", "shapes/api/Shape.java",
                api("String color();").get("shapes/api/Shape.java"));
        // Each implementer's error is filed under it, by its path in its folder; one line says what waits.
        Await.until(() -> errors("circle").contains("circle/shapes/circle/Circle.java:9:8: shapes.circle.Circle is not abstract")
                && errors("square").contains("square/shapes/square/Square.java:9:8: shapes.square.Square is not abstract")
                && errors(null).contains("shapes-api: changed, but circle, square, which use it, do not compile against its"
                        + " new version - nothing is swapped"), WAIT, () -> "both implementers' errors: " + errors(null));
        assertEquals(apiModified, fw.bundle("shapes-api").getLastModified(), "the API is not installed");
        assertEquals(3L, call("circle", "grow"), "the live versions serve");

        // One fixed: still nothing, the other does not compile yet.
        SourceFolderTest.saveIn(fw, staging(), "circle", "shapes/circle/Circle.java",
                shape("circle", "public String color() { return \"red\"; }").get("shapes/circle/Circle.java"));
        Await.until(() -> errors(null).contains("shapes-api: changed, but square, which uses it, does not compile"), WAIT,
                () -> "the API still waiting for square: " + errors(null));
        assertEquals(apiModified, fw.bundle("shapes-api").getLastModified(), "the API is not installed");
        assertEquals(circleSeq, runtime.describe("circle").liveSeq, "circle stays at its version");

        // Both fixed: all three go live, the state kept.
        SourceFolderTest.saveIn(fw, staging(), "square", "shapes/square/Square.java",
                shape("square", "public String color() { return \"blue\"; }").get("shapes/square/Square.java"));
        awaitCall("circle", "color", "red");
        awaitCall("square", "color", "blue");
        assertEquals(4L, call("circle", "grow"));
        assertEquals(3L, call("square", "grow"));
    }

    @Test
    void aUserSavedBackToItsLiveTextLetsTheApiChangeThatWaitedForItGoLive() {
        twoShapesLive();
        String live = shape("circle", "").get("shapes/circle/Circle.java");
        SourceFolderTest.saveIn(fw, staging(), "circle", "shapes/circle/Circle.java", live.replace("return ++size;", "return ++size"));
        Await.until(() -> errors("circle").contains("does not compile"), WAIT, () -> "circle broken: " + errors(null));
        SourceFolderTest.saveIn(fw, staging(), "shapes-api", "shapes/api/Shape.java",
                api("default String hello() { return \"hello \" + name(); }").get("shapes/api/Shape.java"));
        Await.until(() -> errors(null).contains("shapes-api: changed, but circle, which uses it, does not compile"), WAIT,
                () -> "the API waits for circle: " + errors(null));
        SourceFolderTest.saveIn(fw, staging(), "circle", "shapes/circle/Circle.java", live); // back, unchanged since
        awaitCall("circle", "hello", "hello circle");
        awaitCall("square", "hello", "hello square");
        assertEquals(3L, call("circle", "grow"), "circle's state kept");
    }

    /** An API folder whose exported {@code Steps} the two shapes use: STEP inlined into them, check() called. */
    private static Map<String, String> steps(long step, String check) {
        return Map.of(
                "shapes/steps/package-info.java", """
                        @org.osgi.annotation.bundle.Export
                        @org.osgi.annotation.versioning.Version("1.0.0")
                        package shapes.steps;
                        """,
                "shapes/steps/Steps.java", """
                        package shapes.steps;

                        public class Steps {
                            public static final long STEP = %d;
                            public static void check(long size) { %s }
                        }
                        """.formatted(step, check));
    }

    private static Map<String, String> stepper(String name) {
        return shape(name, " import shapes.steps.Steps;", "Steps.check(size); size += Steps.STEP; return size;", "");
    }

    @Test
    void aShapeFailingOnProbationAfterTheSharedFolderChangedTakesTheFolderAndBothShapesBack() {
        fw.dropFolder("shapes-api", api(""));
        fw.dropFolder("steps", steps(1, ""));
        fw.dropFolder("circle", stepper("circle"));
        fw.dropFolder("square", stepper("square"));
        awaitCall("circle", "name", "circle");
        awaitCall("square", "name", "square");
        assertEquals(1L, call("circle", "grow"));
        assertEquals(1L, call("square", "grow"));

        // Both shapes are rebuilt against the new steps (STEP is inlined: their bytes change) and swap together.
        long circleSeq = runtime.describe("circle").liveSeq;
        SourceFolderTest.saveIn(fw, staging(), "steps", "shapes/steps/Steps.java",
                steps(2, "throw new IllegalStateException(\"check() broke\");").get("shapes/steps/Steps.java"));
        stderr.await(WAIT, "steps changed: circle, square swapped together");
        assertTrue(runtime.describe("circle").liveSeq > circleSeq, "circle is a new version, rebuilt against the new steps");

        // circle's call fails on probation: steps and both shapes go back, and the call is answered there.
        assertEquals(2L, call("circle", "grow"), "answered by the version before: STEP 1 again, the size kept");
        String line = stderr.await(WAIT, "call grow() threw IllegalStateException: check() broke (on probation) - reverting steps and circle,"
                + " square together");
        stderr.await(WAIT, "steps is back at what it held before its change: circle, square swapped back together, state kept");
        assertEquals(circleSeq, runtime.describe("circle").liveSeq, "circle is back at its version before: " + line);
        assertEquals(2L, call("square", "grow"), "square went back with it, its size kept, STEP 1");
        assertTrue(runtime.history("circle").stream().anyMatch(v -> v.status == dev.doitlive.api.VersionDTO.Status.FAILED),
                "circle's rebuilt version is marked failed in its history");
    }
}
