package dev.doitlive.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import javax.tools.StandardJavaFileManager;

import aQute.bnd.version.MavenVersion;
import dev.doitlive.source.maven.MavenModule;

/**
 * A Maven module in dev mode ({@code --dev PATH}): its {@code src/main/java} and {@code src/main/resources} are one
 * tree, compiled against what the framework exports and the module's own dependencies (resolved from its pom from the
 * local repository), made a bundle with the instructions its Maven build gives bnd-maven-plugin, under the symbolic
 * name and version that build gives it. So {@code mvn package} and a save make the same bundle.
 *
 * <p>The pom is read again when it (or the module's bnd.bnd) changed, on the reader's thread: a read takes tens of
 * milliseconds warm and up to a second or more cold (Maven's model builder and resolver, the whole dependency tree),
 * and on the source bundle's one worker it would hold every other source's save behind it. The module's own build is
 * put off until its pom is read ({@link #ready}).
 */
final class DevModule implements SourceFolders.Kind {
    private final Path dir;
    private final String name;
    private final Supplier<MavenModule> maven;
    private final SourceBuilder builder;
    /** Where the pom is read: a thread of its own, shared by the dev modules (one read at a time). */
    private final Executor reader;
    /** The newest read started; guarded by this. */
    private Read read;
    /** The read the module's build took last, its jars open; guarded by this. */
    private MavenModule.Build build;
    private StandardJavaFileManager jars;

    /** One read of the pom, of the pom and bnd.bnd as they were when it started. */
    private static final class Read {
        final String stamp;
        final CompletableFuture<MavenModule.Build> build;
        /** A build waits for it: told once when it is done. */
        boolean buildWaits;
        /** A build was told it failed: the next build reads the pom again (a parent installed meanwhile). */
        boolean failureSaid;

        Read(String stamp, CompletableFuture<MavenModule.Build> build) {
            this.stamp = stamp;
            this.build = build;
        }
    }

    DevModule(Path dir, Supplier<MavenModule> maven, SourceBuilder builder, Executor reader) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.maven = maven;
        this.builder = builder;
        this.reader = reader;
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

    /** Starts reading the pom when it or bnd.bnd changed (the poll looks), so that it is read by the next save. */
    @Override
    public void readAhead() {
        current(false);
    }

    /** Whether the pom as it is now is read; if not, it is being read, and {@code then} runs once it is. */
    @Override
    public synchronized boolean ready(Runnable then) {
        Read r = current(true);
        if (r.build.isDone()) {
            return true;
        }
        if (!r.buildWaits) {
            r.buildWaits = true;
            r.build.whenComplete((b, e) -> then.run());
        }
        return false;
    }

    /** The read of the pom as it is now: the one under way or done, else a new one on the reader's thread. */
    private synchronized Read current(boolean forBuild) {
        String now = stamp(dir.resolve("pom.xml")) + "|" + stamp(dir.resolve("bnd.bnd"));
        Read r = read;
        if (r != null && r.stamp.equals(now) && !(forBuild && r.failureSaid)) {
            return r;
        }
        CompletableFuture<MavenModule.Build> b;
        try {
            b = CompletableFuture.supplyAsync(() -> {
                try {
                    return maven.get().read(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, reader);
        } catch (RejectedExecutionException e) {
            b = CompletableFuture.failedFuture(new IOException("the live-source bundle is stopping"));
        }
        read = new Read(now, b);
        return read;
    }

    /**
     * The module's build as its pom says: the read of the pom as it is now, done by now unless the pom changed since
     * {@link #ready} (or a re-read of the bundle's location asks): then this waits for it.
     */
    private synchronized MavenModule.Build build() throws SourceProblem {
        Read r = current(true);
        MavenModule.Build b;
        try {
            b = r.build.get();
        } catch (ExecutionException e) {
            r.failureSaid = true;
            // MavenModule's own words name the pom and the cause ("Maven cannot read counter/pom.xml: ...").
            throw new SourceProblem(name + ": dev mode" + (e.getCause() instanceof UncheckedIOException u ? ": " + u.getCause().getMessage()
                    : " cannot read its pom.xml: " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the bundle is stopping
            throw new SourceProblem(name + ": dev mode: the live-source bundle stopped while its pom was read");
        }
        if (b == build) {
            return b;
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
