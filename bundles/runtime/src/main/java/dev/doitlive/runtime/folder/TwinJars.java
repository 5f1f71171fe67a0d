package dev.doitlive.runtime.folder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Jars of the watched folder that FileInstall treats as one bundle: a jar with the Bundle-SymbolicName and
 * Bundle-Version of a bundle already installed from another file updates that bundle instead of being installed. When
 * either file is then deleted, FileInstall uninstalls their one bundle, and keeps the other file's record pointing at
 * that uninstalled bundle (FileInstall 3.7 removes it from a copy of its records): the jar still in the folder would
 * stay out of the framework until a restart. This installs that jar again, from its file, as FileInstall would; and
 * since FileInstall then only says that it cannot update or uninstall the old bundle when the file changes or goes, does
 * that for it.
 */
final class TwinJars {
    /** FileInstall's warnings about a file whose record points at an uninstalled bundle. */
    private static final Pattern STALE = Pattern.compile(
            "^Failed to (update|uninstall) bundle: (.+?) with (?:ID|id:) \\d+\\. The bundle has (?:already )?been uninstalled.*", Pattern.DOTALL);

    private final BundleContext context;
    /** Per bundle id, the files besides its own location's that FileInstall took as that bundle. */
    private final Map<Long, Set<Path>> twins = new ConcurrentHashMap<>();
    /** The jars this installed again, by file: FileInstall no longer updates nor uninstalls their bundles. */
    private final Map<Path, Bundle> reinstalled = new ConcurrentHashMap<>();

    TwinJars(BundleContext context) {
        this.context = context;
    }

    /**
     * FileInstall asks about a whole jar it has no record of (it is new in the folder, or the runtime started): with the
     * symbolic name and version of a bundle installed from another file of the folder, it goes to that bundle.
     */
    void seen(Path jar, JarCheck check) {
        Path file = jar.toAbsolutePath().normalize();
        for (Bundle b : context.getBundles()) {
            Path own = WatchedFolder.path(b.getLocation());
            if (own != null && !own.equals(file) && file.getParent().equals(own.getParent()) && same(b, check)) {
                twins.computeIfAbsent(b.getBundleId(), id -> ConcurrentHashMap.newKeySet()).add(file);
            }
        }
    }

    /** What became of an uninstalled bundle's jars: the file deleted and the jar installed again. */
    record Left(Path deleted, Path kept, Bundle bundle) {
    }

    /**
     * {@code bundle}, installed from {@code own}, was uninstalled because one of its jars was deleted: installs and starts
     * the jar left in the folder with its symbolic name and version. Null when there is none (or it does not install).
     */
    Left takeUp(Bundle bundle, Path own) {
        reinstalled.values().remove(bundle);
        Set<Path> recorded = twins.remove(bundle.getBundleId());
        List<Path> candidates = new ArrayList<>();
        candidates.add(own);
        if (recorded != null) {
            candidates.addAll(recorded);
        } else if (!Files.exists(own)) {
            candidates.addAll(jarsBeside(own)); // no record: a copy FileInstall took silently (its checksum was known)
        } else {
            return null; // uninstalled while its file stays: not a deletion's doing
        }
        Path deleted = candidates.stream().filter(p -> !Files.exists(p)).findFirst().orElse(null);
        if (deleted == null) {
            return null; // uninstalled while every file stays (by hand)
        }
        for (Path p : candidates) {
            if (Files.exists(p) && same(bundle, JarCheck.of(p))) {
                Bundle b = install(p);
                return b == null ? null : new Left(deleted, p, b);
            }
        }
        return null;
    }

    /**
     * A warning FileInstall logged: if it is about a jar this installed again (it changed, or was deleted), its bundle is
     * updated or uninstalled, and true is returned: the warning said nothing the user needs.
     */
    boolean followed(String message) {
        Matcher m = STALE.matcher(message);
        Path file = m.matches() ? WatchedFolder.path(m.group(2)) : null; // normalized, as the keys are
        Bundle b = file == null ? null : reinstalled.get(file);
        if (b == null) {
            return false;
        }
        try {
            if (m.group(1).equals("uninstall")) {
                reinstalled.remove(file);
                b.uninstall(); // the runtime hears of it as of any deleted file
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    b.update(in);
                }
                b.start();
            }
        } catch (IOException | BundleException | IllegalStateException e) {
            return false; // FileInstall's own line tells it
        }
        return true;
    }

    private Bundle install(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Bundle b = context.installBundle(file.toFile().toURI().toURL().toString(), in); // FileInstall's location for it
            String level = context.getProperty("doitlive.watch.startlevel");
            if (level != null && !level.isBlank()) {
                b.adapt(BundleStartLevel.class).setStartLevel(Integer.parseInt(level.trim()));
            }
            reinstalled.put(file, b);
            b.start();
            return b;
        } catch (IOException | BundleException | RuntimeException e) {
            return null;
        }
    }

    private static boolean same(Bundle bundle, JarCheck check) {
        try {
            return check.problem() == null && check.symbolicName().equals(bundle.getSymbolicName())
                    && Version.parseVersion(check.version()).equals(bundle.getVersion());
        } catch (IllegalArgumentException e) {
            return false; // a version that does not parse: FileInstall never took it as that bundle
        }
    }

    private static List<Path> jarsBeside(Path file) {
        List<Path> jars = new ArrayList<>();
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return jars;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path p : all) {
                if (!p.equals(file) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar") && Files.isRegularFile(p)) {
                    jars.add(p);
                }
            }
        } catch (IOException e) {
            // an unreadable folder: no twin found
        }
        return jars;
    }
}
