package dev.doitlive.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWiring;

/**
 * A tree compiled again after a save: the classes are those a compile of the whole tree writes, byte for byte,
 * whether only the saved file was compiled (a method's body changed) or the whole tree (its API as others see it
 * changed, a file deleted, an error).
 */
class TreeCompilerTest {
    private static LiveCompiler javac;

    @TempDir
    Path dir;
    private Path folder;
    private TreeCompiler trees;

    @BeforeAll
    static void warm() {
        javac = new LiveCompiler(List.of(), Set.of()); // the JDK only: these trees use nothing else
    }

    @AfterAll
    static void close() throws IOException {
        javac.close();
    }

    @BeforeEach
    void folder() throws Exception {
        folder = Files.createDirectories(dir.resolve("shapes"));
        trees = new TreeCompiler(javac);
        write(FILES);
        compile(trees);
    }

    /** A folder whose files use each other: a constant, a helper's methods, a class with nested and anonymous ones. */
    private static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("t/shape/Sizes.java", """
                package t.shape;

                public final class Sizes {
                    public static final int UNIT = 3;

                    static long scale(long x) {
                        return x * 2;
                    }
                }
                """);
        FILES.put("t/shape/Circle.java", """
                package t.shape;

                import java.util.function.LongSupplier;

                public class Circle {
                    long r = Sizes.UNIT;

                    public long area() {
                        return Sizes.scale(r * r * 3);
                    }

                    /** Nested, anonymous, a lambda: all of them Circle.java's classes. */
                    static final class Rim {
                        long width() { return 1; }
                    }

                    LongSupplier later() {
                        return new LongSupplier() {
                            public long getAsLong() { return area() + new Rim().width(); }
                        };
                    }

                    Runnable print() {
                        return () -> System.out.println(area());
                    }
                }
                """);
        FILES.put("t/shape/text/Names.java", """
                package t.shape.text;

                import t.shape.Circle;
                import t.shape.Sizes;

                public final class Names {
                    public static String of(Circle c) {
                        return "circle of " + c.area() + " in " + Sizes.UNIT;
                    }
                }
                """);
    }

    private void write(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = folder.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
    }

    private void edit(String path, String from, String to) throws IOException {
        Path p = folder.resolve(path);
        String text = Files.readString(p);
        assertTrue(text.contains(from), from);
        Files.writeString(p, text.replace(from, to));
    }

    private LiveCompiler.Compiled compile(TreeCompiler t) throws SourceProblem {
        return t.compile(SourceTree.readFolder(folder), Map.of(), ExportedClasses.Memory.NONE, null, List.of(),
                LiveCompiler.RELEASE);
    }

    /** Compiles the folder as it is now through the tree's compiler; asserts the classes are the whole tree's. */
    private LiveCompiler.Compiled compileAsWhole() throws SourceProblem {
        LiveCompiler.Compiled now = compile(trees);
        LiveCompiler.Compiled whole = compile(new TreeCompiler(javac));
        assertEquals(new TreeSet<>(whole.classes().keySet()), new TreeSet<>(now.classes().keySet()));
        whole.classes().forEach((name, bytes) -> assertArrayEquals(bytes, now.classes().get(name), name));
        assertEquals(whole.origins(), now.origins());
        return now;
    }

    /** Compiles since the folder's set-up: {incremental, full}. */
    private long[] counts() {
        long[] c = trees.counts();
        return new long[] {c[0], c[1] - 1};
    }

    @Test
    void aMethodBodyChangedIsCompiledAloneAndMakesTheWholeTreesClasses() throws Exception {
        edit("t/shape/Sizes.java", "return x * 2;", "return x * 5 + 1;");
        compileAsWhole();
        assertArrayEquals(new long[] {1, 0}, counts(), "Sizes.java compiled alone");

        edit("t/shape/Sizes.java", "return x * 5 + 1;", "return Math.max(x, 1) * 7;");
        compileAsWhole();
        assertArrayEquals(new long[] {2, 0}, counts(), "again from the incremental compile");
    }

    @Test
    void aChangeInsideNestedAndAnonymousClassesIsCompiledAloneWithAllOfTheFilesClasses() throws Exception {
        edit("t/shape/Circle.java", "long width() { return 1; }", "long width() { return 2; }");
        edit("t/shape/Circle.java", "return area() + new Rim().width();", "return area() * new Rim().width();");
        edit("t/shape/Circle.java", "System.out.println(area())", "System.out.println(\"area \" + area())");
        LiveCompiler.Compiled c = compileAsWhole();
        assertArrayEquals(new long[] {1, 0}, counts());
        assertEquals(Set.of("t.shape.Sizes", "t.shape.Circle", "t.shape.Circle$Rim", "t.shape.Circle$1",
                "t.shape.text.Names"), c.classes().keySet());

        edit("t/shape/Circle.java", "return () -> System.out.println(\"area \" + area());",
                "return new Runnable() { public void run() { System.out.println(area()); } };");
        c = compileAsWhole();
        assertArrayEquals(new long[] {2, 0}, counts(), "an anonymous class more: no other file can name it");
        assertTrue(c.classes().containsKey("t.shape.Circle$2"));
    }

    @Test
    void aConstantChangedRecompilesTheWholeTreeSoItsUsersInlineTheNewValue() throws Exception {
        edit("t/shape/Sizes.java", "UNIT = 3;", "UNIT = 4;");
        compileAsWhole();
        assertArrayEquals(new long[] {0, 1}, counts());
    }

    @Test
    void aMethodAddedOrANestedClassAddedRecompilesTheWholeTree() throws Exception {
        edit("t/shape/Sizes.java", "static long scale(", "static long twice(long x) { return 2 * x; }\n\n    static long scale(");
        compileAsWhole();
        assertArrayEquals(new long[] {0, 1}, counts());

        edit("t/shape/Circle.java", "static final class Rim {", "static final class Hub { }\n\n    static final class Rim {");
        compileAsWhole();
        assertArrayEquals(new long[] {0, 2}, counts());
    }

    @Test
    void anErrorACompatibleLookingChangeCausesInAnotherFileIsReportedThere() throws Exception {
        edit("t/shape/Sizes.java", "static long scale(long x)", "static long scale(long x, long y)");
        SourceProblem p = assertThrows(SourceProblem.class, () -> compile(trees));
        assertEquals("shapes: does not compile (1 error)", p.getMessage());
        assertTrue(p.details().get(0).startsWith("shapes/t/shape/Circle.java:9:"), p.details().toString());

        edit("t/shape/Sizes.java", "static long scale(long x, long y)", "static long scale(long x)");
        assertArrayEquals(new long[] {0, 1}, counts());
        compileAsWhole();
        assertArrayEquals(new long[] {1, 1}, counts(), "back to the last good compile's text: nothing compiled");
    }

    @Test
    void anErrorInTheSavedFileIsReportedAsAWholeCompileReportsIt() throws Exception {
        edit("t/shape/Sizes.java", "return x * 2;", "return x * 2");
        SourceProblem p = assertThrows(SourceProblem.class, () -> compile(trees));
        SourceProblem whole = assertThrows(SourceProblem.class, () -> compile(new TreeCompiler(javac)));
        assertEquals(whole.getMessage(), p.getMessage());
        assertEquals(whole.details(), p.details());
        assertTrue(p.details().get(0).startsWith("shapes/t/shape/Sizes.java:7:"), p.details().toString());
        assertArrayEquals(new long[] {0, 1}, counts(), "the whole tree compiled to report it");
    }

    @Test
    void aFileDeletedOrAddedRecompilesTheWholeTree() throws Exception {
        Files.writeString(folder.resolve("t/shape/Square.java"), "package t.shape;\nfinal class Square { }\n");
        assertTrue(compileAsWhole().classes().containsKey("t.shape.Square"));
        Files.delete(folder.resolve("t/shape/Square.java"));
        assertFalse(compileAsWhole().classes().containsKey("t.shape.Square"));
        assertArrayEquals(new long[] {0, 2}, counts());
    }

    @Test
    void aPrivateMemberAddedIsCompiledAloneAndAThrowsClauseAddedIsNot() throws Exception {
        edit("t/shape/Sizes.java", "return x * 2;", "return twice(x);\n    }\n\n    private static long twice(long x) {\n        return x * 2;");
        compileAsWhole();
        assertArrayEquals(new long[] {1, 0}, counts(), "nobody else can call a private method");

        edit("t/shape/Circle.java", "public long area() {", "public long area() throws IllegalStateException {");
        compileAsWhole();
        assertArrayEquals(new long[] {1, 1}, counts());
    }

    /**
     * An API the folder compiles against gets a new revision (a jar dropped again): the folder's other classes were
     * compiled against the old one, which they may have inlined. The exporters are stand-ins for two revisions of a
     * bundle, holding only what javac's class path reads of them (the listing, the class file).
     */
    @Test
    void aNewRevisionOfAnExporterRecompilesTheWholeTree() throws Exception {
        Map<String, String> api = Map.of("x/api/Units.java", "package x.api;\npublic final class Units { public static final int PER = %d; }\n");
        ExportedClasses.Exporter first = exporter(classesOf(api, 10), "x/api/Units.class");
        ExportedClasses.Exporter second = exporter(classesOf(api, 20), "x/api/Units.class");
        edit("t/shape/text/Names.java", "\" in \" + Sizes.UNIT", "\" in \" + Sizes.UNIT * x.api.Units.PER");
        LiveCompiler.Compiled c = trees.compile(SourceTree.readFolder(folder), Map.of("x.api", first),
                ExportedClasses.Memory.NONE, null, List.of(), LiveCompiler.RELEASE);
        assertEquals(first, c.looked().get("x.api"), "javac read Units from the exporter");

        edit("t/shape/Sizes.java", "return x * 2;", "return x * 3;");
        trees.compile(SourceTree.readFolder(folder), Map.of("x.api", first), ExportedClasses.Memory.NONE, null, List.of(),
                LiveCompiler.RELEASE);
        assertArrayEquals(new long[] {2, 0}, counts(), "the same revision: Names.java, then Sizes.java alone");

        edit("t/shape/Sizes.java", "return x * 3;", "return x * 4;");
        LiveCompiler.Compiled now = trees.compile(SourceTree.readFolder(folder), Map.of("x.api", second),
                ExportedClasses.Memory.NONE, null, List.of(), LiveCompiler.RELEASE);
        assertArrayEquals(new long[] {2, 1}, counts(), "a new revision: the whole tree");
        LiveCompiler.Compiled whole = new TreeCompiler(javac).compile(SourceTree.readFolder(folder),
                Map.of("x.api", second), ExportedClasses.Memory.NONE, null, List.of(), LiveCompiler.RELEASE);
        assertArrayEquals(whole.classes().get("t.shape.text.Names"), now.classes().get("t.shape.text.Names"),
                "Names inlines the new revision's constant");
    }

    /** The API's classes, its constant set to {@code per}, written as files (a bundle's entries). */
    private Path classesOf(Map<String, String> api, int per) throws Exception {
        Path src = Files.createDirectories(dir.resolve("api-" + per + "/x-api"));
        Path out = dir.resolve("api-" + per + "/classes");
        for (Map.Entry<String, String> f : api.entrySet()) {
            Files.createDirectories(src.resolve(f.getKey()).getParent());
            Files.writeString(src.resolve(f.getKey()), f.getValue().formatted(per));
        }
        LiveCompiler.Compiled c = new TreeCompiler(javac).compile(SourceTree.readFolder(src), Map.of(),
                ExportedClasses.Memory.NONE, null, List.of(), LiveCompiler.RELEASE);
        for (Map.Entry<String, byte[]> e : c.classes().entrySet()) {
            Path p = out.resolve(e.getKey().replace('.', '/') + ".class");
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        return out;
    }

    private static ExportedClasses.Exporter exporter(Path classes, String entry) {
        ClassLoader loader = TreeCompilerTest.class.getClassLoader();
        Bundle bundle = (Bundle) Proxy.newProxyInstance(loader, new Class<?>[] {Bundle.class}, (self, m, args) ->
                switch (m.getName()) {
                    case "getEntry" -> classes.resolve((String) args[0]).toUri().toURL();
                    case "getSymbolicName" -> "x.api";
                    default -> identity(self, m, args);
                });
        BundleWiring wiring = (BundleWiring) Proxy.newProxyInstance(loader, new Class<?>[] {BundleWiring.class},
                (self, m, args) -> switch (m.getName()) {
                    case "listResources" -> ("/" + entry).startsWith(args[0] + "/") ? List.of(entry) : List.of();
                    case "getBundle" -> bundle;
                    default -> identity(self, m, args);
                });
        return new ExportedClasses.Exporter(wiring, Version.emptyVersion);
    }

    private static Object identity(Object self, Method m, Object[] args) {
        return switch (m.getName()) {
            case "equals" -> self == args[0];
            case "hashCode" -> System.identityHashCode(self);
            case "toString" -> "stand-in " + m.getDeclaringClass().getSimpleName();
            default -> throw new UnsupportedOperationException(m.getName());
        };
    }

    @Test
    void aResourceChangedCompilesNothing() throws Exception {
        Files.writeString(folder.resolve("t/shape/label.txt"), "round");
        LiveCompiler.Compiled c = compileAsWhole();
        assertEquals(5, c.classes().size());
        assertArrayEquals(new long[] {1, 0}, counts());
    }
}
