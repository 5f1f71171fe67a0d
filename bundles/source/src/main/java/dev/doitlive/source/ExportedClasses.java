package dev.doitlive.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.namespace.PackageNamespace;

/**
 * javac's class path for a live source: exactly the packages the running framework exports, read from the
 * bundles that export them (our api, the user's API bundles), plus the packages the standard file manager's class
 * path holds for the rest (the framework's own packages, the compile-only annotations). The JDK comes from the
 * standard file manager as usual. A source thus compiles against what it will be wired to, never against a
 * bundle's private classes.
 */
final class ExportedClasses extends ForwardingJavaFileManager<StandardJavaFileManager> {
    /** An exporter of one package: the wiring that provides it, at its version. */
    record Exporter(BundleWiring wiring, Version version) {
        Bundle bundle() {
            return wiring.getBundle();
        }
    }

    /**
     * Classes javac reads from memory, by package, before any exporter: an API's new classes not yet installed
     * (its importers are built against them, to go live together), or a folder's own classes from its last build.
     */
    record Memory(Map<String, Map<String, byte[]>> packages) {
        static final Memory NONE = new Memory(Map.of());
    }

    private final Map<String, Exporter> exporters;
    private final Set<String> fromClassPath;
    private final Memory memory;
    /** A dev-mode module's own dependencies (jars from the local repository), for packages nobody exports; or null. */
    private final StandardJavaFileManager jars;
    private final Set<JavaFileObject> fromJars = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    final Map<String, byte[]> output = new HashMap<>();
    /** Class written -> the source it was compiled from (its name as messages show it). */
    final Map<String, String> origins = new HashMap<>();
    /**
     * Every package javac looked for on the class path, outside {@link Memory} and the standard class path: the
     * exporter it was read from, or null for none. A tree's classes kept from this compile hold only while these stay.
     */
    final Map<String, Exporter> looked = new HashMap<>();
    /** Per exporter javac read a class of: the classes it listed, path -> URL. bnd needs the same to analyze. */
    final Map<Exporter, Map<String, URL>> used = new HashMap<>();
    private final Map<String, Map<String, URL>> listed = new HashMap<>();

    /**
     * @param exporters     package -> the bundle wiring exporting it (other than the system bundle)
     * @param fromClassPath packages read from the standard file manager's class path
     */
    ExportedClasses(StandardJavaFileManager standard, Map<String, Exporter> exporters, Set<String> fromClassPath) {
        this(standard, exporters, fromClassPath, Memory.NONE, null);
    }

    ExportedClasses(StandardJavaFileManager standard, Map<String, Exporter> exporters, Set<String> fromClassPath,
            Memory memory, StandardJavaFileManager jars) {
        super(standard);
        this.exporters = exporters;
        this.fromClassPath = fromClassPath;
        this.memory = memory;
        this.jars = jars;
    }

    /** Package -> its exporter, for every package a resolved bundle other than the system bundle exports. */
    static Map<String, Exporter> exporters(Bundle[] bundles) {
        Map<String, Exporter> map = new HashMap<>();
        for (Bundle b : bundles) {
            if (b.getBundleId() == 0) {
                continue;
            }
            BundleWiring w = b.adapt(BundleWiring.class);
            if (w == null || !w.isInUse()) {
                continue;
            }
            for (BundleCapability c : w.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                String pkg = (String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
                Object v = c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
                Version version = v instanceof Version ? (Version) v : Version.emptyVersion;
                Exporter old = map.get(pkg);
                if (old == null || version.compareTo(old.version) > 0) {
                    map.put(pkg, new Exporter(w, version));
                }
            }
        }
        return map;
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
            boolean recurse) throws IOException {
        if (location != StandardLocation.CLASS_PATH) {
            return super.list(location, packageName, kinds, recurse);
        }
        if (!kinds.contains(JavaFileObject.Kind.CLASS)) {
            return List.of(); // never a source from the class path
        }
        if (fromClassPath.contains(packageName)) {
            return super.list(location, packageName, Set.of(JavaFileObject.Kind.CLASS), false);
        }
        Map<String, byte[]> inMemory = memory.packages().get(packageName);
        if (inMemory != null) {
            List<JavaFileObject> classes = new ArrayList<>(inMemory.size());
            inMemory.forEach((binary, bytes) -> classes.add(new MemoryClass(binary, bytes)));
            return classes;
        }
        Exporter e = exporters.get(packageName);
        looked.put(packageName, e);
        if (e == null) {
            if (jars == null) {
                return List.of();
            }
            List<JavaFileObject> classes = new ArrayList<>();
            for (JavaFileObject f : jars.list(StandardLocation.CLASS_PATH, packageName, Set.of(JavaFileObject.Kind.CLASS), false)) {
                fromJars.add(f);
                classes.add(f);
            }
            return classes;
        }
        String path = packageName.replace('.', '/');
        Collection<String> names = e.wiring().listResources("/" + path, "*.class", BundleWiring.LISTRESOURCES_LOCAL);
        List<JavaFileObject> classes = new ArrayList<>(names.size());
        Map<String, URL> urls = listed.computeIfAbsent(packageName, p -> new HashMap<>());
        for (String name : names) {
            URL url = e.bundle().getEntry(name);
            if (url == null) {
                url = e.wiring().getClassLoader().getResource(name);
            }
            if (url != null) {
                String binary = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                urls.put(name, url);
                classes.add(new BundleClass(url, binary, () -> used.computeIfAbsent(e, x -> new HashMap<>()).putAll(urls)));
            }
        }
        return classes;
    }

    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
        if (file instanceof BundleClass b) {
            return b.binaryName;
        }
        if (file instanceof MemoryClass m) {
            return m.binaryName;
        }
        if (fromJars.contains(file)) {
            return jars.inferBinaryName(StandardLocation.CLASS_PATH, file);
        }
        return super.inferBinaryName(location, file);
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        if (a instanceof BundleClass || b instanceof BundleClass || a instanceof Output || b instanceof Output
                || a instanceof MemoryClass || b instanceof MemoryClass || fromJars.contains(a) || fromJars.contains(b)) {
            return a.toUri().equals(b.toUri());
        }
        return super.isSameFile(a, b);
    }

    @Override
    public boolean contains(Location location, FileObject fo) throws IOException {
        if (fo instanceof BundleClass || fo instanceof MemoryClass || fromJars.contains(fo)) {
            return location == StandardLocation.CLASS_PATH;
        }
        return !(fo instanceof Output) && super.contains(location, fo);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
            FileObject sibling) throws IOException {
        if (location == StandardLocation.CLASS_OUTPUT && kind == JavaFileObject.Kind.CLASS) {
            if (sibling != null) {
                origins.put(className, sibling.getName());
            }
            return new Output(className);
        }
        return super.getJavaFileForOutput(location, className, kind, sibling);
    }

    /** A class file inside a bundle. */
    private static final class BundleClass extends SimpleJavaFileObject {
        final String binaryName;
        private final URL url;
        private final Runnable onRead;

        BundleClass(URL url, String binaryName, Runnable onRead) {
            super(uri(url), Kind.CLASS);
            this.url = url;
            this.binaryName = binaryName;
            this.onRead = onRead;
        }

        private static URI uri(URL url) {
            try {
                return url.toURI();
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(url.toString(), e);
            }
        }

        @Override
        public InputStream openInputStream() throws IOException {
            onRead.run();
            return url.openStream();
        }
    }

    /** A class file held in memory: an API's class not installed yet, or one of the last build's. */
    private static final class MemoryClass extends SimpleJavaFileObject {
        final String binaryName;
        private final byte[] bytes;

        MemoryClass(String binaryName, byte[] bytes) {
            super(URI.create("memory:///" + binaryName.replace('.', '/') + Kind.CLASS.extension), Kind.CLASS);
            this.binaryName = binaryName;
            this.bytes = bytes;
        }

        @Override
        public InputStream openInputStream() {
            return new java.io.ByteArrayInputStream(bytes);
        }
    }

    /** A class file javac writes, kept in memory. */
    private final class Output extends SimpleJavaFileObject {
        private final String className;

        Output(String className) {
            super(URI.create("mem:///" + className.replace('.', '/') + Kind.CLASS.extension), Kind.CLASS);
            this.className = className;
        }

        @Override
        public java.io.OutputStream openOutputStream() {
            return new java.io.ByteArrayOutputStream() {
                @Override
                public void close() {
                    output.put(className, toByteArray());
                }
            };
        }
    }

    /** The source being compiled, named by its file so that diagnostics say {@code Name.java}. */
    static final class Text extends SimpleJavaFileObject {
        private final String name;
        private final String text;

        Text(String fileName, String text) {
            super(uri(fileName), Kind.SOURCE);
            this.name = fileName;
            this.text = text;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }

        /** javac checks a public class's file name against the URI's last segment: the path is kept as it is. */
        private static URI uri(String fileName) {
            try {
                return new URI("source", "", "/" + fileName, null);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(fileName, e);
            }
        }
    }
}
