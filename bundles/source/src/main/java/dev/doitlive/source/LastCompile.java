package dev.doitlive.source;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.wiring.BundleWiring;

/**
 * A tree's last good compile, which the next one may start from: the sources as they were compiled, the classes and
 * the source each came from, and what javac found on the class path. Its classes are what javac would write again
 * for the same sources only while every package it looked for is exported by the same bundle revision (or still by
 * none), with the same dependency jars and release.
 *
 * <p>The exporters are held weakly: an API bundle's old revision (and its class loader) is never kept alive for it;
 * one collected is no longer the exporter.
 */
final class LastCompile {
    /** Each source (named as messages show it) -> its bytes as compiled. */
    private final Map<String, byte[]> sources;
    final LiveCompiler.Compiled compiled;
    /** Package looked for -> its exporter's wiring then; a null reference: nobody exported it. */
    private final Map<String, WeakReference<BundleWiring>> exporters;
    /** Per package of an exporter whose classes javac read: the classes listed, for bnd (path -> URL). */
    private final Map<String, Map<String, URL>> read;
    private final List<File> jars;
    private final int release;

    private LastCompile(Map<String, byte[]> sources, LiveCompiler.Compiled compiled,
            Map<String, WeakReference<BundleWiring>> exporters, Map<String, Map<String, URL>> read, List<File> jars,
            int release) {
        this.sources = sources;
        this.compiled = compiled;
        this.exporters = exporters;
        this.read = read;
        this.jars = jars;
        this.release = release;
    }

    /** A compile of the whole tree, or null when a class's source is not known (nothing can then be kept of it). */
    static LastCompile of(SourceTree tree, LiveCompiler.Compiled c, List<File> jars, int release) {
        if (!c.origins().keySet().containsAll(c.classes().keySet())) {
            return null;
        }
        Map<String, byte[]> sources = new LinkedHashMap<>();
        for (SourceTree.Entry e : tree.sources) {
            sources.put(e.shownAs(), e.bytes());
        }
        Map<String, WeakReference<BundleWiring>> exporters = new HashMap<>();
        c.looked().forEach((pkg, e) -> exporters.put(pkg, e == null ? null : new WeakReference<>(e.wiring())));
        Map<String, Map<String, URL>> read = new HashMap<>();
        c.compiledAgainst().values().forEach(urls -> urls.forEach((path, url) ->
                read.computeIfAbsent(packageOf(path), p -> new HashMap<>()).put(path, url)));
        // Without the exporters: the compile is used only through now(), with the exporters of that moment.
        LiveCompiler.Compiled kept = new LiveCompiler.Compiled(Map.copyOf(c.classes()), Map.of(), Map.copyOf(c.origins()), Map.of());
        return new LastCompile(sources, kept, exporters, read, List.copyOf(jars), release);
    }

    /**
     * The sources changed since this compile (none: only resources or instructions changed), or null when a source
     * was added, deleted or renamed: its classes cannot be told apart from the others' then.
     */
    Set<String> changed(SourceTree tree) {
        if (tree.sources.size() != sources.size()) {
            return null;
        }
        Set<String> changed = new HashSet<>();
        for (SourceTree.Entry e : tree.sources) {
            byte[] before = sources.get(e.shownAs());
            if (before == null) {
                return null;
            }
            if (!Arrays.equals(before, e.bytes())) {
                changed.add(e.shownAs());
            }
        }
        return changed;
    }

    /** Whether javac would find what it found then: the same exporters, jars and release. */
    boolean holds(Map<String, ExportedClasses.Exporter> now, List<File> jarsNow, int releaseNow) {
        if (releaseNow != release || !jarsNow.equals(jars)) {
            return false;
        }
        for (Map.Entry<String, WeakReference<BundleWiring>> e : exporters.entrySet()) {
            ExportedClasses.Exporter exporter = now.get(e.getKey());
            WeakReference<BundleWiring> then = e.getValue();
            if (then == null ? exporter != null : exporter == null || then.get() != exporter.wiring()) {
                return false;
            }
        }
        return true;
    }

    /**
     * This compile as if made now, once {@link #holds} said it is still good: what it was read against and what it
     * looked for, by the exporters of now (the same revisions).
     */
    LiveCompiler.Compiled now(Map<String, ExportedClasses.Exporter> now) {
        Map<ExportedClasses.Exporter, Map<String, URL>> against = new HashMap<>();
        read.forEach((pkg, urls) -> against.computeIfAbsent(now.get(pkg), e -> new HashMap<>()).putAll(urls));
        Map<String, ExportedClasses.Exporter> looked = new HashMap<>();
        exporters.keySet().forEach(pkg -> looked.put(pkg, now.get(pkg)));
        return new LiveCompiler.Compiled(compiled.classes(), against, compiled.origins(), looked);
    }

    static String packageOf(String classOrPath) {
        String s = classOrPath.startsWith("/") ? classOrPath.substring(1) : classOrPath;
        int end = s.endsWith(".class") ? s.lastIndexOf('/') : s.lastIndexOf('.');
        return end < 0 ? "" : s.substring(0, end).replace('/', '.');
    }
}
