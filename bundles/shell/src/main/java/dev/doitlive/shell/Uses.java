package dev.doitlive.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import dev.doitlive.api.RefreshableDTO;

/**
 * What each refreshable uses of the show's own bundles: the live API folders, live sources and dropped jars whose
 * packages its bundle is wired to (the framework, the runtime and the kits left out). A change to one of them is
 * built and swapped together with the refreshables that use it. Read from the framework's wiring, not the runtime.
 */
final class Uses {
    private static final String SOURCE = "doitlive-source:";

    private final BundleContext context;
    private final String watched;

    Uses(BundleContext context, String watchedFolder) {
        this.context = context;
        this.watched = watchedFolder == null ? null : java.nio.file.Path.of(watchedFolder).toAbsolutePath().normalize().toUri().getPath();
    }

    /** Refreshable name -> what it uses, by file or folder name; only those that use something. */
    Map<String, List<String>> of(List<RefreshableDTO> refreshables) {
        Map<String, List<String>> uses = new LinkedHashMap<>();
        for (RefreshableDTO r : refreshables) {
            Bundle b = context == null ? null : context.getBundle(r.bundleId);
            BundleWiring w = b == null ? null : b.adapt(BundleWiring.class);
            if (w == null) {
                continue;
            }
            TreeSet<String> names = new TreeSet<>();
            for (BundleWire wire : w.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                String name = showName(wire.getProvider().getBundle());
                if (name != null && wire.getProvider().getBundle().getBundleId() != b.getBundleId()) {
                    names.add(name);
                }
            }
            if (!names.isEmpty()) {
                uses.put(r.name, new ArrayList<>(names));
            }
        }
        return uses;
    }

    /** A bundle of the show's own (a live source, or a file of the watched folder) by its file's name; else null. */
    private String showName(Bundle b) {
        String location = b.getLocation();
        if (location == null) {
            return null;
        }
        boolean source = location.startsWith(SOURCE);
        boolean dropped = watched != null && location.startsWith("file:") && location.substring("file:".length()).startsWith(watched);
        if (!source && !dropped) {
            return null;
        }
        String path = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
