package dev.doitlive.runtime.folder;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.fileinstall.ArtifactUrlTransformer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import dev.doitlive.api.ErrorDTO;
import dev.doitlive.runtime.refresh.Lifecycle;
import dev.doitlive.runtime.refresh.LiveRefreshable;
import dev.doitlive.runtime.refresh.Version;
import dev.doitlive.runtime.report.Failures;

/**
 * What the user is told about the files in the watched folder that do not become a live version: one line each,
 * naming the file, also kept in {@code live:errors}.
 *
 * <ul>
 * <li>A {@code .jar} FileInstall skips. FileInstall installs a file only when it opens as a jar whose manifest has
 * a Bundle-SymbolicName; anything else (random bytes, an empty or cut-short file, no manifest, no symbolic name)
 * it skips without a word and tries again at each scan. This is a FileInstall listener that never claims a file
 * (registered as an {@link ArtifactUrlTransformer}: FileInstall tracks only its three sub-interfaces of
 * ArtifactListener; {@link #transform} is never called): FileInstall asks its listeners about every file it has no handler for yet, before its own bundle
 * handler, and again at each scan while none takes it, so this sees exactly those files, at FileInstall's pace,
 * and leaves FileInstall's handling as it is. Claiming them (an ArtifactInstaller) would be worse: when such a
 * file later becomes a whole jar, FileInstall drops the claimed artifact and does not install the jar until the
 * file changes again.</li>
 * <li>A refreshable's bundle that goes away: its file was deleted (its service is then withdrawn from consumers), or
 * replaced by one FileInstall cannot take (a copy stalled halfway), and FileInstall uninstalled the bundle. The proxy
 * keeps the last instance serving whoever holds it.</li>
 * <li>What FileInstall logs about a file it took but could not install, update or start, and what the live-source
 * bundle logs about a source: its problems, and its news (a compile error gone), which is no error.</li>
 * <li>A file deleted while the runtime was stopped: its bundle is still in the framework's cache and would come
 * back at the start. It is uninstalled before it starts.</li>
 * <li>Two jars FileInstall takes as one bundle (the same symbolic name and version): when one is deleted, the other is
 * installed again ({@link TwinJars}).</li>
 * </ul>
 */
public final class WatchedFolder implements ArtifactUrlTransformer {
    private static final Pattern FILE_INSTALL = Pattern.compile(
            "^(Failed to install artifact:|Failed to update artifact|Error while starting bundle:) (.+?)(?:: (.*))?$");
    private static final Pattern SAME_NAME = Pattern.compile(
            "^A bundle with the same symbolic name \\((.*)\\) and version \\((.*)\\) is already installed.*");
    /**
     * What the live-source bundle says about a source: {@code Name.java: ...} or {@code Name.java:LINE:COL: ...}; about
     * a source folder or a dev-mode module, {@code NAME: ...} or {@code NAME/path/Name.java:LINE:COL: ...}.
     */
    private static final Pattern SOURCE_MESSAGE = Pattern.compile("([\\w$]+\\.java|[^\\s:/]+)[:/]");
    /** One compile error of a source, {@code [NAME/path/]Name.java:LINE:COL: message}, after the line that says it does not compile. */
    private static final Pattern COMPILE_ERROR_AT = Pattern.compile("(?:[^\\s:]+/)?[\\w$]+\\.java:\\d+:\\d+: ");
    /** The scheme of a bundle built from a live source (dev.doitlive.source). */
    private static final String SOURCE_LOCATION = "doitlive-source:";

    private final Lifecycle lifecycle;
    /** Skipped jars already reported, with the size, time and problem reported: said again only when one changes. */
    private final Map<String, String> reported = new ConcurrentHashMap<>();
    /** The newest jar seen for each "symbolic name;version", to name the file in FileInstall's same-name warning. */
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    /** Jars FileInstall made one bundle of: the one left is taken up again when the other is deleted. */
    private final TwinJars twins;

    /** Told when a refreshable's file was deleted from the watched folder: its name and the file's. */
    /** The watched folder, or null when the launcher names none. */
    private final Path watched;
    private volatile java.util.function.BiConsumer<String, String> onDeleted = (name, file) -> {
    };

    public WatchedFolder(Lifecycle lifecycle, org.osgi.framework.BundleContext context) {
        this.lifecycle = lifecycle;
        this.twins = new TwinJars(context);
        String watch = context.getProperty("doitlive.watch");
        this.watched = watch == null || watch.isBlank() ? null : Path.of(watch).toAbsolutePath().normalize();
    }

    /** The watched folder, or null when the launcher names none. */
    public Path folder() {
        return watched;
    }

    public void onDeleted(java.util.function.BiConsumer<String, String> listener) {
        this.onDeleted = listener;
    }

    // ------------------------------------------------------------------ jars FileInstall skips

    /** Never claims a file: looks at the jars FileInstall is about to skip, and says once why. */
    @Override
    public boolean canHandle(File file) {
        if (!file.getName().toLowerCase(Locale.ROOT).endsWith(".jar") || !file.isFile()) {
            return false;
        }
        String key = file.getAbsolutePath();
        String stamp = file.length() + " " + file.lastModified() + " ";
        if (!inWatchedFolder(file)) {
            // FileInstall's jar of a folder in the watched folder, made again at every scan: said once per problem.
            key = "folder " + file.getName();
            stamp = "";
        }
        String said = reported.get(key);
        if (said != null && said.startsWith(stamp)) {
            return false; // unchanged since it was said (FileInstall asks again at every scan)
        }
        JarCheck check = JarCheck.of(file.toPath());
        if (check.problem() == null) {
            reported.remove(key);
            if (seen.size() > 1000) {
                seen.clear(); // only ever needed for the file just dropped
            }
            seen.put(check.symbolicName() + ";" + check.version(), file.getName());
            twins.seen(file.toPath(), check);
            return false;
        }
        String now = stamp + check.problem();
        if (!now.equals(reported.put(key, now))) {
            badJar(file.toPath(), check.problem());
        }
        reported.keySet().removeIf(k -> !k.startsWith("folder ") && !new File(k).exists());
        return false;
    }

    /** Whether the file is in the watched folder itself (not FileInstall's temporary jar of a folder in it). */
    private boolean inWatchedFolder(File file) {
        File parent = file.getAbsoluteFile().getParentFile();
        return watched == null || parent != null && parent.toPath().normalize().equals(watched);
    }

    /** Never called: {@link #canHandle} takes no file. */
    @Override
    public URL transform(URL artifact) {
        return null;
    }

    private void badJar(Path file, String problem) {
        LiveRefreshable live = ownerOf(file);
        if (live != null) {
            say(live, file.getFileName() + ": " + problem + " - " + serving(live));
        } else {
            orphan(file.getFileName() + ": " + problem + "; nothing installed");
        }
    }

    // ------------------------------------------------------------------ files deleted while the runtime was stopped

    /**
     * At the start, before the watched folder's bundles start (they have a higher start level): uninstalls every
     * bundle installed from a file of the watched folder that is gone, jar or source, with one line each. FileInstall
     * does not do it for them: it compares its first scan with the bundles whose location it can read as a file of
     * its folder, and its scan reports nothing when the folder is empty; a source's location it does not read. The
     * history stays on disk: a new file of the refreshable takes it up again.
     *
     * @param watched the watched folder (framework property doitlive.watch); nothing is done if it is not a folder
     */
    public void uninstallDeleted(String watched) {
        Path folder = watched == null || watched.isBlank() ? null : Path.of(watched).toAbsolutePath().normalize();
        if (folder == null || !Files.isDirectory(folder)) {
            return; // not there (not mounted?): nothing is known to be deleted
        }
        for (Bundle b : lifecycle.bundles()) {
            Path file = b.getBundleId() == 0 ? null : path(b.getLocation());
            if (file == null || !file.startsWith(folder) || file.equals(folder) || Files.exists(file)) {
                continue;
            }
            String name = file.getFileName().toString();
            String gone = Lifecycle.requiresRuntime(b)
                    ? DeclaredName.of(b) + " is gone (its history is kept: a new " + name + " takes it up again)"
                    : "its bundle " + b.getSymbolicName() + " is uninstalled";
            try {
                b.uninstall();
                lifecycle.say(name + ": deleted while the runtime was stopped - " + gone);
            } catch (BundleException | IllegalStateException e) {
                orphan(name + ": deleted while the runtime was stopped, but its bundle " + b.getSymbolicName()
                        + " cannot be uninstalled: " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ a refreshable's bundle uninstalled

    /** The bundle of a live refreshable was uninstalled (swap thread): the proxy keeps its last instance serving. */
    public void uninstalled(LiveRefreshable live, Bundle bundle) {
        Version v = live.current();
        if (v.bundle().getBundleId() != bundle.getBundleId()) {
            return; // a newer bundle took over already
        }
        Path file = path(v.location());
        TwinJars.Left left = file == null || !isJar(file) ? null : twins.takeUp(bundle, file);
        if (left != null) {
            // FileInstall took both jars as one bundle, and uninstalled it with the one deleted.
            say(live, left.deleted().getFileName() + ": deleted from the watched folder - " + left.kept().getFileName()
                    + ", which FileInstall took as the same bundle (" + bundle.getSymbolicName() + " " + bundle.getVersion()
                    + "), is installed again: " + live.name() + " goes on with its content and its state");
            return;
        }
        String line;
        boolean deleted = file != null && !Files.exists(file);
        if (deleted) {
            line = v.file() + ": deleted from the watched folder - " + live.name() + "'s service is withdrawn from its consumers;"
                    + " its state and history are kept (detached): a new " + v.file() + " takes them up again, live:forget "
                    + live.name() + " drops them";
        } else {
            String problem = file == null || !isJar(file) ? null : JarCheck.of(file).problem();
            line = problem != null ? v.file() + ": " + problem + " - " + serving(live)
                    : live.name() + ": its bundle " + bundle.getSymbolicName() + " was uninstalled - " + live.name() + " keeps serving "
                            + v.label() + " to the callers that hold it, with its state (detached); save " + v.file()
                            + " again to bring it back";
        }
        say(live, line);
        if (deleted) {
            onDeleted.accept(live.name(), v.file());
        }
    }

    /** "counter keeps serving seq 2 (1.0.1) with its state", and how it goes on when it is detached. */
    private static String serving(LiveRefreshable live) {
        Version v = live.current();
        return live.name() + " keeps serving " + v.label() + " with its state"
                + (v.bundle().getState() == Bundle.UNINSTALLED ? " (detached) until a whole " + v.file() + " arrives" : "");
    }

    // ------------------------------------------------------------------ what FileInstall logs

    /** A warning or error FileInstall logged: one line naming the file instead of its full path. */
    public void logged(String message) {
        String m = Failures.once(message);
        if (twins.followed(m)) {
            return; // FileInstall could not update or uninstall a jar's old bundle: done for it on the one installed again
        }
        Matcher same = SAME_NAME.matcher(m);
        if (same.matches()) {
            sameName(same.group(1), same.group(2));
            return;
        }
        Matcher k = FILE_INSTALL.matcher(m);
        if (!k.matches()) {
            LiveRefreshable source = sourceOwner(m);
            if (source != null) {
                // A live source that does not compile: its errors belong to its refreshable (live:errors NAME), and the
                // line that says so is its last failure (live:list), not each error's file:line:column.
                lifecycle.say(m);
                source.error("compile", m, null);
                if (!COMPILE_ERROR_AT.matcher(m).lookingAt()) {
                    source.compileFailed(m);
                }
            } else {
                orphan(m);
            }
            return;
        }
        Path file = path(k.group(2));
        String name = file == null ? Version.fileOf(k.group(2)) : file.getFileName().toString();
        String cause = k.group(3) == null ? "" : ": " + k.group(3);
        LiveRefreshable live = file == null ? null : ownerOf(file);
        if ((name.endsWith(".cfg") || name.endsWith(".config")) && !k.group(1).startsWith("Error while starting")) {
            // FileInstall's configuration installer could not read it (an empty key, bytes that are no text): no jar.
            orphan(name + ": not a configuration ConfigAdmin takes" + cause.replaceAll("(?:[\\w$]+\\.)*[\\w$]*(?:Exception|Error): ", "")
                    + "; " + (k.group(1).startsWith("Failed to update") ? "the configuration in force stays" : "nothing is configured from it"));
            return;
        }
        switch (k.group(1)) {
            case "Failed to update artifact" -> {
                // The framework refused the new bytes (a manifest it cannot parse...): the bundle keeps its revision.
                if (live != null) {
                    say(live, name + ": the framework refused the new jar" + cause + " - " + serving(live));
                } else {
                    orphan(name + ": the framework refused the new jar" + cause);
                }
            }
            case "Error while starting bundle:" -> {
                if (live == null && !isRefreshable(file)) {
                    orphan(name + ": does not start" + cause);
                } // a refreshable's: the runtime says it better itself, with what stays live
            }
            default -> orphan(name + ": could not be installed" + cause);
        }
    }

    private void sameName(String symbolicName, String version) {
        String file = seen.get(symbolicName + ";" + version);
        String installed = null;
        for (Bundle b : lifecycle.bundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && version.equals(b.getVersion().toString())) {
                installed = Version.fileOf(b.getLocation());
            }
        }
        orphan((file == null ? "a jar" : file) + ": the same Bundle-SymbolicName and Bundle-Version as "
                + (installed == null ? "a bundle already installed" : installed) + " (" + symbolicName + " " + version
                + "): FileInstall updates that bundle with it instead of installing a second one");
    }

    /**
     * News from the live-source bundle that is no problem (a source back to the live version after a compile
     * error): said, and filed under the refreshable it serves without counting as an error, so that its newest entry
     * says the error is over.
     */
    public void sourceNews(String message) {
        lifecycle.say(message);
        LiveRefreshable source = sourceOwner(message);
        if (source != null) {
            source.note("compile", message);
            if (message.contains(": back to the live source")) {
                source.backToLiveSource();
            } else {
                source.compileFixed();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private void say(LiveRefreshable live, String line) {
        ErrorDTO newest = live.errors().isEmpty() ? null : live.errors().get(0);
        if (newest != null && newest.message.equals(line) && newest.time >= live.current().bundle().getLastModified()) {
            // The same news of the same bundle from FileInstall's scan and from the uninstall; a file deleted again
            // after it came back is news again (its bundle was installed after the line was said).
            return;
        }
        lifecycle.say(line);
        live.error("watched folder", line, null);
    }

    private void orphan(String line) {
        lifecycle.say(line);
        lifecycle.orphanError("watched folder", line);
    }

    /** The live refreshable whose bundle was installed from this file, or null. */
    private LiveRefreshable ownerOf(Path file) {
        for (LiveRefreshable l : lifecycle.refreshables().values()) {
            if (file.equals(path(l.current().location()))) {
                return l;
            }
        }
        return null;
    }

    /**
     * The live refreshable built from the source a live-source message is about ({@code Name.java: ...} or
     * {@code Name.java:LINE:COL: ...}), or null: none, or the source never went live.
     */
    private LiveRefreshable sourceOwner(String message) {
        Matcher m = SOURCE_MESSAGE.matcher(message);
        if (!m.lookingAt()) {
            return null;
        }
        for (LiveRefreshable l : lifecycle.refreshables().values()) {
            String location = l.current().location();
            if (location != null && location.startsWith(SOURCE_LOCATION) && Version.fileOf(location).equals(m.group(1))) {
                return l;
            }
        }
        return null;
    }

    private boolean isRefreshable(Path file) {
        for (Bundle b : lifecycle.bundles()) {
            if (file != null && file.equals(path(b.getLocation())) && Lifecycle.requiresRuntime(b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJar(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    /**
     * The file of a bundle location or a path FileInstall names ({@code file:/...}, a source's
     * {@code doitlive-source:file:/...} or {@code /...}); null if none of them.
     */
    public static Path path(String locationOrPath) {
        if (locationOrPath.startsWith(SOURCE_LOCATION)) {
            return path(locationOrPath.substring(SOURCE_LOCATION.length()));
        }
        try {
            if (locationOrPath.startsWith("file:")) {
                return Path.of(URI.create(locationOrPath)).normalize();
            }
            Path p = Path.of(locationOrPath);
            return p.isAbsolute() ? p.normalize() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
