package dev.doitlive.source;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.doitlive.api.LiveRuntime;

/**
 * FileInstall's installer for {@code .java} files in the watched folder. FileInstall watches, tells a new, changed
 * or deleted file; this compiles and installs, updates or uninstalls the bundle. The kernel's file events
 * ({@link SourceWatch}) tell a save sooner than FileInstall's scan, and whether it arrived whole. A source that does not build is
 * reported and changes nothing: the live version stays (FileInstall's transformer SPI would instead uninstall the
 * bundle when a transform fails, which is why this is an installer).
 *
 * <p>A file still being written (an editor saving in place, a slow copy) is not reported: a problem is said only
 * once the file has been quiet for {@value #DEFAULT_QUIET_MILLIS} ms (framework property {@value #QUIET_PROPERTY}),
 * checked on this bundle's own thread so that FileInstall goes on with the other files meanwhile. A file that
 * changes in that time is told again, and only its newer text counts; a file written in place goes live only after
 * that quiet time too (see {@link #apply}), one renamed in whole at once.
 */
// Ranked above the runtime's never-claiming listener: FileInstall asks the highest ranked first, and a source
// folder is then this installer's before anyone looks at FileInstall's jar of it as a would-be bundle.
@Component(service = ArtifactInstaller.class, property = org.osgi.framework.Constants.SERVICE_RANKING + ":Integer=10")
public class SourceInstaller implements ArtifactInstaller {
    static final String QUIET_PROPERTY = "doitlive.source.quiet";
    static final long DEFAULT_QUIET_MILLIS = 150;
    /** How often a source folder's files are looked at (framework property doitlive.watch.poll). */
    static final long DEFAULT_POLL_MILLIS = 50;

    @Reference
    private SourceBuilder builder;

    /** For the live seq in a line; the runtime may be restarting, then the line goes without it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LiveRuntime runtime;

    private BundleContext context;
    private long quietMillis;
    /** FileInstall's scan interval (the watched folder's poll). */
    private long pollMillis;
    /** The watched folder (canonical, as FileInstall names its files), or null. */
    private Path watched;
    private SourceFolders folders;
    /** Deferred reports and the tries of waiting sources: never FileInstall's thread. */
    private ScheduledExecutorService worker;
    /** Reads the dev modules' poms, which takes long enough to hold every other source's save on the worker. */
    private java.util.concurrent.ExecutorService pomReader;
    /** The --dev modules not built once yet since the start. */
    private final java.util.Set<Path> devPending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private WaitingSources waiting;
    /** The text last built from each file: one unchanged since leaves its bundle's version alone. */
    private Taken taken;
    /** Per file, how many times it was told to change: a report deferred for an older text is dropped. */
    private final Map<Path, Long> changes = new HashMap<>();
    /** Per file, what its last problem line said, for the text at which stamp: the watch and FileInstall tell the same save. */
    private final Map<Path, String> said = new HashMap<>();
    /** The kernel's word of the watched folder's files, or null (none on this platform, or no folder yet). */
    private volatile SourceWatch watch;
    /** Files the watch told that wait for the worker: one build for a burst of words. */
    private final Set<Path> told = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Per file, its stamp when its bundle was last built from it and went live. */
    private final Map<Path, Stamp> builtStamps = new HashMap<>();
    /** Per file written in place, its build waiting for the file to be quiet before it goes live. */
    private final Map<Path, Held> held = new HashMap<>();

    /** A build of a text written in place, held until the file has been quiet: it goes live only if nothing came since. */
    private record Held(SourceFile source, long words, SourceBuilder.Built built) {
    }

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        java.io.File data = context.getDataFile("taken.properties");
        this.taken = new Taken(data == null ? null : data.toPath());
        this.quietMillis = readQuietMillis(context);
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "doitlive-source");
            t.setDaemon(true);
            return t;
        });
        pomReader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "doitlive-source-pom");
            t.setDaemon(true);
            return t;
        });
        waiting = new WaitingSources(context, worker, this::apply, this::applyUnchanged, builder::reportLine);
        context.addBundleListener(waiting);
        String watch = context.getProperty("doitlive.watch");
        watched = watch == null || watch.isBlank() ? null : canonical(Path.of(watch));
        pollMillis = readPollMillis(context);
        folders = new SourceFolders(context, builder, worker, taken, waiting, quietMillis, pollMillis, this,
                this::apply);
        builder.folders = folders;
        watch();
        devModules(context);
    }

    /** Starts the watch of the watched folder once it is there (FileInstall makes it if it is not). */
    private synchronized void watch() {
        if (watch == null && watched != null && SourceFolders.isDirectory(watched)) {
            watch = SourceWatch.start(watched, this::told, this::deleted);
        }
    }

    /** A word of the watch (its own thread): the file is built on the worker, once for the words that came meanwhile. */
    private void told(Path file) {
        if (told.add(file)) {
            try {
                worker.execute(() -> {
                    told.remove(file);
                    apply(file);
                });
            } catch (RejectedExecutionException e) {
                // this bundle is stopping
            }
        }
    }

    /**
     * The watch saw a file deleted: if it is still gone one scan later, its bundle goes as FileInstall's uninstall
     * would take it. FileInstall tells only the deletion of a file it took (two scans agreed on it): one saved and
     * deleted sooner, but built already from the watch's word, would keep its bundle. The scan's wait lets an editor
     * that deletes a file before writing it anew save without its service going away.
     */
    private void deleted(Path file) {
        try {
            worker.schedule(() -> {
                synchronized (this) {
                    if (!Files.exists(file) && builder.bundleOf(file) != null) {
                        uninstall(file.toFile());
                    }
                }
            }, pollMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // this bundle is stopping
        }
    }

    /** The framework property naming the Maven modules in dev mode, separated by the path separator. */
    static final String DEV_PROPERTY = "doitlive.dev";

    /**
     * Watches the modules the launcher's {@code --dev} names, and uninstalls the bundle of a module that was in dev
     * mode at the last run and is not now (nothing would keep it up to date).
     */
    private void devModules(BundleContext context) {
        String value = context.getProperty(DEV_PROPERTY);
        java.util.Set<Path> named = new java.util.LinkedHashSet<>();
        if (value != null && !value.isBlank()) {
            for (String entry : value.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
                if (!entry.isBlank()) {
                    named.add(Path.of(entry.trim()).toAbsolutePath().normalize());
                }
            }
        }
        for (Bundle b : context.getBundles()) {
            if (!WaitingSources.isSource(b)) {
                continue;
            }
            Path p = SourceFile.fromLocation(b.getLocation());
            boolean inWatched = watched != null && p.getParent() != null && canonical(p.getParent()).equals(watched);
            if (!inWatched && !named.contains(p) && !p.toString().endsWith(".java")) {
                try {
                    b.uninstall();
                    builder.note(p, p.getFileName() + ": not in dev mode any more (no --dev " + p + ") - its bundle "
                            + b.getSymbolicName() + " is uninstalled");
                } catch (BundleException | IllegalStateException e) {
                    // gone already
                }
            }
        }
        java.util.function.Supplier<dev.doitlive.source.maven.MavenModule> maven = new java.util.function.Supplier<>() {
            private dev.doitlive.source.maven.MavenModule m;

            @Override
            public synchronized dev.doitlive.source.maven.MavenModule get() {
                if (m == null) {
                    m = new dev.doitlive.source.maven.MavenModule(dev.doitlive.source.maven.MavenModule.defaultLocalRepository(context::getProperty));
                }
                return m;
            }
        };
        for (Path module : named) {
            if (!DevModule.isModule(module)) {
                builder.reportLine(null, "--dev " + module + ": no pom.xml in it; not watched");
                continue;
            }
            devPending.add(module); // all of them before any is built: the last one built ends the launcher's wait
            folders.add(module, new DevModule(module, maven, builder, pomReader));
        }
        if (devPending.isEmpty()) {
            devTried(); // none to wait for (no --dev, or none is a module: said above)
        }
        for (Path module : java.util.List.copyOf(devPending)) {
            worker.execute(() -> apply(module)); // starts reading its pom, on pomReader: not on the start's path
        }
    }

    /**
     * A --dev module was built once (live, or its problem found): once all were, the launcher's wait ends (it holds a
     * script's first command until then, as it does for the watched folder's files), told by a service of this name.
     */
    private void devTried(Path module) {
        if (devPending.remove(module) && devPending.isEmpty()) {
            devTried();
        }
    }

    private void devTried() {
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("doitlive.source.dev", "tried");
        context.registerService(Object.class, new Object(), props); // unregistered with this bundle
    }

    private static long readPollMillis(BundleContext context) {
        try {
            return Math.max(10, Long.parseLong(String.valueOf(context.getProperty("doitlive.watch.poll")).trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_POLL_MILLIS;
        }
    }

    private static Path canonical(Path p) {
        try {
            return p.toFile().getCanonicalFile().toPath();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** The trees: source folders, and modules in dev mode. */
    SourceFolders folders() {
        return folders;
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(waiting);
        SourceWatch w = watch;
        if (w != null) {
            w.close();
        }
        worker.shutdownNow();
        pomReader.shutdownNow();
    }

    private long readQuietMillis(BundleContext context) {
        String value = context.getProperty(QUIET_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_QUIET_MILLIS;
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        builder.reportLine(null, QUIET_PROPERTY + " = " + value + " is not a number of milliseconds; "
                + DEFAULT_QUIET_MILLIS + " is used");
        return DEFAULT_QUIET_MILLIS;
    }

    /**
     * A {@code .java} file, or a source folder: a folder of the watched folder that holds {@code .java} files and is
     * no exploded bundle (no {@code META-INF/MANIFEST.MF}). FileInstall asks about a folder with the jar it made of
     * it in its temporary folder ({@code <tmp>/NAME.jar}, made again whenever the folder changes), and about the
     * folder itself when it uninstalls it; install, update and uninstall get the folder.
     */
    @Override
    public boolean canHandle(File artifact) {
        if (SourceFile.isSource(artifact.toPath())) {
            return true;
        }
        Path folder = sourceFolderOf(artifact.toPath());
        return folder != null && (folders.knows(folder) || SourceTree.holdsSources(folder));
    }

    /** The source folder FileInstall means by this file, or null. */
    private Path sourceFolderOf(Path artifact) {
        if (watched == null) {
            return null;
        }
        Path folder = artifact;
        String name = artifact.getFileName() == null ? "" : artifact.getFileName().toString();
        if (!SourceFolders.isDirectory(artifact)) {
            // FileInstall's jar of a folder of the watched folder: NAME.jar anywhere but in the watched folder
            Path parent = artifact.toAbsolutePath().getParent();
            if (!name.endsWith(".jar") || parent == null || canonical(parent).equals(watched)) {
                return null;
            }
            folder = watched.resolve(name.substring(0, name.length() - ".jar".length()));
        }
        Path parent = folder.toAbsolutePath().getParent();
        if (parent == null || !canonical(parent).equals(watched) || !SourceFolders.isDirectory(folder)
                || Files.exists(folder.resolve("META-INF/MANIFEST.MF"))) {
            return null;
        }
        return folder;
    }

    @Override
    public void install(File artifact) {
        found(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        found(artifact.toPath());
    }

    private void found(Path path) {
        watch();
        if (SourceFolders.isDirectory(path) && !folders.knows(path)) {
            folders.add(path, SourceFolders.folder(path));
        }
        apply(path);
    }

    @Override
    public synchronized void uninstall(File artifact) {
        Path file = artifact.toPath();
        folders.remove(file);
        changes.remove(file);
        said.remove(file);
        held.remove(file);
        builtStamps.remove(file);
        waiting.forget(file);
        taken.forget(file);
        Bundle b = builder.bundleOf(file);
        builder.forget(file);
        if (b == null) {
            return;
        }
        boolean refreshable = Starts.holdsRefreshable(b);
        boolean exports = b.getHeaders("").get(org.osgi.framework.Constants.EXPORT_PACKAGE) != null;
        try {
            b.uninstall();
            if (exports) {
                // As FileInstall does for a deleted jar: its importers are refreshed off its packages, and wait for them.
                context.getBundle(org.osgi.framework.Constants.SYSTEM_BUNDLE_LOCATION)
                        .adapt(org.osgi.framework.wiring.FrameworkWiring.class).refreshBundles(java.util.List.of(b));
            }
            if (!refreshable) { // a refreshable's is said by the runtime (detached, its state kept)
                builder.note(file, file.getFileName() + ": deleted from the watched folder - its bundle " + b.getSymbolicName()
                        + " is uninstalled" + (exports ? " (what imports its packages waits until a bundle exports them again)" : ""));
            }
        } catch (BundleException | IllegalStateException e) {
            builder.reportLine(file, file.getFileName() + ": its bundle cannot be uninstalled: " + e.getMessage());
        }
    }

    /**
     * Builds the file as it is now and installs or updates its bundle. One file at a time: the watch's, FileInstall's,
     * or a retry.
     *
     * <p>A half-written file never goes live. A build goes live only if the file was not written while it compiled
     * (its size and time as read, no word of it since), and then at once only if it arrived whole (renamed in, as an
     * editor saving atomically does, and not written in place since); a file written in place waits until it has been
     * quiet for the quiet period, its build held meanwhile, so that a writer's pause between two parts of one save
     * never makes the first part live, even if it compiles.
     */
    synchronized void apply(Path file) {
        apply(file, false);
    }

    /** Builds a single file again even if its bundle was built from this very text (against other exports then). */
    synchronized void applyUnchanged(Path file) {
        apply(file, true);
    }

    private void apply(Path file, boolean unchangedToo) {
        if (folders.knows(file)) {
            if (folders.apply(file)) {
                devTried(file);
            }
            return;
        }
        long change = changes.merge(file, 1L, Long::sum);
        SourceWatch w = watch;
        long words = w == null ? 0 : w.count(file); // before the file is read: a word after it is a write since
        Stamp stamp = Stamp.of(file);
        if (stamp == null) {
            return; // gone already: FileInstall tells the deletion next
        }
        SourceFile source;
        try {
            source = SourceFile.read(file);
        } catch (SourceProblem e) {
            whenQuiet(file, change, stamp, false, e.getMessage(), () -> builder.reportLine(file, e.getMessage()));
            return;
        }
        Held h = held.get(file);
        if (h != null && h.source().digest.equals(source.digest) && h.source().stamp.equals(source.stamp)) {
            return; // this very text waits to be quiet already (the watch and FileInstall both tell a save)
        }
        held.remove(file);
        Bundle b = builder.bundleOf(file);
        // Built again unchanged (against other exports than its bundle's), it is built whatever the bundle holds: the
        // checks below are about a text seen again.
        if (!unchangedToo) {
            if (b != null && source.digest.equals(b.getHeaders("").get(BundleMaker.DIGEST_HEADER))) {
                taken.took(file, source.digest);
                backToTheLiveSource(source, b); // saved without a change, or seen again after a restart
                Path api = folders.pendingApiOfFile(file);
                if (api != null) {
                    folders.apply(api); // back to its live text, it may be what the API's new version waited for
                }
                return;
            }
            if (b != null && source.stamp.equals(builtStamps.get(file)) && taken.unchanged(file, source.digest)) {
                // The file as it was built, not written since, and the bundle holds another version: the runtime put it
                // there (a revert, a failure on probation). A late word of the same save (FileInstall's, after the
                // watch's) must not bring it back; a save, even of the same text, builds it again.
                return;
            }
            if (b != null && change == 1 && taken.unchanged(file, source.digest)) {
                // The text last built, seen again at a start: the version the runtime made live since (a revert) stays.
                // Saved again while running, the same text is built again, so a cancelled or reverted text can be retried.
                return;
            }
        }
        Path api = folders.pendingApiOfFile(file);
        if (api != null) {
            folders.apply(api); // it uses an API whose new version waits for its users: all are tried together
            return;
        }
        SourceBuilder.Built built;
        try {
            built = builder.build(source);
            waiting.missed(file, Set.of());
        } catch (SourceProblem e) {
            waiting.missed(file, e.missingPackages());
            String consequence = b == null ? "; nothing installed" : "; the live version stays";
            boolean missesApi = !e.missingPackages().isEmpty();
            whenQuiet(file, change, source.stamp, missesApi, source.digest + e.getMessage(),
                    () -> builder.report(source, e, consequence));
            return;
        }
        if (writtenSince(source, words)) {
            return; // written again while it compiled: the newer text is built next (its word, or FileInstall's)
        }
        long wait = w != null && w.wholeSince(file, words) ? 0 : source.stamp.untilQuiet(quietMillis, System.currentTimeMillis());
        if (wait > 0) {
            hold(new Held(source, words, built), wait);
            return;
        }
        goLive(source, built);
    }

    private boolean writtenSince(SourceFile source, long words) {
        SourceWatch w = watch;
        return source.changedSince() || w != null && w.count(source.path) != words;
    }

    /**
     * Holds a build of a file written in place until it has been quiet: it goes live then if the file is still as it
     * was read and no other text was told meanwhile; otherwise the newer text's build is what counts.
     */
    private void hold(Held h, long wait) {
        Path file = h.source().path;
        held.put(file, h);
        try {
            worker.schedule(() -> {
                synchronized (this) {
                    if (held.get(file) == h) {
                        held.remove(file);
                        if (!writtenSince(h.source(), h.words())) {
                            goLive(h.source(), h.built());
                        }
                    }
                }
            }, wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            held.remove(file); // this bundle is stopping
        }
    }

    /** Installs or updates the file's bundle with its build, and starts it. */
    private void goLive(SourceFile source, SourceBuilder.Built built) {
        Path file = source.path;
        Bundle b = builder.bundleOf(file);
        try {
            if (b == null) {
                b = context.installBundle(SourceFile.location(file), new ByteArrayInputStream(built.bytes()));
                setStartLevel(context, b);
            } else {
                b.update(new ByteArrayInputStream(built.bytes()));
            }
        } catch (BundleException | RuntimeException e) {
            builder.reportLine(file, source.fileName + ": " + (b == null ? "cannot be installed: " : "its bundle cannot be updated: ")
                    + e.getMessage());
            return;
        }
        if (Starts.startOrSay(context, b, file, source.fileName, builder)) {
            builder.applied(file);
            taken.took(file, source.digest);
            builtStamps.put(file, source.stamp);
            said.remove(file);
        }
    }

    /**
     * Reports a problem of the text read at {@code stamp} once the file has been quiet long enough, if it is still
     * that text then; if it changed, FileInstall tells the change and the newer text is built instead.
     *
     * @param missesApi the source imports a package nobody exports: it waits a whole period in any case, since
     *                  FileInstall may be installing that API in the same scan (at the first start, sources and
     *                  jars come in one scan), and it is then built again instead of reported
     * @param what      the text and its problem: said once for the file as stamped, though the watch and FileInstall
     *                  may both tell it
     */
    private void whenQuiet(Path file, long change, Stamp stamp, boolean missesApi, String what, Runnable report) {
        String key = stamp + what;
        Runnable once = () -> {
            if (!key.equals(said.put(file, key))) {
                report.run();
            }
        };
        long wait = missesApi ? quietMillis : stamp.untilQuiet(quietMillis, System.currentTimeMillis());
        if (wait == 0) {
            if (stamp.equals(Stamp.of(file))) {
                once.run();
            }
            return;
        }
        try {
            worker.schedule(() -> {
                synchronized (this) {
                    if (changes.getOrDefault(file, 0L) == change && stamp.equals(Stamp.of(file))) {
                        once.run();
                    }
                }
            }, wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // this bundle is stopping: nothing to tell any more
        }
    }

    /**
     * The file holds the live version's source again. After a save that was reported (a compile error), one line
     * says the problem is over, so that it does not stand as the source's current problem.
     */
    private void backToTheLiveSource(SourceFile source, Bundle b) {
        String before = builder.outcome(source.path);
        // A problem of this file's, or one the runtime found after the build went in (its component failed to activate).
        if ((before == null || before.isEmpty()) && !runtimeSaysFailed(b)) {
            builder.applied(source.path);
            return;
        }
        builder.note(source.path, source.fileName + ": back to the live source" + liveSeq(b) + "; "
                + (before != null && before.contains(": does not compile") ? "the compile error is gone" : "the problem is gone"));
    }

    /** Whether the runtime's refreshable of this bundle says its last attempt to bring a version in failed. */
    private boolean runtimeSaysFailed(Bundle b) {
        LiveRuntime r = runtime;
        try {
            return r != null && r.list().stream().anyMatch(d -> b.getLocation().equals(d.location)
                    && d.status == dev.doitlive.api.RefreshableDTO.Status.FAILED);
        } catch (RuntimeException e) {
            return false; // the runtime going away under the call
        }
    }

    /** " (seq 2)": the runtime's live version of the bundle; empty when the runtime does not know it. */
    private String liveSeq(Bundle b) {
        LiveRuntime r = runtime;
        if (r == null) {
            return "";
        }
        try {
            return r.list().stream().filter(d -> b.getLocation().equals(d.location) && d.liveSeq > 0).findFirst()
                    .map(d -> " (seq " + d.liveSeq + ")").orElse("");
        } catch (RuntimeException e) {
            return ""; // the runtime going away under the call
        }
    }

    /** The start level FileInstall gives the watched folder's bundles, so that sources start with the jars. */
    static void setStartLevel(BundleContext context, Bundle b) {
        String level = context.getProperty("doitlive.watch.startlevel");
        if (level != null && !level.isBlank()) {
            try {
                b.adapt(BundleStartLevel.class).setStartLevel(Integer.parseInt(level.trim()));
            } catch (IllegalArgumentException e) {
                // a bad level is the launcher's to report; the bundle starts at the default level
            }
        }
    }
}
