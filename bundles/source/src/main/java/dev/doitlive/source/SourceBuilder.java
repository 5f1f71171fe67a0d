package dev.doitlive.source;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Source file in, bundle bytes out: reads the file, compiles it against the framework's exports, makes the bundle.
 * Shared by the installer (a file FileInstall saw change) and the URL handler ({@code live:refresh}), and the one
 * place that reports a source's problems: to the OSGi log, which the runtime prints and keeps in
 * {@code live:errors}.
 */
@Component(service = SourceBuilder.class)
public class SourceBuilder {
    /** A built bundle: its bytes, symbolic name, classes and the packages it exports. */
    record Built(byte[] bytes, String symbolicName, Map<String, byte[]> classes, Set<String> exports) {
    }

    /**
     * New versions of live APIs, not installed yet, that a build compiles against so that they go live together:
     * their classes by package, their bundles' bytes (for bnd's import versions) and the bundles they replace.
     */
    record Apis(ExportedClasses.Memory memory, List<byte[]> jars, Set<Long> replaced) {
        static final Apis NONE = new Apis(ExportedClasses.Memory.NONE, List.of(), Set.of());

        /** These APIs and one more built bundle's exported packages. */
        Apis with(Bundle replacedBundle, Built built) {
            Map<String, Map<String, byte[]>> packages = new java.util.HashMap<>(memory.packages());
            built.classes().forEach((name, bytes) -> {
                int dot = name.lastIndexOf('.');
                String pkg = dot < 0 ? "" : name.substring(0, dot);
                if (built.exports().contains(pkg)) {
                    packages.computeIfAbsent(pkg, p -> new java.util.HashMap<>()).put(name, bytes);
                }
            });
            List<byte[]> j = new ArrayList<>(jars);
            j.add(built.bytes());
            Set<Long> r = new HashSet<>(replaced);
            r.add(replacedBundle.getBundleId());
            return new Apis(new ExportedClasses.Memory(packages), j, r);
        }
    }

    /**
     * How a tree becomes a bundle beyond its files: defaults bnd's instructions may override, the folder
     * {@code -include} is relative to, a dev-mode module's dependency jars (and a file manager reading them), and the
     * Java release its classes are for.
     */
    record Recipe(String symbolicName, String version, File base, javax.tools.StandardJavaFileManager jarReader,
            List<File> jars, int release) {
        static Recipe folder(SourceTree tree) {
            return new Recipe(symbolicNameOf(tree.name), "0.0.0", tree.home.toFile(), null, List.of(), LiveCompiler.RELEASE);
        }

        /** A folder's name as a symbolic name: what is not a letter, digit, '.', '-' or '_' becomes '_'. */
        static String symbolicNameOf(String name) {
            String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
            return s.isEmpty() || s.startsWith(".") ? "source" + s : s;
        }
    }

    private static final long WARM_UP_DELAY_MILLIS = 1500;
    /** How long a stop waits for a warm-up that is compiling (it takes well under a second once javac is up). */
    private static final long WARM_UP_STOP_MILLIS = 5000;
    private volatile Thread warmUp;
    /** Ends the warm-up's delay at a stop; an interrupt would instead close the jar javac is reading mid-compile. */
    private final CountDownLatch stopping = new CountDownLatch(1);

    @Reference(service = LoggerFactory.class)
    private Logger log;

    private BundleContext context;
    private volatile LiveCompiler compiler;
    private volatile TreeCompiler trees;
    private volatile BundleMaker maker;
    private String noCompiler;
    private final Map<Path, String> outcomes = new ConcurrentHashMap<>();
    /** The installer's trees (source folders, dev-mode modules), for the URL handler; null until it is active. */
    volatile SourceFolders folders;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        warmUp(context);
    }

    /**
     * Opens javac and bnd: on the warm-up thread or the first build, never on the start's path (javac's file
     * manager takes a good part of a second to come up on a small machine).
     */
    private synchronized void open() throws SourceProblem {
        if (compiler != null || noCompiler != null) {
            return;
        }
        try {
            List<File> annotations = extractCompileJars(context);
            Set<String> exported = systemBundleExports(context);
            Set<String> classPathPackages = new HashSet<>(exported);
            for (File f : annotations) {
                classPathPackages.addAll(packagesOf(f));
            }
            List<File> classPath = new ArrayList<>(annotations);
            // What the system bundle exports (the framework's API, packages a launcher adds) is on the JVM's class
            // path; only the entries holding such a package are javac's (a long class path slows every compile).
            for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                File f = new File(entry);
                if (!entry.isEmpty() && f.exists() && holdsAny(f, exported)) {
                    classPath.add(f);
                }
            }
            maker = new BundleMaker(annotations);
            compiler = new LiveCompiler(classPath, classPathPackages);
            trees = new TreeCompiler(compiler);
        } catch (IllegalStateException e) { // a JRE: every source is told why, jars work as ever
            noCompiler = e.getMessage();
        } catch (IOException e) {
            throw new SourceProblem("the live-source compiler cannot start: " + e.getMessage());
        }
    }

    /**
     * Builds a starter once, in the background, soon after the start, so that the performer's first save is as
     * fast as the later ones (javac and bnd loaded and compiled by the JIT). Low priority, after the start has
     * settled; a failure only means the first real save warms up instead.
     */
    private void warmUp(BundleContext context) {
        Thread t = warmUp = new Thread(() -> {
            try {
                if (stopping.await(WARM_UP_DELAY_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
                Path file = context.getDataFile("Warm.java").toPath();
                build(SourceFile.of(file, Starter.SIGNAL.source("warm-up", "Warm")));
            } catch (SourceProblem | RuntimeException e) {
                // nothing to report: no user file involved
            } catch (LinkageError e) {
                // the bundle stopped under the warm-up (its class loader closed): nothing to warm any more
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "doitlive-source-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * The bundle stops: a warm-up still compiling is waited for (bounded), because once the bundle's content is closed
     * every class javac or bnd then loads makes Felix print "JarContent: Unable to read bytes" errors (seen when a
     * runtime stopped within its first seconds).
     */
    @Deactivate
    void deactivate() throws IOException {
        Thread t = warmUp;
        if (t != null && t != Thread.currentThread()) {
            // Not interrupted: javac reads its class path through interruptible channels, and an interrupt mid-read
            // makes it print a crash report (seen when a one-command script stopped during the warm-up).
            stopping.countDown(); // a warm-up still in its delay ends at once
            try {
                t.join(WARM_UP_STOP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeCompiler();
    }

    private synchronized void closeCompiler() throws IOException {
        if (compiler != null) {
            compiler.close();
        }
    }

    /** Builds the bundle of a source file as it is now. */
    Built build(SourceFile source) throws SourceProblem {
        return build(source, Apis.NONE);
    }

    /** Builds the bundle of a source file against new API versions (those not given: the framework's). */
    Built build(SourceFile source, Apis apis) throws SourceProblem {
        open();
        if (compiler == null) {
            throw new SourceProblem(source.fileName + ": " + noCompiler);
        }
        Map<String, ExportedClasses.Exporter> exporters = exporters(null, apis);
        LiveCompiler.Compiled compiled = compiler.compile(source.fileName,
                List.of(new ExportedClasses.Text(source.fileName, source.text)), exporters, apis.memory(), null,
                LiveCompiler.RELEASE);
        String main = compiled.classes().keySet().stream()
                .filter(n -> n.equals(source.className) || n.endsWith("." + source.className))
                .findFirst()
                .orElseThrow(() -> new SourceProblem(source.fileName + ": declares no class " + source.className
                        + " (a source file is named after its class)"));
        if (main.indexOf('.') < 0) {
            throw new SourceProblem(source.fileName + ": " + main + " is in the default package, which a bundle cannot hold:"
                    + " give it a package (package live; as its first line)");
        }
        return new Built(maker.make(source, main, compiled.classes(), compiled.compiledAgainst(), apis.jars()), main,
                compiled.classes(), Set.of());
    }

    /**
     * Builds the bundle of a source folder or a dev-mode module as it is now.
     *
     * @param own  its bundle now, or null: never compiled against, so that a class deleted from the folder is gone
     * @param apis new API versions to compile against
     */
    Built build(SourceTree tree, Recipe recipe, Bundle own, Apis apis) throws SourceProblem {
        open();
        if (compiler == null) {
            throw new SourceProblem(tree.name + ": " + noCompiler);
        }
        if (tree.sources.isEmpty()) {
            throw new SourceProblem(tree.name + ": holds no .java file");
        }
        LiveCompiler.Compiled compiled = trees.compile(tree, exporters(own, apis), apis.memory(), recipe.jarReader(),
                recipe.jars(), recipe.release());
        Map<String, byte[]> resources = new java.util.LinkedHashMap<>();
        for (SourceTree.Entry e : tree.resources) {
            resources.put(e.path(), e.bytes());
        }
        Map<String, String> headers = Map.of(BundleMaker.SOURCE_HEADER, tree.name, BundleMaker.DIGEST_HEADER, tree.digest);
        byte[] bytes = maker.make(new BundleMaker.Spec(tree.name, recipe.symbolicName(), recipe.version(), headers,
                tree.instructions, recipe.base(), compiled.classes(), resources, compiled.compiledAgainst(), apis.jars(),
                recipe.jars()));
        java.util.jar.Manifest m = BundleMaker.manifest(bytes);
        return new Built(bytes, m.getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim(),
                compiled.classes(), BundleMaker.exports(m));
    }

    /** Forgets a tree's last compile: the tree is gone, its next build compiles it whole. */
    void forgetCompile(Path home) {
        TreeCompiler t = trees;
        if (t != null) {
            t.forget(home);
        }
    }

    /**
     * How many tree builds compiled only the changed sources, and how many the whole tree, since the start; and how
     * many bundles (of files and trees) kept their last bundle's manifest, only their class files replaced. Read by the
     * benchmark.
     */
    long[] compileCounts() {
        TreeCompiler t = trees;
        BundleMaker m = maker;
        long[] c = t == null ? new long[2] : t.counts();
        return new long[] {c[0], c[1], m == null ? 0 : m.kept()};
    }

    /** A reader of a dev-mode module's dependency jars, kept warm as the compiler is; null for none. */
    javax.tools.StandardJavaFileManager jarReader(List<File> jars) throws SourceProblem {
        open();
        return compiler == null || jars.isEmpty() ? null : compiler.jars(jars);
    }

    /** Package -> exporter: the framework's, less a tree's own bundle and the APIs being replaced. */
    private Map<String, ExportedClasses.Exporter> exporters(Bundle own, Apis apis) {
        Map<String, ExportedClasses.Exporter> exporters = ExportedClasses.exporters(context.getBundles());
        exporters.values().removeIf(e -> own != null && e.bundle().getBundleId() == own.getBundleId()
                || apis.replaced().contains(e.bundle().getBundleId()));
        return exporters;
    }

    /** Prints (through the log) the problem of a source, once per occurrence, and remembers it. */
    void report(SourceFile source, SourceProblem problem, String consequence) {
        report(source == null ? null : source.path, problem, consequence);
    }

    /** Prints the problem of a source file or folder; {@code source} may be null. */
    void report(Path source, SourceProblem problem, String consequence) {
        String headline = problem.getMessage() + consequence;
        log.error(headline);
        for (String line : problem.details()) {
            log.error(line);
        }
        if (source != null) {
            outcomes.put(source, headline);
        }
    }

    /** Prints one problem line; {@code file} is the source it is about, or null for none. */
    void reportLine(Path file, String line) {
        log.error(line);
        if (file != null) {
            outcomes.put(file, line);
        }
    }

    /** A problem the runtime says itself ({@link Starts#startOrSay}): kept as the file's outcome, not printed again. */
    void saidByRuntime(Path file, String line) {
        outcomes.put(file, line);
    }

    /**
     * Prints (through the log) news about a source that is not a problem, such as a compile error gone. Logged as
     * AUDIT, the level the log service never filters out, which the runtime tells from the errors it files.
     */
    void note(Path file, String line) {
        log.audit(line);
        outcomes.put(file, "");
    }

    /** The file's bundle is installed or updated and its start has returned: the runtime has it. */
    void applied(Path file) {
        outcomes.put(file, "");
    }

    /** Forgets what became of a file, before it is written anew. */
    void forget(Path file) {
        outcomes.remove(file);
    }

    /** What became of a file since it was last forgotten: "" when it was applied, else its problem; null if not yet. */
    String outcome(Path file) {
        return outcomes.get(file);
    }

    /** The annotations a source may use at compile time only (DS, bundle, versioning, metatype), as files. */
    private static List<File> extractCompileJars(BundleContext context) throws IOException {
        List<File> jars = new ArrayList<>();
        Enumeration<URL> entries = context.getBundle().findEntries("compile", "*.jar", false);
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            File target = context.getDataFile("compile/" + name);
            Files.createDirectories(target.toPath().getParent());
            try (InputStream in = url.openStream()) {
                Files.copy(in, target.toPath(), StandardCopyOption.REPLACE_EXISTING);
            }
            jars.add(target);
        }
        return jars;
    }

    private static Set<String> systemBundleExports(BundleContext context) {
        Set<String> packages = new HashSet<>();
        BundleWiring w = context.getBundle(0).adapt(BundleWiring.class);
        for (BundleCapability c : w.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            packages.add((String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
        }
        return packages;
    }

    /** Whether a class path entry (a jar or a folder) holds a class of one of the packages. */
    private static boolean holdsAny(File entry, Set<String> packages) {
        if (entry.isDirectory()) {
            return packages.stream().anyMatch(p -> new File(entry, p.replace('.', File.separatorChar)).isDirectory());
        }
        try {
            return packagesOf(entry).stream().anyMatch(packages::contains);
        } catch (IOException e) {
            return false; // not a jar javac could read either
        }
    }

    private static Set<String> packagesOf(File jar) throws IOException {
        Set<String> packages = new HashSet<>();
        try (JarFile j = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                int slash = name.lastIndexOf('/');
                if (name.endsWith(".class") && slash > 0) {
                    packages.add(name.substring(0, slash).replace('/', '.'));
                }
            }
        }
        return packages;
    }

    /** For the installer: the bundle at a source's location, or null. */
    Bundle bundleOf(Path file) {
        return context.getBundle(SourceFile.location(file));
    }
}
