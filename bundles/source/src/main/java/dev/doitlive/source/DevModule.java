package dev.doitlive.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.Supplier;

import javax.tools.StandardJavaFileManager;

import aQute.bnd.version.MavenVersion;
import dev.doitlive.source.maven.MavenModule;

/**
 * A Maven module in dev mode ({@code --dev PATH}): its {@code src/main/java} and {@code src/main/resources} are one
 * tree, compiled against what the framework exports and the module's own dependencies (resolved from its pom from the
 * local repository), made a bundle with the instructions its Maven build gives bnd-maven-plugin, under the symbolic
 * name and version that build gives it. So {@code mvn package} and a save make the same bundle. The pom is read again
 * when it (or the module's bnd.bnd) changed since the last save.
 */
final class DevModule implements SourceFolders.Kind {
    private final Path dir;
    private final String name;
    private final Supplier<MavenModule> maven;
    private final SourceBuilder builder;
    private String readAt;
    private MavenModule.Build build;
    private StandardJavaFileManager jars;

    DevModule(Path dir, Supplier<MavenModule> maven, SourceBuilder builder) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.maven = maven;
        this.builder = builder;
    }

    @Override
    public List<SourceTree.Root> roots() {
        return List.of(new SourceTree.Root(dir.resolve("src/main/java"), name + "/src/main/java/"),
                new SourceTree.Root(dir.resolve("src/main/resources"), name + "/src/main/resources/"));
    }

    @Override
    public SourceTree read() throws SourceProblem {
        MavenModule.Build b = build();
        String defaults = header("Bundle-Name", b.name()) + header("Bundle-Description", b.description());
        List<SourceTree.Root> roots = roots();
        return SourceTree.readModule(dir, roots.get(0), roots.get(1), defaults + b.bndInstructions());
    }

    @Override
    public SourceBuilder.Recipe recipe(SourceTree tree) throws SourceProblem {
        MavenModule.Build b = build();
        return new SourceBuilder.Recipe(b.artifactId(), osgiVersion(b.version()), dir.toFile(), jars, b.classPath(),
                b.release() > 0 ? b.release() : LiveCompiler.RELEASE);
    }

    /** The module's build as its pom says, read again when the pom or bnd.bnd changed. */
    private synchronized MavenModule.Build build() throws SourceProblem {
        String now = stamp(dir.resolve("pom.xml")) + "|" + stamp(dir.resolve("bnd.bnd"));
        if (build != null && now.equals(readAt)) {
            return build;
        }
        MavenModule.Build b;
        try {
            b = maven.get().read(dir);
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new SourceProblem(name + ": dev mode cannot read its pom: " + e.getMessage());
        }
        for (String problem : b.problems()) {
            builder.reportLine(dir, name + ": dev mode: " + problem + "; compiled against what the framework exports instead");
        }
        if (jars != null) {
            try {
                jars.close();
            } catch (IOException e) {
                // the old reader's jars are closed with it
            }
        }
        jars = builder.jarReader(b.classPath());
        build = b;
        readAt = now;
        return b;
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "@" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "none";
        }
    }

    /** A bnd instruction line, escaped for the properties format; none for a value the pom does not give. */
    private static String header(String header, String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        return header + ": " + value.strip().replaceAll("\\s+", " ").replace("\\", "\\\\") + "\n";
    }

    /** As bnd-maven-plugin makes a Bundle-Version of the project's: {@code 0.1.0-SNAPSHOT} is {@code 0.1.0.SNAPSHOT}. */
    static String osgiVersion(String mavenVersion) {
        try {
            return MavenVersion.parseMavenString(mavenVersion).getOSGiVersion().toString();
        } catch (IllegalArgumentException e) {
            return "0.0.0";
        }
    }

    /** A folder that looks like a Maven module: a pom.xml in it. */
    static boolean isModule(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml"));
    }
}
