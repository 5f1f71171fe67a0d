package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import dev.doitlive.api.LiveRuntime;

/**
 * Dev mode (issue 15): {@code --dev PATH} on a copy of the repository's counter example. Its source saved goes live
 * (compiled in process against the framework's exports and the module's own dependencies, made with its bnd
 * instructions), state kept; {@code mvn package} still builds the same bundle from it.
 */
class DevModeTest extends LiveTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final Path COUNTER_API_JAR = REPOSITORY.resolve("bundles/examples/counter-api/target/example.counter.api-0.1.0-SNAPSHOT.jar");
    private static final Path SHOW_API_JAR = REPOSITORY.resolve("bundles/examples/show/api/target/example.show.api-0.1.0-SNAPSHOT.jar");
    private static final String SOURCE = "src/main/java/example/counter/CounterImpl.java";

    /**
     * A module of the repository copied with what its build reads above it (the parent pom, the shared bnd.bnd, .mvn),
     * so that the copy's relative parent path and ${maven.multiModuleProjectDirectory} hold as in the repository.
     */
    private Path copyOf(String modulePath) throws IOException {
        return copyOf(tmp, modulePath);
    }

    static Path copyOf(Path tmp, String modulePath) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("repo-" + modulePath.replace('/', '-')));
        Files.copy(REPOSITORY.resolve("pom.xml"), root.resolve("pom.xml"));
        Files.copy(REPOSITORY.resolve("bnd.bnd"), root.resolve("bnd.bnd"));
        copyTree(REPOSITORY.resolve(".mvn"), root.resolve(".mvn"));
        Path module = Files.createDirectories(root.resolve(modulePath));
        Files.copy(REPOSITORY.resolve(modulePath).resolve("pom.xml"), module.resolve("pom.xml"));
        copyTree(REPOSITORY.resolve(modulePath).resolve("src/main"), module.resolve("src/main"));
        return module;
    }

    /**
     * A local repository for dev mode holding this build's own artifacts the examples depend on (the parent pom, the API,
     * the examples' APIs) as {@code mvn install} would put them, and all else from the user's local repository, linked:
     * {@code mvn verify} installs nothing, so a fresh machine's has none of them.
     */
    static Path localRepository(Path tmp) throws IOException {
        String set = System.getProperty("maven.repo.local");
        Path user = set != null && !set.isBlank() ? Path.of(set) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path repo = tmp.resolve("m2");
        if (Files.isDirectory(repo)) {
            return repo;
        }
        Path ours = linkAllBut(user, Files.createDirectories(repo), List.of("dev", "doitlive"));
        install(ours, "doitlive-parent", "pom.xml", null);
        install(ours, "dev.doitlive.api", "bundles/api/pom.xml", "bundles/api/target");
        install(ours, "example.counter.api", "bundles/examples/counter-api/pom.xml", "bundles/examples/counter-api/target");
        install(ours, "example.show.api", "bundles/examples/show/api/pom.xml", "bundles/examples/show/api/target");
        return repo;
    }

    /** Links each entry of {@code from} into {@code to}, but for the path {@code keep} names, made a folder of its own. */
    private static Path linkAllBut(Path from, Path to, List<String> keep) throws IOException {
        if (keep.isEmpty()) {
            return to;
        }
        if (Files.isDirectory(from)) {
            try (Stream<Path> entries = Files.list(from)) {
                for (Path e : (Iterable<Path>) entries::iterator) {
                    if (!e.getFileName().toString().equals(keep.get(0))) {
                        Files.createSymbolicLink(to.resolve(e.getFileName().toString()), e);
                    }
                }
            }
        }
        return linkAllBut(from.resolve(keep.get(0)), Files.createDirectories(to.resolve(keep.get(0))), keep.subList(1, keep.size()));
    }

    private static void install(Path groupDir, String artifactId, String pom, String target) throws IOException {
        String version = "0.1.0-SNAPSHOT";
        Path dir = Files.createDirectories(groupDir.resolve(artifactId).resolve(version));
        Files.copy(REPOSITORY.resolve(pom), dir.resolve(artifactId + "-" + version + ".pom"));
        if (target != null) {
            Path jar = REPOSITORY.resolve(target).resolve(artifactId + "-" + version + ".jar");
            if (Files.isRegularFile(jar)) { // else the test that needs it is skipped
                Files.copy(jar, dir.resolve(jar.getFileName()));
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private Object call(String method) {
        try {
            return runtime.call("counter", method, List.of());
        } catch (Exception e) {
            throw new AssertionError("counter." + method + "() threw " + e, e);
        }
    }

    private void awaitDescribe(String prefix) {
        Await.until(() -> {
            try {
                return String.valueOf(runtime.call("counter", "describe", List.of())).startsWith(prefix);
            } catch (Exception e) {
                return false;
            }
        }, WAIT, () -> "counter.describe() starting with " + prefix);
    }

    /** Saves as an IDE does: the whole text to a temporary file, renamed over the source. */
    private static void save(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".save", ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(tmp, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 1000));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aSaveOfTheModulesSourceGoesLiveWithItsStateAndMavenStillBuildsTheSameBundle() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(COUNTER_API_JAR),
                "dev mode test skipped: build the counter example's API first (" + COUNTER_API_JAR + ")");
        Path module = copyOf("bundles/examples/counter");
        fw.drop("counter-api.jar", Files.readAllBytes(COUNTER_API_JAR));
        fw.restartWith(Map.of("doitlive.dev", module.toString(), "maven.repo.local", localRepository(tmp).toString()));
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        awaitDescribe("v1: counts by 1");
        call("next");
        assertEquals(2L, call("next"));

        Bundle b = fw.bundle("example.counter");
        assertEquals("doitlive-source:" + module.toUri().toString().replaceAll("/$", ""), b.getLocation());
        assertEquals("0.1.0.SNAPSHOT", b.getVersion().toString(), "the version Maven's build gives it");
        assertEquals("example counter", b.getHeaders().get("Bundle-Name"), "the pom's name, as bnd-maven-plugin sets it");
        assertEquals("doitlive", b.getHeaders().get("Bundle-Vendor"), "from the bnd.bnd the parent pom includes");

        Path source = module.resolve(SOURCE);
        save(source, Files.readString(source).replace("\"v1: counts by \"", "\"dev: counts by \""));
        awaitDescribe("dev: counts by 1, at 2");
        assertEquals(3L, call("next"), "state kept across the save");
        assertEquals(2, runtime.describe("counter").liveSeq);

        // A compile error names the file by its path in the module and changes nothing.
        save(source, Files.readString(source).replace("count += step;", "count += step"));
        Await.until(() -> runtime.errors("counter").stream().anyMatch(e -> e.message.startsWith(
                "counter/src/main/java/example/counter/CounterImpl.java:")), WAIT, "the compile error under counter");
        assertEquals(4L, call("next"));
        save(source, Files.readString(source).replace("count += step", "count += step;"));
        awaitDescribe("dev: counts by 1, at 4");

        mavenBuildsTheSameBundle(module, fw.bundle("example.counter"));
    }

    @Test
    void theLightShowsWaveModuleGoesLiveInDevModeUnchangedAndASaveKeepsItsPhase() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SHOW_API_JAR),
                "dev mode test skipped: build the show example's API first (" + SHOW_API_JAR + ")");
        Path module = copyOf("bundles/examples/show/wave");
        fw.drop("show-api.jar", Files.readAllBytes(SHOW_API_JAR));
        fw.restartWith(Map.of("doitlive.dev", module.toString(), "maven.repo.local", localRepository(tmp).toString()));
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        Await.until(() -> runtime.list().stream().anyMatch(r -> r.name.equals("wave") && r.liveSeq == 1), WAIT, "wave live from its module");
        runtime.set("wave", "phase", "0.25");

        Path source = module.resolve("src/main/java/example/show/wave/WavePattern.java");
        save(source, Files.readString(source).replace("SHARPNESS = 2;", "SHARPNESS = 3;"));
        Await.until(() -> runtime.describe("wave").liveSeq == 2, WAIT, () -> "the save live: " + runtime.errors("wave"));
        assertEquals("0.25", runtime.state("wave").get("phase"), "the wave's phase carried across the save");
    }

    /**
     * A module whose API is in the local repository but in no bundle of the framework compiles, and does not resolve:
     * one line in words names the module and the package; once the API jar is dropped in, it goes live.
     */
    @Test
    void aModuleWhoseApiNoBundleExportsIsSaidOnceInWordsAndGoesLiveWhenTheApiComes() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(COUNTER_API_JAR),
                "dev mode test skipped: build the counter example's API first (" + COUNTER_API_JAR + ")");
        Path module = copyOf("bundles/examples/counter");
        fw.restartWith(Map.of("doitlive.dev", module.toString(), "maven.repo.local", localRepository(tmp).toString()));
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        String line = stderr.await(WAIT, "counter: does not resolve: it imports package example.counter.api");
        assertTrue(line.contains(", which no bundle exports in that range (install the bundle that does"), line);

        fw.drop("counter-api.jar", Files.readAllBytes(COUNTER_API_JAR));
        awaitDescribe("v1: counts by 1");
        List<String> lines = stderr.runtimeLines();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("counter: does not")).count(), () -> "said once: " + lines);
        assertTrue(lines.stream().noneMatch(l -> l.contains("Unable to resolve")), () -> "no line in the resolver's words: " + lines);
    }

    /**
     * A pom Maven cannot read is one line naming it and the cause; the other sources go live meanwhile (the pom is read
     * on a thread of its own), and the module's next save after the pom is mended goes live.
     */
    @Test
    void aBrokenPomIsOneLineNamingItAndTheOtherSourcesGoOn() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(COUNTER_API_JAR),
                "dev mode test skipped: build the counter example's API first (" + COUNTER_API_JAR + ")");
        Path module = copyOf("bundles/examples/counter");
        Path pom = module.resolve("pom.xml");
        String whole = Files.readString(pom);
        Files.writeString(pom, whole.substring(0, whole.indexOf("<build>"))); // cut short
        fw.drop("counter-api.jar", Files.readAllBytes(COUNTER_API_JAR));
        fw.restartWith(Map.of("doitlive.dev", module.toString(), "maven.repo.local", localRepository(tmp).toString()));
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
        String line = stderr.await(WAIT, "counter: dev mode: Maven cannot read counter/pom.xml: ");
        assertTrue(line.length() > "counter: dev mode: Maven cannot read counter/pom.xml: ".length(), "the cause: " + line);

        fw.save("OtherCounter.java", LiveSourceTest.counter("other", "1").replace("name = \"counter\"", "name = \"other\"")
                .replace("LiveCounter", "OtherCounter"));
        Await.until(() -> runtime.list().stream().anyMatch(r -> r.name.equals("other") && r.liveSeq == 1), WAIT, "the other source live");

        save(pom, whole);
        Path source = module.resolve(SOURCE);
        save(source, Files.readString(source).replace("\"v1: counts by \"", "\"mended: counts by \""));
        awaitDescribe("mended: counts by 1");
        List<String> lines = stderr.runtimeLines();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("counter: dev mode")).count(), () -> "said once: " + lines);
    }

    /** {@code mvn -o -q package} of the module, once; skipped when mvn or the module's dependencies are not here. */
    private void mavenBuildsTheSameBundle(Path module, Bundle live) throws Exception {
        boolean mvnHere = Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "mvn")));
        Assumptions.assumeTrue(mvnHere, "mvn package part skipped: no mvn on the PATH");
        Process mvn = new ProcessBuilder("mvn", "-o", "-q", "-B", "package", "-DskipTests", "-Dmaven.repo.local=" + localRepository(tmp))
                .directory(module.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("mvn.log").toFile()).start();
        assertTrue(mvn.waitFor(5, TimeUnit.MINUTES), "mvn package within 5 minutes");
        assertEquals(0, mvn.exitValue(), () -> "mvn package failed: " + read(tmp.resolve("mvn.log")));
        try (JarFile jar = new JarFile(module.resolve("target/example.counter-0.1.0-SNAPSHOT.jar").toFile())) {
            Attributes maven = jar.getManifest().getMainAttributes();
            for (String header : List.of("Bundle-SymbolicName", "Bundle-Version", "Bundle-Name", "Import-Package",
                    "Require-Capability", "Provide-Capability", "Service-Component")) {
                assertEquals(maven.getValue(header), live.getHeaders().get(header), header + " as Maven's build makes it");
            }
            assertTrue(jar.getEntry("example/counter/CounterImpl.class") != null);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
