package dev.doitlive.bench.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import dev.doitlive.bench.api.Probe;
import dev.doitlive.itest.LiveFramework;

/**
 * Live source for real projects (issue 15): from one file saved to the new version answering through the proxy, for
 * a one-class {@code .java}, a 10-class source folder, and a 10-class Maven module in dev mode ({@code --dev}); each
 * save changes the helper class the refreshable takes its label from. Beside them, the anchor: the same change made
 * the Maven way, {@code mvn -o -q package} of the module and its jar dropped in, until it answers.
 */
public final class ProjectLatency {
    private static final int WARMUP = Integer.getInteger("bench.projects.warmup", 5);
    private static final int SAMPLES = Integer.getInteger("bench.projects.samples", 30);
    private static final int MAVEN_RUNS = Integer.getInteger("bench.projects.mavenRuns", 3);
    private static final long FOLDER_TARGET = 150_000_000L;

    private ProjectLatency() {
    }

    /** Ten classes: the refreshable, the label it answers version() with, and a chain of eight helpers next() runs. */
    static Map<String, String> tenClasses(String pkg, String name, String kind, String label) {
        Map<String, String> files = new LinkedHashMap<>();
        String dir = pkg.replace('.', '/') + "/";
        files.put(dir + "Probe10.java", """
                package %s;

                import org.osgi.service.component.annotations.Component;

                import dev.doitlive.api.Refreshable;
                import dev.doitlive.bench.api.Probe;

                @Component(service = Probe.class, property = "bench.kind=%s")
                @Refreshable(name = "%s")
                public class Probe10 implements Probe {
                    private long count;

                    public String version() { return Label.text(); }
                    public synchronized long next() { count = Chain1.add(count); return count; }
                    public synchronized long count() { return count; }
                }
                """.formatted(pkg, kind, name));
        files.put(dir + "Label.java", label(pkg, label));
        for (int i = 1; i <= 8; i++) {
            String next = i < 8 ? "Chain" + (i + 1) + ".add(c)" : "c + 1";
            files.put(dir + "Chain" + i + ".java", """
                    package %s;

                    /** One link of the chain next() runs through: a helper class like any other. */
                    final class Chain%d {
                        private static final long SALT = %dL;

                        static long add(long c) {
                            return %s;
                        }

                        static long mix(long x) {
                            return Long.rotateLeft(x * 31 + SALT, (int) (SALT %% 63));
                        }
                    }
                    """.formatted(pkg, i, i * 7919L, next));
        }
        return files;
    }

    static String label(String pkg, String label) {
        return """
                package %s;

                /** What version() answers: the file each save changes. */
                final class Label {
                    static String text() {
                        return "%s";
                    }
                }
                """.formatted(pkg, label);
    }

    /** A Maven module of the ten classes, its dependencies from files (offline and with no install), bnd as in the repository. */
    static void module(Path dir, String artifactId, Map<String, String> sources, Path apiJar, Path benchApiJar) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>bench</groupId>
                  <artifactId>%s</artifactId>
                  <version>1.0.0</version>
                  <name>a benchmark probe of ten classes</name>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>17</maven.compiler.release>
                  </properties>
                  <dependencies>
                    <dependency><groupId>dev.doitlive</groupId><artifactId>dev.doitlive.api</artifactId><version>0</version>
                      <scope>system</scope><systemPath>%s</systemPath></dependency>
                    <dependency><groupId>dev.doitlive</groupId><artifactId>bench.api</artifactId><version>0</version>
                      <scope>system</scope><systemPath>%s</systemPath></dependency>
                    <dependency><groupId>org.osgi</groupId><artifactId>org.osgi.service.component.annotations</artifactId>
                      <version>1.5.1</version><scope>provided</scope>
                      <exclusions><exclusion><groupId>org.osgi</groupId><artifactId>*</artifactId></exclusion></exclusions></dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
                      <plugin><groupId>biz.aQute.bnd</groupId><artifactId>bnd-maven-plugin</artifactId><version>7.1.0</version>
                        <executions><execution><goals><goal>bnd-process</goal></goals></execution></executions></plugin>
                      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version>
                        <configuration><archive><manifestFile>${project.build.outputDirectory}/META-INF/MANIFEST.MF</manifestFile></archive></configuration></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(artifactId, apiJar, benchApiJar));
        for (Map.Entry<String, String> f : sources.entrySet()) {
            Path p = dir.resolve("src/main/java").resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Harness.resultsDir(args);
        Results r = new Results("projects");
        Path dir = Harness.tempDir("projects");
        try {
            Path root = Path.of("").toAbsolutePath();
            Path apiJar = jar(root.resolve("bundles/api/target"));
            Path benchApi = benchApiJar(dir.resolve("bench-api.jar"));
            Path dev = dir.resolve("devprobe");
            module(dev, "bench.devprobe", tenClasses("bench.dev", "dev-probe", "dev", "v0"), apiJar, benchApi);
            try (LiveFramework fw = Harness.start(dir.resolve("fw"))) {
                fw.restartWith("doitlive.dev", dev.toString());
                Stats file = measure(fw, "source", "v", label -> fw.save("SourceProbe.java", LiveSourceLatency.source(label)));
                Path staging = dir.resolve("staging");
                Files.createDirectories(staging);
                long[] atStart = Harness.sourceCounts(fw);
                fw.dropFolder("probe10", tenClasses("bench.folder", "folder-probe", "folder", "v0"));
                Stats folder = measure(fw, "folder", "v", label -> save(staging,
                        fw.watched().resolve("probe10/bench/folder/Label.java"), label("bench.folder", label)));
                long[] afterFolder = Harness.sourceCounts(fw);
                Stats devMode = measure(fw, "dev", "v", label -> save(staging,
                        dev.resolve("src/main/java/bench/dev/Label.java"), label("bench.dev", label)));
                long[] afterDev = Harness.sourceCounts(fw);
                List<Long> maven = mavenAnchor(fw, dir, apiJar, benchApi);

                r.line("One file saved (a temporary file, then renamed over it, as an editor saving atomically does) -> the new"
                        + " version answers through the proxy. The folder and the module are ten classes (the refreshable, the label it"
                        + " answers with, eight helpers); each save changes the label's class. " + WARMUP + " warm-up saves first;"
                        + " saves fall at random phases of the 50 ms poll.");
                r.line("");
                r.line("| what | save -> live (ms) |");
                r.line("|---|---|");
                r.line("| a one-class `.java` in the watched folder | " + file.summary() + " |");
                r.line("| **a 10-class source folder** in the watched folder | " + folder.summary() + " |");
                r.line("| **a 10-class Maven module in dev mode** (`--dev`) | " + devMode.summary() + " |");
                String anchor;
                if (maven.isEmpty()) {
                    anchor = "mvn package + drop: not measured (no mvn on the PATH)";
                    r.line("| `mvn -o -q package` of the same module + drop -> live (anchor) | not measured |");
                } else {
                    Stats m = new Stats(maven.stream().mapToLong(Long::longValue).toArray());
                    anchor = "mvn package + drop of the same module: median " + Stats.ms(m.median()) + " over " + m.n();
                    r.line("| `mvn -o -q package` of the same module + drop -> live (anchor) | " + m.summary() + " |");
                }
                if (atStart != null && afterFolder != null && afterDev != null) {
                    r.line("");
                    r.line("Tree compiles meanwhile (the folder's first build, every warm-up and measured save), of the saved file"
                            + " only / of the whole tree: folder " + (afterFolder[0] - atStart[0]) + " / "
                            + (afterFolder[1] - atStart[1]) + ", dev mode " + (afterDev[0] - afterFolder[0]) + " / "
                            + (afterDev[1] - afterFolder[1]) + "; bundles that kept the last one's manifest (bnd not run, only"
                            + " the class files replaced): folder " + (afterFolder[2] - atStart[2]) + ", dev mode "
                            + (afterDev[2] - afterFolder[2]) + ".");
                }
                r.target("10-class folder save -> live, median (worst " + Stats.ms(folder.max()) + ")",
                        Stats.ms(folder.median()) + " (n=" + folder.n() + ")", anchor, "≤ 150 ms", folder.median() <= FOLDER_TARGET);
                r.target("dev-mode module save -> live, median (worst " + Stats.ms(devMode.max()) + ")",
                        Stats.ms(devMode.median()) + " (n=" + devMode.n() + ")", "1.5 x the folder's median: "
                                + Stats.ms(folder.median() * 3 / 2), "≤ 1.5 x the folder", devMode.median() * 2 <= folder.median() * 3);
            }
        } finally {
            r.write(out);
            Harness.delete(dir);
        }
    }

    private interface Saver {
        void save(String label) throws IOException;
    }

    /** Saves a new label WARMUP + SAMPLES times; the time from each save to the probe answering it. */
    private static Stats measure(LiveFramework fw, String kind, String prefix, Saver saver) throws IOException {
        saver.save(prefix + "0-" + kind);
        Probe p = fw.awaitService(Probe.class, "(bench.kind=" + kind + ")", Harness.WAIT);
        Harness.await(() -> (prefix + "0-" + kind).equals(p.version()) || "v0".equals(p.version()), kind + "'s first version");
        long[] nanos = new long[SAMPLES];
        for (int i = 1; i <= WARMUP + SAMPLES; i++) {
            String label = prefix + i + "-" + kind;
            Harness.settle(150, 50);
            saver.save(label);
            long t0 = System.nanoTime();
            long t1 = Harness.await(() -> label.equals(p.version()), kind + " " + label);
            if (i > WARMUP) {
                nanos[i - WARMUP - 1] = t1 - t0;
            }
        }
        return new Stats(nanos);
    }

    /** Writes outside, then renames over the file: the save is whole or not there. */
    private static void save(Path staging, Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(staging, "save", ".part");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        if (Files.exists(file) && Files.getLastModifiedTime(tmp).compareTo(Files.getLastModifiedTime(file)) <= 0) {
            Files.setLastModifiedTime(tmp, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 1));
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The same change the Maven way: the label saved, mvn -o -q package, the jar dropped, until it answers. */
    private static List<Long> mavenAnchor(LiveFramework fw, Path dir, Path apiJar, Path benchApi) throws Exception {
        Path module = dir.resolve("mvnprobe");
        module(module, "bench.mvnprobe", tenClasses("bench.mvn", "mvn-probe", "mvn", "v0"), apiJar, benchApi);
        List<Long> times = new ArrayList<>();
        Probe p = null;
        for (int i = 0; i <= MAVEN_RUNS; i++) {
            String label = "m" + i;
            Files.writeString(module.resolve("src/main/java/bench/mvn/Label.java"), label("bench.mvn", label));
            long t0 = System.nanoTime();
            Process mvn;
            try {
                mvn = new ProcessBuilder("mvn", "-o", "-q", "-B", "package", "-DskipTests").directory(module.toFile())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("mvn.log").toFile()).start();
            } catch (IOException e) {
                return List.of(); // no mvn here
            }
            if (!mvn.waitFor(5, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
                throw new IllegalStateException("mvn package of the probe module failed: see " + dir.resolve("mvn.log"));
            }
            fw.drop("mvnprobe.jar", Files.readAllBytes(module.resolve("target/bench.mvnprobe-1.0.0.jar")));
            if (p == null) {
                p = fw.awaitService(Probe.class, "(bench.kind=mvn)", Harness.WAIT);
            }
            Probe probe = p;
            Harness.await(() -> label.equals(probe.version()), "the module built by mvn, " + label);
            if (i > 0) { // the first run sets up the bundle: the others are the change
                times.add(System.nanoTime() - t0);
            }
        }
        return times;
    }

    /** The benchmark API's classes as a jar, for the probe modules' Maven build (the framework exports them itself). */
    private static Path benchApiJar(Path jar) throws IOException {
        Path classes = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path pkg = classes.resolve("dev/doitlive/bench/api");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                Stream<Path> files = Files.list(pkg)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                j.putNextEntry(new JarEntry("dev/doitlive/bench/api/" + f.getFileName()));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        return jar;
    }

    private static Path jar(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.toString().endsWith(".jar") && !f.toString().endsWith("-tests.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no jar in " + target + ": build the project first"));
        }
    }
}
