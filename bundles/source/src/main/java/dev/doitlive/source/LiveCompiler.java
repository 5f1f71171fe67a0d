package dev.doitlive.source;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * javac, in process and kept warm: one compiler and one standard file manager for the life of the bundle, so
 * that the second and later compiles find the JDK's and the class path's indexes already open and javac's code
 * already compiled by the JIT. Compiles are serialized: a file manager is not thread-safe.
 */
final class LiveCompiler implements AutoCloseable {
    /**
     * Class files for the newest release bnd reads; no annotation processors (the bundle is made by bnd, which
     * reads the annotations from the class files); debug information for stack traces.
     */
    static final int RELEASE = Math.min(Runtime.version().feature(), 21);

    private static List<String> options(int release) {
        List<String> common = List.of("-g", "-parameters", "-proc:none", "-implicit:none", "-encoding", "UTF-8", "-Xlint:none");
        if (release == Runtime.version().feature()) {
            // The running JDK's own classes, through the kept file manager: --release would read them from ct.sym
            // through a file manager made anew for every compile (a third of a small compile's time).
            return common;
        }
        List<String> options = new ArrayList<>(List.of("--release", String.valueOf(release)));
        options.addAll(common);
        return options;
    }

    /** javac's error for an import (or a qualified name) of a package nobody exports, in {@link Locale#ROOT}. */
    private static final String NO_PACKAGE_CODE = "compiler.err.doesnt.exist";
    private static final Pattern NO_PACKAGE = Pattern.compile("package (\\S+) does not exist");

    private final JavaCompiler javac;
    private final StandardJavaFileManager standard;
    private final Set<String> classPathPackages;

    /**
     * @param classPath         jars read by the standard file manager (the framework's own classes, the
     *                          compile-only annotations)
     * @param classPathPackages the packages to read from them; all others come from the exporting bundles
     */
    LiveCompiler(List<File> classPath, Set<String> classPathPackages) {
        JavaCompiler c = ToolProvider.getSystemJavaCompiler();
        if (c == null) {
            throw new IllegalStateException("no Java compiler in this Java runtime (" + System.getProperty("java.home")
                    + "): live sources need a JDK, not a JRE");
        }
        javac = c;
        standard = c.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        try {
            standard.setLocation(StandardLocation.CLASS_PATH, classPath);
            // Only the saved file is compiled, never a .java found next to it.
            standard.setLocation(StandardLocation.SOURCE_PATH, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.classPathPackages = Set.copyOf(classPathPackages);
    }

    /**
     * Compiled classes (binary name -> bytes), what javac read them against (for bnd), which source each class came
     * from, and every package javac looked for among the exporters with the exporter it found (null: none).
     */
    record Compiled(Map<String, byte[]> classes, Map<ExportedClasses.Exporter, Map<String, java.net.URL>> compiledAgainst,
            Map<String, String> origins, Map<String, ExportedClasses.Exporter> looked) {
    }

    /**
     * Compiles one source against the given exporters.
     *
     * @throws SourceProblem naming each error as {@code file:line:column: message}, and the packages nobody exports
     */
    Compiled compile(SourceFile source, Map<String, ExportedClasses.Exporter> exporters) throws SourceProblem {
        return compile(source.fileName, List.of(new ExportedClasses.Text(source.fileName, source.text)), exporters,
                ExportedClasses.Memory.NONE, null, RELEASE);
    }

    /**
     * Compiles several sources as one bundle's classes.
     *
     * @param name   the folder's or file's name, first in the line that says it does not compile
     * @param units  the sources, each named as messages show it ({@code shapes/pkg/Circle.java})
     * @param memory classes read before the exporters' (an API's new classes, the folder's own from its last build)
     * @param jars   a dev-mode module's dependencies, for packages nobody exports; or null
     * @param release the Java release to compile for (a module's own, as its Maven build does)
     */
    synchronized Compiled compile(String name, List<? extends JavaFileObject> units,
            Map<String, ExportedClasses.Exporter> exporters, ExportedClasses.Memory memory, StandardJavaFileManager jars,
            int release) throws SourceProblem {
        ExportedClasses files = new ExportedClasses(standard, exporters, classPathPackages, memory, jars);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok;
        // javac's own output: its crash report goes here, not to the console (the line below says it)
        StringWriter out = new StringWriter();
        try {
            JavaCompiler.CompilationTask task = javac.getTask(out, files, diagnostics, options(release), null, units);
            ok = task.call();
        } catch (RuntimeException e) { // javac's own crash, or a bundle gone while its classes were read
            throw new SourceProblem(name + ": the compiler failed: " + e);
        }
        List<String> errors = new ArrayList<>();
        Set<String> missing = new HashSet<>();
        // In the files' order, as an editor lists them: javac says them phase by phase (signatures before bodies).
        List<Diagnostic<? extends JavaFileObject>> said = new ArrayList<>(diagnostics.getDiagnostics());
        said.sort(java.util.Comparator.<Diagnostic<? extends JavaFileObject>, String>comparing(
                d -> d.getSource() == null ? "" : d.getSource().getName())
                .thenComparingLong(Diagnostic::getLineNumber).thenComparingLong(Diagnostic::getColumnNumber));
        for (Diagnostic<? extends JavaFileObject> d : said) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(describe(name, d));
                Matcher m = NO_PACKAGE.matcher(d.getMessage(Locale.ROOT));
                if (NO_PACKAGE_CODE.equals(d.getCode()) && m.find()) {
                    missing.add(m.group(1));
                }
            }
        }
        if (!ok || !errors.isEmpty()) {
            throw new SourceProblem(name + ": does not compile (" + errors.size()
                    + (errors.size() == 1 ? " error)" : " errors)"), errors, missing);
        }
        return new Compiled(files.output, files.used, files.origins, files.looked);
    }

    /** A file manager reading a dev-mode module's dependency jars, kept as warm as the standard one. */
    synchronized StandardJavaFileManager jars(List<File> jars) {
        StandardJavaFileManager m = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        try {
            m.setLocation(StandardLocation.CLASS_PATH, jars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** {@code Name.java:12:5: message}, javac's several lines folded into one. */
    private static String describe(String fileName, Diagnostic<? extends JavaFileObject> d) {
        String where = d.getSource() == null ? fileName
                : d.getSource().getName() + (d.getLineNumber() > 0 ? ":" + d.getLineNumber() + ":" + d.getColumnNumber() : "");
        String message = d.getMessage(Locale.ROOT).strip().replaceAll("\\s*\\R\\s*", ", ").replaceAll("\\s{2,}", " ");
        return where + ": " + message;
    }

    @Override
    public synchronized void close() throws IOException {
        standard.close();
    }
}
