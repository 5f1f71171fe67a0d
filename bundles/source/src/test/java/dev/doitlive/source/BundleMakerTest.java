package dev.doitlive.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A source saved again is made into the very bundle bnd makes of it, whether bnd made it whole or the last bundle's
 * manifest and component descriptions were kept (a method's body changed); a change bnd reads (an annotation's value,
 * a type from another package, a macro) goes through bnd.
 */
class BundleMakerTest {
    private static final Path FILE = Path.of("/nowhere/live/Pattern.java");
    private static LiveCompiler javac;
    private static List<File> annotations;

    @BeforeAll
    static void compiler() {
        annotations = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("org.osgi.service.component.annotations") || entry.contains("org.osgi.annotation.bundle")
                    || entry.contains("dev.doitlive.api") || entry.replace('\\', '/').contains("/api/target/")) {
                annotations.add(new File(entry));
            }
        }
        javac = new LiveCompiler(annotations, Set.of("org.osgi.service.component.annotations", "dev.doitlive.api",
                "org.osgi.annotation.bundle"));
    }

    @AfterAll
    static void close() throws IOException {
        javac.close();
    }

    private static String source(String property, String body) {
        return """
                package live;

                import org.osgi.service.component.annotations.Component;

                import dev.doitlive.api.Refreshable;

                @Component(service = Runnable.class, property = "%s")
                @Refreshable
                public class Pattern implements Runnable {
                    private int hue;
                    private String label = "";

                    public void run() {
                        %s
                    }
                }
                """.formatted(property, body);
    }

    private static byte[] make(BundleMaker maker, String text) throws SourceProblem {
        SourceFile source = SourceFile.of(FILE, text);
        LiveCompiler.Compiled c = javac.compile(source, Map.of());
        return maker.make(source, "live.Pattern", c.classes(), c.compiledAgainst(), List.of());
    }

    /** What bnd alone makes of the text: a maker that never made this file. */
    private static byte[] bndAlone(String text) throws SourceProblem {
        return make(new BundleMaker(annotations), text);
    }

    private static String entry(byte[] bundle, String name) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bundle))) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    @Test
    void aMethodBodyChangedGivesTheBytesBndGives() throws Exception {
        BundleMaker maker = new BundleMaker(annotations);
        String firstText = source("speed=1", "hue = (hue + 7) % 360; label = \"hue \" + hue;");
        byte[] first = make(maker, firstText);
        String second = source("speed=1", "hue = (hue * 3 + 13) % 360; label = \"tone \" + hue / 2;");
        byte[] again = make(maker, second);
        assertEquals(1, maker.kept(), "the first bundle's manifest is kept");
        assertFalse(java.util.Arrays.equals(first, again), "the new class is in the bundle");
        assertArrayEquals(bndAlone(second), again);
        assertEquals(SourceFile.of(FILE, second).digest,
                BundleMaker.manifest(again).getMainAttributes().getValue(BundleMaker.DIGEST_HEADER));
        // and back: the first text again gives the first bytes
        assertArrayEquals(first, make(maker, firstText));
        assertEquals(2, maker.kept());
    }

    /** The bundle of {@code changed} saved after a body-only first text: made by bnd whole, the bytes bnd alone makes. */
    private static byte[] byBndAfterAFirstSave(String changed) throws Exception {
        BundleMaker maker = new BundleMaker(annotations);
        make(maker, source("speed=1", "hue++;"));
        byte[] again = make(maker, changed);
        assertEquals(0, maker.kept(), "bnd reads what changed");
        assertArrayEquals(bndAlone(changed), again);
        return again;
    }

    @Test
    void anAnnotationsValueChangedIsBndsToRead() throws Exception {
        byte[] again = byBndAfterAFirstSave(source("speed=2", "hue++;"));
        String xml = entry(again, "OSGI-INF/live.Pattern.xml");
        assertNotNull(xml, "the component's description");
        assertTrue(xml.contains("value=\"2\""), xml);
    }

    @Test
    void aTypeOfAnotherPackageInAMethodBodyIsImported() throws Exception {
        byte[] again = byBndAfterAFirstSave(source("speed=1", "hue = new javax.naming.CompositeName().size();"));
        String imports = BundleMaker.manifest(again).getMainAttributes().getValue("Import-Package");
        assertTrue(imports.contains("javax.naming"), imports);
    }

    @Test
    void aMacroInAnAnnotationIsExpandedByBndAtEachBuild() throws Exception {
        SourceFile source = SourceFile.of(FILE, source("built=${tstamp;yyyy}", "hue++;"));
        LiveCompiler.Compiled c = javac.compile(source, Map.of());
        assertNull(BndInput.of("live.Pattern", c.classes(), c.compiledAgainst()));
        SourceFile plain = SourceFile.of(FILE, source("speed=1", "hue++;"));
        LiveCompiler.Compiled p = javac.compile(plain, Map.of());
        SourceFile other = SourceFile.of(FILE, source("speed=1", "hue += 2;"));
        LiveCompiler.Compiled o = javac.compile(other, Map.of());
        assertEquals(BndInput.of("live.Pattern", p.classes(), p.compiledAgainst()),
                BndInput.of("live.Pattern", o.classes(), o.compiledAgainst()));
    }

    private static byte[] makeFolder(BundleMaker maker, String body, String colors) throws SourceProblem {
        return makeFolder(maker, body, colors, "", new File("/nowhere/shapes"));
    }

    private static byte[] makeFolder(BundleMaker maker, String body, String colors, String instructions, File base)
            throws SourceProblem {
        return makeFolder(maker, body, colors, instructions, base, List.of());
    }

    private static byte[] makeFolder(BundleMaker maker, String body, String colors, String instructions, File base,
            List<File> jars) throws SourceProblem {
        List<ExportedClasses.Text> units = List.of(new ExportedClasses.Text("shapes/live/shapes/Sizes.java", """
                package live.shapes;

                public final class Sizes {
                    public static int unit() {
                        return %s;
                    }
                }
                """.formatted(body)), new ExportedClasses.Text("shapes/live/shapes/Pattern.java", """
                package live.shapes;

                import org.osgi.service.component.annotations.Component;

                import dev.doitlive.api.Refreshable;

                @Component(service = Runnable.class)
                @Refreshable
                public class Pattern implements Runnable {
                    private int hue;

                    public void run() {
                        hue += Sizes.unit();
                    }
                }
                """));
        LiveCompiler.Compiled c = javac.compile("shapes", units, Map.of(), ExportedClasses.Memory.NONE, null,
                LiveCompiler.RELEASE);
        Map<String, String> headers = Map.of(BundleMaker.SOURCE_HEADER, "shapes", BundleMaker.DIGEST_HEADER,
                SourceFile.of(FILE, body + colors).digest);
        return maker.make(new BundleMaker.Spec("shapes", "shapes", "0.0.0", headers, instructions, base,
                c.classes(), Map.of("colors.txt", colors.getBytes(StandardCharsets.UTF_8)), c.compiledAgainst(),
                List.of(), jars));
    }

    @Test
    void aFoldersBundleKeepsItsManifestWhenOnlyBodiesChanged() throws Exception {
        BundleMaker maker = new BundleMaker(annotations);
        makeFolder(maker, "3", "red");
        byte[] again = makeFolder(maker, "3 * 7", "red");
        assertEquals(1, maker.kept());
        assertArrayEquals(makeFolder(new BundleMaker(annotations), "3 * 7", "red"), again);
        byte[] recoloured = makeFolder(maker, "3 * 7", "blue");
        assertEquals(1, maker.kept(), "a resource changed is bnd's to add");
        assertEquals("blue", entry(recoloured, "colors.txt"));
    }
    @Test
    void aTreesIncludedInstructionsChangedAreBndsToRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("shared.bnd"), "Bundle-Vendor: one\n-noextraheaders: true\n");
        BundleMaker maker = new BundleMaker(annotations);
        makeFolder(maker, "3", "red", "-include: shared.bnd\n", dir.toFile());
        makeFolder(maker, "4", "red", "-include: shared.bnd\n", dir.toFile());
        assertEquals(1, maker.kept(), "only a body changed");
        java.nio.file.Files.writeString(dir.resolve("shared.bnd"), "Bundle-Vendor: two\n-noextraheaders: true\n");
        byte[] revendored = makeFolder(maker, "4", "red", "-include: shared.bnd\n", dir.toFile());
        assertEquals(1, maker.kept());
        assertEquals("two", BundleMaker.manifest(revendored).getMainAttributes().getValue("Bundle-Vendor"));
        String reads = "-includeresource: " + dir.resolve("shared.bnd") + "\n";
        makeFolder(maker, "4", "red", reads, dir.toFile());
        makeFolder(maker, "5", "red", reads, dir.toFile());
        assertEquals(1, maker.kept(), "an instruction that reads a file runs bnd every time");
    }

    @Test
    void aModulesDependencyJarUpdatedIsBndsToRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Path jar = dir.resolve("dependency.jar");
        java.nio.file.Files.copy(annotations.stream().filter(File::isFile).findFirst().orElseThrow().toPath(), jar);
        BundleMaker maker = new BundleMaker(annotations);
        makeFolder(maker, "3", "red", "", dir.toFile(), List.of(jar.toFile()));
        makeFolder(maker, "4", "red", "", dir.toFile(), List.of(jar.toFile()));
        assertEquals(1, maker.kept(), "only a body changed");
        java.nio.file.Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                java.nio.file.Files.getLastModifiedTime(jar).toMillis() + 60_000)); // the dependency built again
        makeFolder(maker, "5", "red", "", dir.toFile(), List.of(jar.toFile()));
        assertEquals(1, maker.kept(), "bnd reads the dependency again (its versions, its conditional packages)");
    }
}
