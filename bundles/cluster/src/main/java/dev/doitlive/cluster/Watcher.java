package dev.doitlive.cluster;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.osgi.framework.BundleContext;

/**
 * Whether the runtime's watched folder has been brought in: its watcher (FileInstall's thread on it) runs only after
 * its first scan, which installs and starts every file there (the launcher waits for the same thread). Until then a
 * refreshable the stage runs may still come; after it, one this node lacks is lacking.
 */
final class Watcher implements BooleanSupplier {
    private final String thread;

    Watcher(BundleContext context) {
        String watch = context.getProperty("doitlive.watch");
        this.thread = watch == null || watch.isBlank() ? null : "fileinstall-" + Path.of(watch).toAbsolutePath().normalize();
    }

    @Override
    public boolean getAsBoolean() {
        return thread == null || Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(thread) && t.isAlive());
    }
}
