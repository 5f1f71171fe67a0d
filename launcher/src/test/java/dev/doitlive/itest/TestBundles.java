package dev.doitlive.itest;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Manifest;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.EmbeddedResource;
import aQute.bnd.osgi.Jar;

/**
 * Builds real OSGi bundles inside a test, from Java source strings: javac in process (one compiler, one file
 * manager, class files kept in memory), then bndlib the way {@code bnd-maven-plugin} runs it in the Maven
 * build: the compiled classes are the bundle's content, the test class path is bnd's class path, DS and bundle
 * annotations are processed by bnd's defaults, and the instructions of the reactor's {@code bnd.bnd} that
 * shape the manifest ({@code -noextraheaders}, {@code -reproducible}) apply. Nothing is written to disk.
 *
 * <p>Thread-safe; compiles are serialized (javac's file manager is not thread-safe).
 */
public final class TestBundles {
    /** javac options: Maven's defaults for this reactor (release 17, debug info), no annotation processors. */
    private static final List<String> JAVAC_OPTIONS = List.of("--release", "17", "-g", "-proc:none",
            "-implicit:none", "-encoding", "UTF-8", "-Xlint:none");

    /** The reactor's bnd.bnd instructions that affect the bundle's bytes. */
    private static final Map<String, String> DEFAULT_INSTRUCTIONS = Map.of(
            Constants.NOEXTRAHEADERS, "true",
            Constants.REPRODUCIBLE, "true");

    private static final Object COMPILER_LOCK = new Object();
    private static JavaCompiler compiler;
    private static StandardJavaFileManager standardFileManager;
    private static List<File> classPath;

    private TestBundles() {
    }

    /**
     * Compiles the sources (fully qualified class name -> source text) against the test class path and wraps
     * them with bnd into a bundle. DS annotations ({@code @Component}, {@code @Reference}, {@code @Activate}...)
     * and bundle annotations ({@code @Requirement}/{@code @Capability} meta-annotations, like the one on
     * {@code dev.doitlive.api.Refreshable}) are processed exactly as bnd-maven-plugin does in the Maven build.
     * Bundle-SymbolicName and Bundle-Version come from the arguments; the packages of the sources are private
     * unless an instruction exports them; bnd computes the imports.
     *
     * @param bndInstructions extra bnd instructions, each {@code "Header: value"} (a string may hold several
     *                        lines); they override the defaults. {@code -compileonly: pkg,...} (not bnd's) compiles
     *                        those packages' sources with the bundle but leaves them out of it
     * @return the bundle jar's bytes; the same arguments always give the same bytes
     * @throws IllegalArgumentException when the sources do not compile; the message lists
     *                                  {@code file:line: message} for each error
     * @throws IllegalStateException    when bnd reports errors
     */
    public static byte[] bundle(String symbolicName, String version, Map<String, String> sources,
            String... bndInstructions) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no sources for bundle " + symbolicName);
        }
        Map<String, String> instructions = new TreeMap<>(DEFAULT_INSTRUCTIONS);
        instructions.put(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        instructions.put(Constants.BUNDLE_VERSION, version);
        for (String block : bndInstructions) {
            for (String line : block.split("\\R")) {
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("bnd instruction is not 'Header: value': " + line);
                }
                instructions.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        // "-compileonly: pkg,pkg": sources compiled with the bundle but left out of it, so that it imports them
        // (an API that another test bundle exports).
        String compileOnly = instructions.remove("-compileonly");
        Map<String, byte[]> classes = compile(sources);
        if (compileOnly != null) {
            for (String pkg : compileOnly.split(",")) {
                String prefix = pkg.trim() + ".";
                classes.keySet().removeIf(name -> name.startsWith(prefix) && name.indexOf('.', prefix.length()) < 0);
            }
        }
        return wrap(classes, instructions);
    }

    /** Binary class name -> class file bytes. */
    private static Map<String, byte[]> compile(Map<String, String> sources) {
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((className, text) -> units.add(new Source(className, text)));
        synchronized (COMPILER_LOCK) {
            StandardJavaFileManager standard = standardFileManager();
            MemoryFileManager files = new MemoryFileManager(standard);
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            Boolean ok = compiler.getTask(null, files, diagnostics, JAVAC_OPTIONS, null, units).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    String file = d.getSource() == null ? "<javac>" : d.getSource().getName();
                    errors.add(file + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
                }
            }
            if (!ok || !errors.isEmpty()) {
                throw new IllegalArgumentException(
                        "compilation failed with " + errors.size() + " error(s):\n" + String.join("\n", errors));
            }
            return files.classes;
        }
    }

    private static StandardJavaFileManager standardFileManager() {
        if (standardFileManager == null) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
            }
            StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT,
                    java.nio.charset.StandardCharsets.UTF_8);
            try {
                fm.setLocation(StandardLocation.CLASS_PATH, classPath());
                // No source path: only the given sources are compiled, never a .java found on the class path.
                fm.setLocation(StandardLocation.SOURCE_PATH, List.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            compiler = javac;
            standardFileManager = fm;
        }
        return standardFileManager;
    }

    /** The test JVM's class path, existing entries only. */
    private static synchronized List<File> classPath() {
        if (classPath == null) {
            List<File> entries = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                File f = new File(entry);
                if (!entry.isEmpty() && f.exists()) {
                    entries.add(f);
                }
            }
            classPath = Collections.unmodifiableList(entries);
        }
        return classPath;
    }

    private static byte[] wrap(Map<String, byte[]> classes, Map<String, String> instructions) {
        // As bnd-maven-plugin: the compiled classes are the bundle's content ("dot", with an empty manifest),
        // the dependencies are bnd's class path, bnd's defaults do the rest (-dsannotations: *, bundle
        // annotations, Private-Package from the content, imports with versions from the class path).
        Jar dot = new Jar("dot");
        dot.setManifest(new Manifest());
        classes.forEach((name, bytes) -> dot.putResource(name.replace('.', '/') + ".class",
                new EmbeddedResource(bytes, 0L)));
        try (Builder builder = new Builder()) {
            builder.setJar(dot);
            builder.setClasspath(classPath().toArray(new File[0]));
            instructions.forEach(builder::setProperty);
            Jar bundle = builder.build();
            if (!builder.isOk()) {
                throw new IllegalStateException("bnd failed for " + instructions.get(Constants.BUNDLE_SYMBOLICNAME)
                        + ":\n" + String.join("\n", builder.getErrors()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            bundle.write(out);
            return out.toByteArray();
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("bnd failed: " + e, e);
        }
    }

    /** A source held in memory; its name is the path javac expects, {@code pkg/Name.java}. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public String getName() {
            return toUri().getPath().substring(1);
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** A class file javac writes into memory. */
    private static final class Output extends SimpleJavaFileObject {
        private final String className;
        private final Map<String, byte[]> sink;

        Output(String className, Map<String, byte[]> sink) {
            super(URI.create("mem:///" + className.replace('.', '/') + Kind.CLASS.extension), Kind.CLASS);
            this.className = className;
            this.sink = sink;
        }

        @Override
        public OutputStream openOutputStream() {
            return new ByteArrayOutputStream() {
                @Override
                public void close() {
                    sink.put(className, toByteArray());
                }
            };
        }
    }

    /** Reads through the shared standard file manager; writes class files into {@link #classes}. */
    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        final Map<String, byte[]> classes = new TreeMap<>();

        MemoryFileManager(StandardJavaFileManager standard) {
            super(standard);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(JavaFileManager.Location location, String className,
                JavaFileObject.Kind kind, FileObject sibling) throws IOException {
            if (kind == JavaFileObject.Kind.CLASS && location == StandardLocation.CLASS_OUTPUT) {
                return new Output(className, classes);
            }
            throw new IOException("unexpected output " + location + " " + className + " " + kind);
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            if (a instanceof SimpleJavaFileObject || b instanceof SimpleJavaFileObject) {
                return a.equals(b);
            }
            return super.isSameFile(a, b);
        }

        @Override
        public void close() {
            // the standard file manager is shared by all compiles; keep it open
        }
    }
}
