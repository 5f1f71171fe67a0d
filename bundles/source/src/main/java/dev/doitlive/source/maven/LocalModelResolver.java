package dev.doitlive.source.maven;

import org.apache.maven.model.Dependency;
import org.apache.maven.model.Parent;
import org.apache.maven.model.Repository;
import org.apache.maven.model.building.FileModelSource;
import org.apache.maven.model.building.ModelSource;
import org.apache.maven.model.resolution.ModelResolver;
import org.apache.maven.model.resolution.UnresolvableModelException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * The poms a module's pom refers to (a parent not found by its relative path, an imported BOM), from the local
 * repository through the resolver. Offline: the repositories a pom declares are not asked.
 */
final class LocalModelResolver implements ModelResolver {
    private final RepositorySystem system;
    private final RepositorySystemSession session;

    LocalModelResolver(RepositorySystem system, RepositorySystemSession session) {
        this.system = system;
        this.session = session;
    }

    @Override
    public ModelSource resolveModel(String groupId, String artifactId, String version) throws UnresolvableModelException {
        try {
            ArtifactRequest request = new ArtifactRequest(new DefaultArtifact(groupId, artifactId, "", "pom", version),
                    java.util.List.of(), null);
            return new FileModelSource(system.resolveArtifact(session, request).getArtifact().getFile());
        } catch (ArtifactResolutionException e) {
            throw new UnresolvableModelException(groupId + ":" + artifactId + ":" + version
                    + " is not in the local repository (build it once with mvn install, or fix its relativePath)",
                    groupId, artifactId, version, e);
        }
    }

    @Override
    public ModelSource resolveModel(Parent parent) throws UnresolvableModelException {
        return resolveModel(parent.getGroupId(), parent.getArtifactId(), parent.getVersion());
    }

    @Override
    public ModelSource resolveModel(Dependency dependency) throws UnresolvableModelException {
        return resolveModel(dependency.getGroupId(), dependency.getArtifactId(), dependency.getVersion());
    }

    @Override
    public void addRepository(Repository repository) {
        // offline: only the local repository is read
    }

    @Override
    public void addRepository(Repository repository, boolean replace) {
        // offline: only the local repository is read
    }

    @Override
    public ModelResolver newCopy() {
        return this;
    }
}
