package dev.doitlive.source;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Path;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * FileInstall's installer for {@code .java} files in the watched folder. FileInstall watches, tells a new, changed
 * or deleted file; this compiles and installs, updates or uninstalls the bundle. A source that does not build is
 * reported and changes nothing: the live version stays (FileInstall's transformer SPI would instead uninstall the
 * bundle when a transform fails, which is why this is an installer). A file still being written is left for the
 * next scan.
 */
@Component(service = ArtifactInstaller.class)
public class SourceInstaller implements ArtifactInstaller {
    @Reference
    private SourceBuilder builder;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    public boolean canHandle(File artifact) {
        return SourceFile.isSource(artifact.toPath());
    }

    @Override
    public void install(File artifact) {
        apply(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        apply(artifact.toPath());
    }

    @Override
    public void uninstall(File artifact) {
        Path file = artifact.toPath();
        Bundle b = builder.bundleOf(file);
        builder.forget(file);
        if (b == null) {
            return;
        }
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            builder.reportLine(file, file.getFileName() + ": its bundle cannot be uninstalled: " + e.getMessage());
        }
    }

    private void apply(Path file) {
        SourceFile source;
        try {
            source = SourceFile.read(file);
        } catch (SourceProblem e) {
            builder.reportLine(file, e.getMessage());
            return;
        }
        Bundle b = builder.bundleOf(file);
        if (b != null && source.digest.equals(b.getHeaders("").get(BundleMaker.DIGEST_HEADER))) {
            builder.applied(file); // saved without a change, or seen again after a restart
            return;
        }
        SourceBuilder.Built built;
        try {
            built = builder.build(source);
        } catch (SourceProblem e) {
            if (!source.changedSince()) { // else a write is under way: the next scan has the whole file
                builder.report(source, e, b == null ? "; nothing installed" : "; the live version stays");
            }
            return;
        }
        if (source.changedSince()) {
            return; // saved again while it compiled: the next scan builds the newer text
        }
        try {
            if (b == null) {
                b = context.installBundle(SourceFile.location(file), new ByteArrayInputStream(built.bytes()));
                setStartLevel(b);
            } else {
                b.update(new ByteArrayInputStream(built.bytes()));
            }
            b.start();
            builder.applied(file);
        } catch (BundleException | RuntimeException e) {
            builder.reportLine(file, source.fileName + ": " + (b == null ? "cannot be installed: " : "does not start: ")
                    + e.getMessage());
        }
    }

    /** The start level FileInstall gives the watched folder's bundles, so that sources start with the jars. */
    private void setStartLevel(Bundle b) {
        String level = context.getProperty("doitlive.watch.startlevel");
        if (level != null && !level.isBlank()) {
            try {
                b.adapt(BundleStartLevel.class).setStartLevel(Integer.parseInt(level.trim()));
            } catch (IllegalArgumentException e) {
                // a bad level is the launcher's to report; the bundle starts at the default level
            }
        }
    }
}
