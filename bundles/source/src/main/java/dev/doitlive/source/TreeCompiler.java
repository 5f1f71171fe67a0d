package dev.doitlive.source;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * Compiles a tree (a source folder, a dev-mode module), and only its changed sources where javac allows it: a save of
 * some files of a tree whose last compile succeeded compiles those files alone, the tree's other classes read from that
 * compile's output in memory. The result is what a compile of the whole tree would write, class for class and byte
 * for byte; when that cannot be known the whole tree is compiled:
 * <ul>
 * <li>a source added, deleted or renamed; no last good compile; a class whose source is not known;</li>
 * <li>an exporter of a package javac looked for changed (or a dev-mode module's jars or release): the kept classes
 * were compiled against the old one; a package of the tree that a bundle or a jar holds too;</li>
 * <li>a changed file's classes look different to the others ({@link Abi}): a constant others inlined, a method
 * added, removed or re-typed, a class appeared or gone. javac cannot tell who depends on it;</li>
 * <li>the changed files do not compile: the whole tree is compiled to report the errors, those the change caused in
 * other files too, as a full compile reports them;</li>
 * <li>the tree is built against API versions not installed yet (a live API's users built with it).</li>
 * </ul>
 * A tree whose sources did not change at all (a resource or bnd.bnd saved) is not compiled: its classes are the last.
 */
final class TreeCompiler {
    private final LiveCompiler compiler;
    private final Map<Path, LastCompile> last = new HashMap<>();
    private final AtomicLong incremental = new AtomicLong();
    private final AtomicLong full = new AtomicLong();

    TreeCompiler(LiveCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * Compiles a tree as it is now.
     *
     * @param exporters package -> its exporter, the tree's own bundle left out
     * @param apis      new API versions to compile against; {@link ExportedClasses.Memory#NONE} for the installed ones
     * @param jarReader a dev-mode module's dependency jars, or null; {@code jars} are the files it reads
     */
    synchronized LiveCompiler.Compiled compile(SourceTree tree, Map<String, ExportedClasses.Exporter> exporters,
            ExportedClasses.Memory apis, StandardJavaFileManager jarReader, List<File> jars, int release) throws SourceProblem {
        boolean installedApis = apis.packages().isEmpty();
        LastCompile before = installedApis ? last.get(tree.home) : null;
        LiveCompiler.Compiled c = before == null ? null : incrementally(tree, before, exporters, jarReader, jars, release);
        if (c == null) {
            full.incrementAndGet();
            c = compiler.compile(tree.name, units(tree.sources), exporters, apis, jarReader, release);
        } else {
            incremental.incrementAndGet();
        }
        LastCompile now = installedApis ? LastCompile.of(tree, c, jars, release) : null;
        if (now == null) {
            last.remove(tree.home);
        } else {
            last.put(tree.home, now);
        }
        return c;
    }

    /** The tree's classes compiled from its changed sources only, or null when only a full compile can tell. */
    private LiveCompiler.Compiled incrementally(SourceTree tree, LastCompile before,
            Map<String, ExportedClasses.Exporter> exporters, StandardJavaFileManager jarReader, List<File> jars,
            int release) throws SourceProblem {
        Set<String> changed = before.changed(tree);
        if (changed == null || !before.holds(exporters, jars, release)) {
            return null;
        }
        LiveCompiler.Compiled base = before.now(exporters);
        if (changed.isEmpty()) {
            return base; // the same sources against the same classes: javac would write the same
        }
        Map<String, Map<String, byte[]>> kept = new HashMap<>();
        Map<String, byte[]> replaced = new HashMap<>();
        base.classes().forEach((name, bytes) -> {
            if (changed.contains(base.origins().get(name))) {
                replaced.put(name, bytes);
            } else {
                kept.computeIfAbsent(LastCompile.packageOf(name), p -> new HashMap<>()).put(name, bytes);
            }
        });
        for (String pkg : kept.keySet()) {
            if (exporters.containsKey(pkg) || inJars(jarReader, pkg)) {
                return null; // a package a bundle or a jar holds too: javac sees its classes beside the tree's
            }
        }
        List<SourceTree.Entry> sources = tree.sources.stream().filter(e -> changed.contains(e.shownAs())).toList();
        LiveCompiler.Compiled part;
        try {
            part = compiler.compile(tree.name, units(sources), exporters, new ExportedClasses.Memory(kept),
                    jarReader, release);
        } catch (SourceProblem e) {
            return null;
        }
        if (!sameAbi(replaced, part.classes())) {
            return null;
        }
        Map<String, byte[]> classes = new HashMap<>(base.classes());
        classes.keySet().removeAll(replaced.keySet());
        Map<String, String> origins = new HashMap<>(base.origins());
        origins.keySet().removeAll(replaced.keySet());
        for (String name : part.classes().keySet()) {
            if (classes.containsKey(name)) {
                return null; // declared by a changed file and an unchanged one: the full compile says so
            }
        }
        classes.putAll(part.classes());
        origins.putAll(part.origins());
        // bnd's class path: what the last compile and this one read. A package only the saved file's old text read
        // stays on it until the next whole compile: it adds no import, bnd imports what the classes reference.
        Map<ExportedClasses.Exporter, Map<String, URL>> against = new HashMap<>(base.compiledAgainst());
        part.compiledAgainst().forEach((e, urls) -> against.merge(e, urls, (a, b) -> {
            Map<String, URL> m = new HashMap<>(a);
            m.putAll(b);
            return m;
        }));
        Map<String, ExportedClasses.Exporter> looked = new HashMap<>(base.looked());
        looked.putAll(part.looked());
        return new LiveCompiler.Compiled(classes, against, origins, looked);
    }

    /** Whether the classes other files can name are the same, and look the same to them. */
    private static boolean sameAbi(Map<String, byte[]> before, Map<String, byte[]> now) {
        try {
            return Abi.ofSeen(before).equals(Abi.ofSeen(now));
        } catch (RuntimeException e) {
            return false; // a class file bnd cannot read: the whole tree is compiled
        }
    }

    private static boolean inJars(StandardJavaFileManager jarReader, String pkg) {
        if (jarReader == null) {
            return false;
        }
        try {
            return jarReader.list(StandardLocation.CLASS_PATH, pkg, Set.of(JavaFileObject.Kind.CLASS), false).iterator().hasNext();
        } catch (IOException e) {
            return true;
        }
    }

    private static List<ExportedClasses.Text> units(List<SourceTree.Entry> sources) throws SourceProblem {
        List<ExportedClasses.Text> units = new ArrayList<>();
        for (SourceTree.Entry e : sources) {
            units.add(new ExportedClasses.Text(e.shownAs(), SourceTree.text(e.bytes(), e.shownAs())));
        }
        return units;
    }

    /** Forgets a tree's last compile (the tree is gone). */
    synchronized void forget(Path home) {
        last.remove(home);
    }

    /** How many tree builds compiled the changed sources only, and how many (tried to) compile the whole tree. */
    long[] counts() {
        return new long[] {incremental.get(), full.get()};
    }
}
