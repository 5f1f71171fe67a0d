package dev.doitlive.cluster;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.RefreshableDTO;

/**
 * Whether this node's refreshables are up: its watched folder has been brought in (FileInstall's thread on it runs only
 * after its first scan, which installs and starts every file there; the launcher waits for the same thread), and no
 * started bundle of that folder with components is still on its way to being a refreshable (one from the framework's
 * cache whose component is still activating). Until then a refreshable the stage runs may still come; after, one this
 * node lacks is lacking.
 */
final class Watcher implements BooleanSupplier {
    private final BundleContext context;
    private final LiveRuntime runtime;
    private final String thread;
    private final String folder;

    Watcher(BundleContext context, LiveRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
        String watch = context.getProperty("doitlive.watch");
        Path p = watch == null || watch.isBlank() ? null : Path.of(watch).toAbsolutePath().normalize();
        this.thread = p == null ? null : "fileinstall-" + p;
        this.folder = p == null ? null : p.toUri().toString();
    }

    @Override
    public boolean getAsBoolean() {
        if (thread == null) {
            return true;
        }
        if (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(thread) && t.isAlive())) {
            return false;
        }
        Set<String> up = runtime.list().stream().map((RefreshableDTO r) -> r.location).collect(Collectors.toSet());
        for (Bundle b : context.getBundles()) {
            String l = b.getLocation();
            if (l != null && l.contains(folder) && (b.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0
                    && b.getHeaders("").get("Service-Component") != null && !up.contains(l)) {
                return false;
            }
        }
        return true;
    }
}
