package dev.doitlive.source.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelProblem;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.spi.connector.transport.TransporterFactory;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transport.file.FileTransporterFactory;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * A Maven module as its own build sees it, read with Maven's own libraries and never by running {@code mvn}: the
 * effective pom (its parent by relative path or from the local repository, properties, dependency management and
 * plugin management applied), the compile class path of its dependencies resolved from the local repository
 * (offline, as {@code mvn -o}), the bnd instructions bnd-maven-plugin would use, and the Java release.
 */
public final class MavenModule {
    /** What a module's build is made of. */
    public record Build(String groupId, String artifactId, String version, String name, String description,
            String bndInstructions, List<File> classPath, int release, List<String> problems) {
    }

    private static final String BND_GROUP = "biz.aQute.bnd";
    private static final String BND_PLUGIN = "bnd-maven-plugin";

    private final RepositorySystemSupplier supplier;
    private final RepositorySystem system;
    private final Path localRepository;

    /** @param localRepository the local repository ({@code ~/.m2/repository}, or {@code -Dmaven.repo.local}) */
    public MavenModule(Path localRepository) {
        this.localRepository = localRepository;
        this.supplier = new RepositorySystemSupplier() {
            @Override
            protected java.util.Map<String, TransporterFactory> createTransporterFactories() {
                // Offline: the local repository only (no HTTP transport is embedded).
                return java.util.Map.of(FileTransporterFactory.NAME, new FileTransporterFactory());
            }
        };
        this.system = supplier.get();
    }

    /**
     * The local repository Maven uses here: {@code maven.repo.local}, else {@code ~/.m2/repository}.
     *
     * @param property the runtime's properties (a framework property, else the JVM's system property)
     */
    public static Path defaultLocalRepository(java.util.function.UnaryOperator<String> property) {
        String set = property.apply("maven.repo.local");
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * Reads the module at {@code dir} (its {@code pom.xml}).
     *
     * @throws IOException naming what cannot be read (no pom, a parent neither by relative path nor in the local
     *                     repository, a pom Maven refuses)
     */
    public Build read(Path dir) throws IOException {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw new IOException("no pom.xml in " + dir);
        }
        Path multiModule = multiModuleDirectory(dir);
        try (RepositorySystemSession.CloseableSession session = session()) {
            Properties system = new Properties();
            system.putAll(System.getProperties());
            system.setProperty("maven.multiModuleProjectDirectory", multiModule.toString());
            DefaultModelBuildingRequest request = new DefaultModelBuildingRequest();
            request.setPomFile(pom.toFile());
            request.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
            request.setProcessPlugins(false);
            request.setTwoPhaseBuilding(false);
            request.setSystemProperties(system);
            request.setModelResolver(new LocalModelResolver(this.system, session));
            Model model;
            try {
                model = supplier.getModelBuilder().build(request).getEffectiveModel();
            } catch (ModelBuildingException e) {
                throw new IOException("Maven cannot read " + dir.getFileName() + "/pom.xml: " + firstProblem(e));
            }
            List<String> problems = new ArrayList<>();
            List<File> classPath = classPath(session, model, problems);
            return new Build(model.getGroupId(), model.getArtifactId(), model.getVersion(), model.getName(),
                    model.getDescription(), bndInstructions(model, dir, multiModule), classPath, release(model), problems);
        }
    }

    private RepositorySystemSession.CloseableSession session() {
        // The "simple" layout: what is in the local repository counts, wherever it was downloaded from (Maven's
        // enhanced one would ask for the remote repository each artifact came from).
        return new SessionBuilderSupplier(system).get()
                .withLocalRepositories(new LocalRepository(localRepository, "simple"))
                .setOffline(true)
                .setSystemProperties(System.getProperties())
                .build();
    }

    /** The compile class path (compile, provided and system scopes, transitively), as far as it is in the local repository. */
    private List<File> classPath(RepositorySystemSession session, Model model, List<String> problems) {
        CollectRequest collect = new CollectRequest();
        for (Dependency d : model.getDependencies()) {
            collect.addDependency(dependency(d));
        }
        if (model.getDependencyManagement() != null) {
            for (Dependency d : model.getDependencyManagement().getDependencies()) {
                collect.addManagedDependency(dependency(d));
            }
        }
        DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.COMPILE));
        DependencyResult result;
        try {
            result = system.resolveDependencies(session, request);
        } catch (DependencyResolutionException e) {
            result = e.getResult();
            if (result == null) {
                problems.add("its dependencies cannot be resolved: " + e.getMessage());
                return List.of();
            }
        }
        List<File> files = new ArrayList<>();
        for (ArtifactResult r : result.getArtifactResults()) {
            if (r.getArtifact() != null && r.getArtifact().getFile() != null) {
                files.add(r.getArtifact().getFile());
            } else if (r.getRequest() != null) {
                org.eclipse.aether.artifact.Artifact a = r.getRequest().getArtifact();
                problems.add(a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion()
                        + " is not in the local repository " + localRepository);
            }
        }
        if (result.getCollectExceptions() != null) {
            for (Exception e : result.getCollectExceptions()) {
                problems.add(e.getMessage());
            }
        }
        return files;
    }

    private static org.eclipse.aether.graph.Dependency dependency(Dependency d) {
        DefaultArtifact a = new DefaultArtifact(d.getGroupId(), d.getArtifactId(), d.getClassifier(),
                d.getType() == null || d.getType().equals("jar") ? "jar" : d.getType(), d.getVersion());
        if (JavaScopes.SYSTEM.equals(d.getScope()) && d.getSystemPath() != null) {
            // A system-scoped jar is where the pom says, not in any repository.
            a = (DefaultArtifact) a.setProperties(java.util.Map.of(org.eclipse.aether.artifact.ArtifactProperties.LOCAL_PATH,
                    d.getSystemPath()));
        }
        List<org.eclipse.aether.graph.Exclusion> exclusions = new ArrayList<>();
        for (org.apache.maven.model.Exclusion x : d.getExclusions()) {
            exclusions.add(new org.eclipse.aether.graph.Exclusion(x.getGroupId(), x.getArtifactId(), "*", "*"));
        }
        return new org.eclipse.aether.graph.Dependency(a, d.getScope() == null ? JavaScopes.COMPILE : d.getScope(),
                d.isOptional(), exclusions);
    }

    /**
     * What bnd-maven-plugin reads: its {@code bnd} configuration (inherited from plugin management), then the
     * module's bnd file ({@code bndfile}, default {@code bnd.bnd}); a later instruction overrides an earlier one.
     */
    private static String bndInstructions(Model model, Path dir, Path multiModule) throws IOException {
        StringBuilder text = new StringBuilder();
        Plugin bnd = null;
        if (model.getBuild() != null) {
            for (Plugin p : model.getBuild().getPlugins()) {
                if (BND_GROUP.equals(p.getGroupId()) && BND_PLUGIN.equals(p.getArtifactId())) {
                    bnd = p;
                }
            }
        }
        String bndFile = "bnd.bnd";
        if (bnd != null && bnd.getConfiguration() instanceof Xpp3Dom config) {
            Xpp3Dom instructions = config.getChild("bnd");
            if (instructions != null && instructions.getValue() != null) {
                text.append(instructions.getValue()).append('\n');
            }
            Xpp3Dom file = config.getChild("bndfile");
            if (file != null && file.getValue() != null && !file.getValue().isBlank()) {
                bndFile = file.getValue().trim();
            }
        }
        Path file = dir.resolve(bndFile);
        if (Files.isRegularFile(file)) {
            text.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
        }
        // Interpolated as Maven would have, had the model builder left a path property in the plugin's configuration.
        return text.toString().replace("${maven.multiModuleProjectDirectory}", multiModule.toString())
                .replace("${project.basedir}", dir.toString()).replace("${basedir}", dir.toString());
    }

    /** maven.compiler.release, else the compiler plugin's release, else 0 (the compiler's own). */
    private static int release(Model model) {
        String r = model.getProperties().getProperty("maven.compiler.release");
        if (r == null && model.getBuild() != null) {
            for (Plugin p : model.getBuild().getPlugins()) {
                if ("maven-compiler-plugin".equals(p.getArtifactId()) && p.getConfiguration() instanceof Xpp3Dom c
                        && c.getChild("release") != null) {
                    r = c.getChild("release").getValue();
                }
            }
        }
        try {
            return r == null ? 0 : Integer.parseInt(r.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Where the mvn launcher starts looking from: the nearest folder up with a {@code .mvn} folder, else the module's. */
    static Path multiModuleDirectory(Path dir) {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".mvn"))) {
                return p;
            }
        }
        return dir.toAbsolutePath().normalize();
    }

    private static String firstProblem(ModelBuildingException e) {
        for (ModelProblem p : e.getProblems()) {
            if (p.getSeverity() != ModelProblem.Severity.WARNING) {
                return p.getMessage();
            }
        }
        return e.getMessage();
    }
}
