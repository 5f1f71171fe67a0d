package dev.doitlive.cluster;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.RefreshableDTO;

/**
 * Whether this node's refreshables are up: its watched folder has been brought in (FileInstall's thread on it runs only
 * after its first scan, which installs and starts every file there; the launcher waits for the same thread), and no
 * started bundle of that folder with components is still on its way to being a refreshable (one from the framework's
 * cache whose component is still activating, or one whose start level is not reached yet), and nothing of it changed
 * for a second (a scan still installing). Until then a refreshable the stage runs may still come; after, one this
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
        this.folder = p == null ? null : p + java.io.File.separator; // in a location: file:/srv/load/show.jar, doitlive-source:file:/srv/load/Show.java
    }

    /** What the folder's bundles and the refreshables were at the last look, and since when (System.nanoTime). */
    private String last = "";
    private long since;

    @Override
    public synchronized boolean getAsBoolean() {
        if (thread == null) {
            return true;
        }
        int active = Integer.parseInt(java.util.Objects.requireNonNullElse(context.getProperty("doitlive.startlevel.active"), "4"));
        int level = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        if (level < active || Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(thread) && t.isAlive())) {
            return false;
        }
        Set<String> up = runtime.list().stream().map((RefreshableDTO r) -> r.location).collect(Collectors.toSet());
        StringBuilder now = new StringBuilder().append(up.size());
        for (Bundle b : context.getBundles()) {
            String l = b.getLocation();
            if (l == null || !l.contains(folder)) {
                continue;
            }
            now.append(' ').append(b.getBundleId()).append(':').append(b.getState());
            BundleStartLevel bl = b.adapt(BundleStartLevel.class);
            boolean coming = (b.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0
                    || bl != null && bl.isPersistentlyStarted() && bl.getStartLevel() > level;
            if (coming && b.getHeaders("").get("Service-Component") != null && !up.contains(l)) {
                return false; // a component of it is still on its way to being a refreshable
            }
        }
        // And nothing changed for a moment: FileInstall's first scan may still be installing the folder's files.
        long t = System.nanoTime();
        if (!now.toString().equals(last)) {
            last = now.toString();
            since = t;
        }
        return t - since >= QUIET_NANOS;
    }

    private static final long QUIET_NANOS = 1_000_000_000L;
}
