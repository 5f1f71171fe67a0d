package dev.doitlive.source;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.EmbeddedResource;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Resource;

/**
 * Makes the bundle from compiled classes with bndlib, the way bnd-maven-plugin does in the Maven build: the classes
 * are the content, bnd's defaults process the DS and bundle annotations ({@code @Component}, {@code @Refreshable}'s
 * extender requirement) and compute the imports, with versions from the bundles the classes were compiled against.
 */
final class BundleMaker {
    /** Header naming the file a bundle was built from. */
    static final String SOURCE_HEADER = "Doitlive-Source";
    /** Header holding the SHA-256 of that file's text. */
    static final String DIGEST_HEADER = "Doitlive-Source-Digest";
    /** The requirement {@code @Refreshable} puts on a bundle. */
    static final String EXTENDER = "dev.doitlive.refreshable";

    private final List<File> annotationJars;

    BundleMaker(List<File> annotationJars) {
        this.annotationJars = List.copyOf(annotationJars);
    }

    /** The bundle's bytes; the same source and class path always give the same bytes. */
    byte[] make(SourceFile source, String symbolicName, Map<String, byte[]> classes,
            Map<ExportedClasses.Exporter, Map<String, URL>> compiledAgainst) throws SourceProblem {
        Jar dot = new Jar("dot");
        dot.setManifest(new Manifest());
        classes.forEach((name, bytes) -> dot.putResource(name.replace('.', '/') + ".class", new EmbeddedResource(bytes, 0L)));
        try (Builder builder = new Builder()) {
            builder.setJar(dot);
            for (Map.Entry<ExportedClasses.Exporter, Map<String, URL>> e : compiledAgainst.entrySet()) {
                builder.addClasspath(classPathJar(e.getKey(), e.getValue()));
            }
            for (File f : annotationJars) {
                builder.addClasspath(new Jar(f));
            }
            builder.setProperty(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
            builder.setProperty(Constants.BUNDLE_VERSION, "0.0.0");
            builder.setProperty(Constants.NOEXTRAHEADERS, "true");
            builder.setProperty(Constants.REPRODUCIBLE, "true");
            builder.setProperty(SOURCE_HEADER, source.fileName);
            builder.setProperty(DIGEST_HEADER, source.digest);
            Jar bundle = builder.build();
            if (!builder.isOk()) {
                throw new SourceProblem(source.fileName + ": bnd cannot make a bundle of it: "
                        + String.join("; ", builder.getErrors()));
            }
            requireRefreshable(source, bundle.getManifest());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            bundle.write(out);
            return out.toByteArray();
        } catch (SourceProblem e) {
            throw e;
        } catch (Exception e) {
            throw new SourceProblem(source.fileName + ": bnd failed: " + e);
        }
    }

    /**
     * Only refreshables come from sources: a plain class would be a bundle nobody can reach or refresh.
     */
    private static void requireRefreshable(SourceFile source, Manifest m) throws SourceProblem {
        Attributes a = m.getMainAttributes();
        String requires = a.getValue(Constants.REQUIRE_CAPABILITY);
        if (a.getValue(Constants.SERVICE_COMPONENT) == null || requires == null || !requires.contains(EXTENDER)) {
            throw new SourceProblem(source.fileName + ": " + source.className + " is not refreshable: annotate it with"
                    + " @Component(service = YourInterface.class) and @Refreshable (live:new NAME writes a starter)");
        }
    }

    /**
     * A class path entry for bnd standing for one exporting bundle: its classes that javac listed, and a manifest
     * exporting its packages at their versions, so bnd writes import ranges as a Maven build would.
     */
    private static Jar classPathJar(ExportedClasses.Exporter exporter, Map<String, URL> urls) throws IOException {
        Jar jar = new Jar(exporter.bundle().getSymbolicName());
        for (Map.Entry<String, URL> e : urls.entrySet()) {
            jar.putResource(e.getKey(), Resource.fromURL(e.getValue()));
        }
        List<String> exports = new ArrayList<>();
        for (BundleCapability c : exporter.wiring().getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            Map<String, Object> attrs = c.getAttributes();
            exports.add(attrs.get(PackageNamespace.PACKAGE_NAMESPACE) + ";version=\""
                    + attrs.get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE) + "\"");
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue(Constants.BUNDLE_SYMBOLICNAME, exporter.bundle().getSymbolicName());
        m.getMainAttributes().putValue(Constants.EXPORT_PACKAGE, String.join(",", new TreeSet<>(exports)));
        jar.setManifest(m);
        return jar;
    }
}
