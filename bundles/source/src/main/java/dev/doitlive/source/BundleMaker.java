package dev.doitlive.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
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

    /** A source's last bundle and what bnd read to make it. */
    private record Made(BndInput input, byte[] bytes) {
    }

    /** Per source file, its last bundle made; a few hundred at most (one per file saved since the start). */
    private final Map<Path, Made> made = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Path, Made> eldest) {
                    return size() > 256;
                }
            });

    private final AtomicLong kept = new AtomicLong();

    /** How many source bundles kept their last bundle's manifest since the start (read by tests and the benchmark). */
    long kept() {
        return kept.get();
    }

    /**
     * The bundle's bytes; the same source and class path always give the same bytes. When bnd would read the same as
     * for the file's last bundle ({@link BndInput}: a method's body changed), that bundle's manifest and component
     * descriptions are kept and only its class files and the source's digest replaced, which gives the bytes bnd
     * would (a third of a small save's time less).
     */
    byte[] make(SourceFile source, String symbolicName, Map<String, byte[]> classes,
            Map<ExportedClasses.Exporter, Map<String, URL>> compiledAgainst, List<byte[]> first) throws SourceProblem {
        BndInput input = first.isEmpty() ? BndInput.of(symbolicName + " " + source.fileName, classes, compiledAgainst) : null;
        return madeAgain(source.path, input, classes, source.digest, source.fileName,
                () -> bnd(source, symbolicName, classes, compiledAgainst, first));
    }

    /** The bundle bnd would make: {@code bnd}'s, or the last one of {@code key} with these classes when bnd reads the same. */
    private byte[] madeAgain(Path key, BndInput input, Map<String, byte[]> classes, String digest, String what, Bnd bnd)
            throws SourceProblem {
        Made last = input == null ? null : made.get(key);
        byte[] bytes;
        if (last != null && last.input().equals(input)) {
            bytes = withClasses(last.bytes(), classes, digest, what);
            kept.incrementAndGet();
        } else {
            bytes = bnd.make();
        }
        if (input != null) {
            made.put(key, new Made(input, bytes));
        }
        return bytes;
    }

    private interface Bnd {
        byte[] make() throws SourceProblem;
    }

    /** A bundle bnd made, with other class files of the same names and the source's digest. */
    private static byte[] withClasses(byte[] bundle, Map<String, byte[]> classes, String digest, String what)
            throws SourceProblem {
        try (Jar jar = new Jar("bundle", new ByteArrayInputStream(bundle))) {
            jar.setReproducible("true");
            classes.forEach((binary, bytes) -> jar.putResource(binary.replace('.', '/') + ".class", new EmbeddedResource(bytes, 0L)));
            Manifest m = jar.getManifest();
            m.getMainAttributes().putValue(DIGEST_HEADER, digest);
            jar.setManifest(m);
            ByteArrayOutputStream out = new ByteArrayOutputStream(bundle.length + 256);
            jar.write(out);
            return out.toByteArray();
        } catch (Exception e) {
            throw new SourceProblem(what + ": its bundle cannot be written: " + e);
        }
    }

    private byte[] bnd(SourceFile source, String symbolicName, Map<String, byte[]> classes,
            Map<ExportedClasses.Exporter, Map<String, URL>> compiledAgainst, List<byte[]> first) throws SourceProblem {
        Jar dot = new Jar("dot");
        dot.setManifest(new Manifest());
        classes.forEach((name, bytes) -> dot.putResource(name.replace('.', '/') + ".class", new EmbeddedResource(bytes, 0L)));
        try (Builder builder = new Builder()) {
            builder.setJar(dot);
            for (byte[] jar : first) {
                builder.addClasspath(new Jar("api", new java.io.ByteArrayInputStream(jar)));
            }
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
     * What a bundle of many sources is made of: a source folder or a dev-mode module.
     *
     * @param name         the folder's name, for messages
     * @param symbolicName the Bundle-SymbolicName unless the instructions set one
     * @param version      the Bundle-Version unless the instructions set one
     * @param headers      headers set whatever the instructions say (the source's name and digest)
     * @param instructions bnd instructions, as in a bnd.bnd file ({@code -include} relative to {@code base})
     * @param first        class path entries before the exporters': new API jars the classes were compiled against
     * @param jars         a dev-mode module's dependency jars (for -includeresource, -conditionalpackage, versions)
     */
    record Spec(String name, String symbolicName, String version, Map<String, String> headers, String instructions,
            File base, Map<String, byte[]> classes, Map<String, byte[]> resources,
            Map<ExportedClasses.Exporter, Map<String, URL>> compiledAgainst, List<byte[]> first, List<File> jars) {
    }

    /**
     * A bundle of many sources, made as bnd-maven-plugin makes it from target/classes. When bnd would read the same
     * as for the tree's last bundle, that bundle's manifest is kept as for a single source; unless its instructions
     * may read more than bnd is given here ({@link InertInstructions}).
     */
    byte[] make(Spec spec) throws SourceProblem {
        String head = spec.first().isEmpty() ? head(spec) : null;
        BndInput input = head == null ? null : BndInput.of(head, spec.classes(), spec.compiledAgainst());
        return madeAgain(spec.base().toPath(), input, spec.classes(), spec.headers().get(DIGEST_HEADER), spec.name(),
                () -> bnd(spec));
    }

    /**
     * What a tree's bnd is given besides its classes: names, headers (less the digest), instructions, each resource's
     * digest, the dependency jars as last modified; null when the instructions may make bnd read more.
     */
    private static String head(Spec spec) {
        StringBuilder s = new StringBuilder().append(spec.name()).append(' ').append(spec.symbolicName()).append(' ')
                .append(spec.version()).append('\n');
        if (!InertInstructions.read(spec.instructions(), spec.base(), s)) {
            return null;
        }
        for (File jar : spec.jars()) {
            s.append("jar ").append(jar).append(' ').append(jar.length()).append(' ').append(jar.lastModified()).append('\n');
        }
        new TreeMap<>(spec.headers()).forEach((k, v) -> {
            if (!k.equals(DIGEST_HEADER)) {
                s.append(k).append(": ").append(v).append('\n');
            }
        });
        new TreeMap<>(spec.resources()).forEach((path, bytes) -> s.append(path).append(' ')
                .append(SourceTree.sha256(bytes)).append('\n'));
        return s.toString();
    }

    private byte[] bnd(Spec spec) throws SourceProblem {
        Jar dot = new Jar("dot");
        dot.setManifest(new Manifest());
        spec.resources().forEach((path, bytes) -> dot.putResource(path, new EmbeddedResource(bytes, 0L)));
        spec.classes().forEach((name, bytes) -> dot.putResource(name.replace('.', '/') + ".class", new EmbeddedResource(bytes, 0L)));
        try (Builder builder = new Builder()) {
            java.util.Properties p = new java.util.Properties();
            p.load(new java.io.StringReader(spec.instructions()));
            builder.setProperties(spec.base(), p);
            builder.setJar(dot);
            for (byte[] jar : spec.first()) {
                builder.addClasspath(new Jar("api", new java.io.ByteArrayInputStream(jar)));
            }
            for (Map.Entry<ExportedClasses.Exporter, Map<String, URL>> e : spec.compiledAgainst().entrySet()) {
                builder.addClasspath(classPathJar(e.getKey(), e.getValue()));
            }
            for (File f : annotationJars) {
                builder.addClasspath(new Jar(f));
            }
            for (File f : spec.jars()) {
                builder.addClasspath(f);
            }
            if (builder.getProperty(Constants.BUNDLE_SYMBOLICNAME) == null) {
                builder.setProperty(Constants.BUNDLE_SYMBOLICNAME, spec.symbolicName());
            }
            if (builder.getProperty(Constants.BUNDLE_VERSION) == null) {
                builder.setProperty(Constants.BUNDLE_VERSION, spec.version());
            }
            builder.setProperty(Constants.NOEXTRAHEADERS, "true");
            builder.setProperty(Constants.REPRODUCIBLE, "true");
            spec.headers().forEach(builder::setProperty);
            Jar bundle = builder.build();
            if (!builder.isOk()) {
                throw new SourceProblem(spec.name() + ": bnd cannot make a bundle of it: " + String.join("; ", builder.getErrors()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            bundle.write(out);
            return out.toByteArray();
        } catch (SourceProblem e) {
            throw e;
        } catch (Exception e) {
            throw new SourceProblem(spec.name() + ": bnd failed: " + e);
        }
    }

    static Manifest manifest(byte[] bundle) throws SourceProblem {
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(new ByteArrayInputStream(bundle))) {
            Manifest m = in.getManifest();
            if (m == null) {
                throw new SourceProblem("bnd wrote no manifest");
            }
            return m;
        } catch (IOException e) {
            throw new SourceProblem("bnd wrote an unreadable bundle: " + e.getMessage());
        }
    }

    /** The packages a manifest exports. */
    static java.util.Set<String> exports(Manifest m) {
        String header = m.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        return header == null ? java.util.Set.of() : new aQute.bnd.header.Parameters(header).keySet().stream()
                .map(k -> k.replaceAll("~+$", "")).collect(java.util.stream.Collectors.toSet());
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
