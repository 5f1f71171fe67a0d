package dev.doitlive.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Sources waiting for an API bundle. A source that imports a package nobody exports does not compile; a source's
 * bundle whose API bundle was deleted no longer resolves once the framework is refreshed, and stays installed. Both
 * come back by themselves when a bundle exporting packages resolves (the API dropped in, or dropped back): a file
 * that missed one of its packages is built again, and the source bundles that no longer resolve but should run are
 * resolved and started.
 *
 * <p>A single source's bundle that no longer resolves although a bundle that resolved exports a package it imports
 * was built against another version of that package (its API dropped in at a new major version): its file is built
 * again as it is, against what is exported now.
 *
 * <p>Bounded: one try per bundle that resolves with exports, on the source bundle's own thread; a file is tried
 * again only for a package it missed, and only once per bundle exporting it.
 */
final class WaitingSources implements BundleListener {
    private final BundleContext context;
    private final Executor worker;
    private final Consumer<Path> rebuild;
    private final Consumer<Path> rebuildUnchanged;
    private final BiConsumer<Path, String> report;
    /** Per file, the exporter it was last built again for without a change: once per exporter as updated. */
    private final Map<Path, String> rebuiltFor = new ConcurrentHashMap<>();
    /** Files whose last build missed packages, with those packages. */
    private final Map<Path, Set<String>> missing = new ConcurrentHashMap<>();

    /**
     * @param worker  where the tries run (not the framework's event thread)
     * @param rebuild          builds a file again, as if FileInstall had seen it change
     * @param rebuildUnchanged builds a single source file again even if its text is the one its bundle was built from
     * @param report           says one line about a file
     */
    WaitingSources(BundleContext context, Executor worker, Consumer<Path> rebuild, Consumer<Path> rebuildUnchanged,
            BiConsumer<Path, String> report) {
        this.context = context;
        this.worker = worker;
        this.rebuild = rebuild;
        this.rebuildUnchanged = rebuildUnchanged;
        this.report = report;
    }

    /** The last build of {@code file} missed these packages (none: it did not miss any). */
    void missed(Path file, Set<String> packages) {
        if (packages.isEmpty()) {
            missing.remove(file);
        } else {
            missing.put(file, packages);
        }
    }

    void forget(Path file) {
        missing.remove(file);
        rebuiltFor.remove(file);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (event.getType() != BundleEvent.RESOLVED) {
            return; // a source's bundle counts too: a source folder may be an API (a single file exports nothing)
        }
        Set<String> exported = exports(b);
        if (!exported.isEmpty()) {
            String exporter = b.getBundleId() + "@" + b.getLastModified();
            try {
                worker.execute(() -> tryAgain(exported, exporter));
            } catch (RejectedExecutionException e) {
                // this bundle is stopping: nothing waits any more
            }
        }
    }

    private void tryAgain(Set<String> exported, String exporter) {
        missing.forEach((file, packages) -> {
            if (packages.stream().anyMatch(exported::contains)) {
                missing.remove(file);
                rebuild.accept(file);
            }
        });
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        int active = system.adapt(FrameworkStartLevel.class).getStartLevel();
        List<Bundle> unresolved = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (isSource(b) && b.getState() == Bundle.INSTALLED && startsWhenResolved(b, active)) {
                unresolved.add(b);
            }
        }
        if (unresolved.isEmpty()) {
            return;
        }
        system.adapt(FrameworkWiring.class).resolveBundles(unresolved);
        for (Bundle b : unresolved) {
            if (b.getState() != Bundle.RESOLVED) {
                // Still missing something. A single source that imports a package this bundle exports was built against
                // another version of it (an API dropped in at a new major version): built again, it imports this one.
                Path file = SourceFile.fromLocation(b.getLocation());
                if (SourceFile.isSource(file) && importsAny(b, exported) && !exporter.equals(rebuiltFor.put(file, exporter))) {
                    rebuildUnchanged.accept(file);
                }
                continue; // else the next API that resolves tries again
            }
            try {
                b.start();
            } catch (BundleException | IllegalStateException e) {
                Path file = SourceFile.fromLocation(b.getLocation());
                report.accept(file, file.getFileName() + ": does not start: " + e.getMessage());
            }
        }
    }

    /**
     * Started by its install (or the user) and not stopped since, at a start level the framework has reached: the
     * framework would run it if it resolved. (During the start, the start level brings the others up.)
     */
    private static boolean startsWhenResolved(Bundle b, int activeLevel) {
        BundleStartLevel level = b.adapt(BundleStartLevel.class);
        return level != null && level.isPersistentlyStarted() && level.getStartLevel() <= activeLevel;
    }

    static boolean isSource(Bundle b) {
        String location = b.getLocation();
        return location != null && location.startsWith(SourceFile.SCHEME + ":");
    }

    private static boolean importsAny(Bundle b, Set<String> packages) {
        String header = b.getHeaders("").get(Constants.IMPORT_PACKAGE);
        return header != null && new aQute.bnd.header.Parameters(header).keySet().stream().anyMatch(packages::contains);
    }

    private static Set<String> exports(Bundle b) {
        BundleRevision r = b.adapt(BundleRevision.class);
        if (r == null) {
            return Set.of();
        }
        Set<String> packages = new HashSet<>();
        for (BundleCapability c : r.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            packages.add((String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
        }
        return packages;
    }
}
