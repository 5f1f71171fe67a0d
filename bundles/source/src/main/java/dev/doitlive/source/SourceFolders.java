package dev.doitlive.source;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Bundles of many sources: source folders of the watched folder and Maven modules in dev mode. A save of any of
 * their files rebuilds the whole bundle and updates it; javac compiles only the saved files where the rest stays
 * as it was ({@link TreeCompiler}).
 *
 * <p><b>Half a folder never replaces a good version.</b> One file saved goes at once, as a single source does (if
 * it is cut short it does not compile, and that is said only once it has been quiet). A change of several files at
 * once (a folder copied in or over, a checkout, a file deleted) waits until the whole folder has been quiet for the
 * quiet period, then builds what is there. A build is installed only if nothing was written meanwhile.
 *
 * <p><b>Live APIs.</b> A folder whose bundle others import (its {@code package-info.java} exports a package with
 * {@code @Export @Version}) is built, then every source that uses it is built again against its new classes, before
 * anything is installed; then all of them are installed {@link Together}. If one of them does not compile against
 * the new API, nothing is installed: the new API waits, and a save of one of its users tries them all again.
 *
 * <p>Called with the installer's lock held: one build at a time, whoever asks (FileInstall, the poll, a retry).
 */
final class SourceFolders {
    /** How one tree is read and made a bundle: a source folder, or a module in dev mode. */
    interface Kind {
        List<SourceTree.Root> roots();

        SourceTree read() throws SourceProblem;

        SourceBuilder.Recipe recipe(SourceTree tree) throws SourceProblem;

        /** Starts fetching what a build needs beyond the files (a dev module's pom), off the worker, if it changed. */
        default void readAhead() {
        }

        /** Whether what a build needs beyond the files is at hand; if not, it is being fetched and {@code then} runs once it is. */
        default boolean ready(Runnable then) {
            return true;
        }
    }

    /** A source folder of the watched folder. */
    static Kind folder(Path folder) {
        return new Kind() {
            @Override
            public List<SourceTree.Root> roots() {
                return List.of(new SourceTree.Root(folder, folder.getFileName() + "/"));
            }

            @Override
            public SourceTree read() throws SourceProblem {
                return SourceTree.readFolder(folder);
            }

            @Override
            public SourceBuilder.Recipe recipe(SourceTree tree) {
                return SourceBuilder.Recipe.folder(tree);
            }
        };
    }

    private final BundleContext context;
    private final SourceBuilder builder;
    private final ScheduledExecutorService worker;
    private final Taken taken;
    private final WaitingSources waiting;
    private final long quietMillis;
    private final Consumer<Path> again;
    private final Together together;
    /** Every tree known, by its folder. */
    private final Map<Path, Kind> trees = new ConcurrentHashMap<>();
    /** Per tree, its files' digests as last built (or found live): to tell one saved file from many changed. */
    private final Map<Path, Map<String, String>> lastBuilt = new ConcurrentHashMap<>();
    /** Per tree, its files' stamp when its bundle was last built from them. */
    private final Map<Path, SourceTree.Stamp> builtStamps = new ConcurrentHashMap<>();
    /** The poll's last look at each tree. */
    private final Map<Path, SourceTree.Stamp> seen = new ConcurrentHashMap<>();
    /** Trees read at least once since the start: the first read after a start leaves a reverted version be. */
    private final Set<Path> readOnce = ConcurrentHashMap.newKeySet();
    /** Per tree, how many times it was built: a problem deferred for an older attempt is not said. */
    private final Map<Path, Long> attempts = new ConcurrentHashMap<>();
    private final Object lock;
    private final long pollMillis;
    /** The poll, while there is a tree to look at (guarded by {@link #trees}). */
    private java.util.concurrent.ScheduledFuture<?> polling;
    /** The digest of each tree's text whose problem was said: FileInstall and the poll may both tell the same text. */
    private final Map<Path, String> said = new ConcurrentHashMap<>();
    /** API trees whose new version waits for its users to compile against it, with the users that did not. */
    private final Map<Path, List<String>> pending = new ConcurrentHashMap<>();

    /**
     * @param lock  the installer's: held by every build
     * @param again builds a tree again through the installer (its lock), for a tree that must be quiet first and for
     *              the poll
     */
    SourceFolders(BundleContext context, SourceBuilder builder, ScheduledExecutorService worker, Taken taken,
            WaitingSources waiting, long quietMillis, long pollMillis, Object lock, Consumer<Path> again) {
        this.context = context;
        this.lock = lock;
        this.builder = builder;
        this.worker = worker;
        this.taken = taken;
        this.waiting = waiting;
        this.quietMillis = quietMillis;
        this.again = again;
        this.together = new Together(context, builder);
        this.pollMillis = pollMillis;
    }

    /** Starts watching a tree (FileInstall found a source folder, or a dev-mode module was named). */
    void add(Path home, Kind kind) {
        trees.put(home, kind);
        synchronized (trees) {
            if (polling == null) {
                polling = worker.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
            }
        }
        SourceTree.Stamp now = SourceTree.stampOf(kind.roots());
        if (now != null) {
            seen.put(home, now); // a save right after this is a change for the poll, even before its first look
        }
    }

    boolean knows(Path home) {
        return trees.containsKey(home);
    }

    /** Forgets a tree (its folder is gone, or is no source folder any more). */
    void remove(Path home) {
        trees.remove(home);
        synchronized (trees) {
            if (trees.isEmpty() && polling != null) { // no tree: no poll, an idle runtime wakes no thread for it
                polling.cancel(false);
                polling = null;
            }
        }
        seen.remove(home);
        said.remove(home);
        attempts.remove(home);
        readOnce.remove(home);
        lastBuilt.remove(home);
        builtStamps.remove(home);
        pending.remove(home);
        builder.forgetCompile(home);
    }

    /**
     * Looks at every tree's files (names, sizes, times; not their bytes) once per poll, and builds a tree whose
     * files changed: sooner than FileInstall, which tells a folder only once it looked the same in two scans.
     */
    private void poll() {
        for (Map.Entry<Path, Kind> t : trees.entrySet()) {
            t.getValue().readAhead();
            SourceTree.Stamp now = SourceTree.stampOf(t.getValue().roots());
            SourceTree.Stamp before = now == null ? null : seen.put(t.getKey(), now);
            if (now != null && !now.equals(before)) {
                again.accept(t.getKey());
            }
        }
    }

    /**
     * Builds a tree as it is now and installs or updates its bundle (and its users', when it is a live API).
     *
     * @return whether it was tried (built, installed, or its problem found); false when it is put off until later (its
     *         folder not quiet yet, a dev module's pom still read, written again while it compiled)
     */
    boolean apply(Path home) {
        Kind kind = trees.get(home);
        if (kind == null) {
            return true;
        }
        if (!kind.ready(() -> later(home, 0))) {
            return false; // its pom is being read on a thread of its own: built once it is read, nothing else held meanwhile
        }
        boolean first = readOnce.add(home);
        attempts.merge(home, 1L, Long::sum);
        SourceTree tree;
        try {
            tree = kind.read();
        } catch (SourceProblem e) {
            SourceTree.Stamp stamp = SourceTree.stampOf(kind.roots());
            // Said after a whole quiet time, whatever the files' times, and only if the folder is still there then: a
            // folder emptied is mostly one being deleted (FileInstall's uninstall of it says what goes).
            whenQuiet(home, kind, stamp, true, () -> builder.reportLine(home, e.getMessage()));
            return true;
        }
        seen.put(home, tree.stamp); // what the poll compares with: any write after this read is a change
        Bundle b = builder.bundleOf(home);
        if (b != null && tree.digest.equals(b.getHeaders("").get(BundleMaker.DIGEST_HEADER))) {
            lastBuilt.put(home, tree.fileDigests());
            taken.took(home, tree.digest);
            said.remove(home);
            if (pending.remove(home) != null) {
                builder.note(home, tree.name + ": back to the live version; its users need not change");
            } else {
                backToTheLiveVersion(tree);
                Path api = pendingApiOf(b);
                if (api != null && !api.equals(home)) {
                    apply(api); // a user back to its live text may be what the API's new version waited for
                }
            }
            return true;
        }
        if (b != null && tree.stamp.equals(builtStamps.get(home)) && taken.unchanged(home, tree.digest)) {
            // Its files as they were built, not written since, and the bundle holds another version: the runtime put it
            // there (a group gone back after a failure on probation). A late word of the same save (FileInstall's,
            // after the poll's) must not bring the failed code back; a save, even of the same text, builds it again.
            return true;
        }
        if (b != null && first && taken.unchanged(home, tree.digest)) {
            lastBuilt.put(home, tree.fileDigests());
            return true; // the text last built, seen again at a start: the version the runtime made live since stays
        }
        Map<String, String> before = lastBuilt.get(home);
        long wait = tree.stamp.untilQuiet(quietMillis, System.currentTimeMillis());
        if (wait > 0 && (b == null || before == null || SourceTree.differences(before, tree.fileDigests()) > 1)) {
            later(home, wait); // copied in, or several files at once: built when the folder is quiet
            return false;
        }
        Path api = pendingApiOf(b);
        if (api != null && !api.equals(home)) {
            apply(api); // this tree uses an API waiting for its users: try them all together
            return true;
        }
        SourceBuilder.Built built;
        SourceBuilder.Recipe recipe;
        try {
            recipe = kind.recipe(tree);
            built = builder.build(tree, recipe, b, SourceBuilder.Apis.NONE);
            waiting.missed(home, Set.of());
        } catch (SourceProblem e) {
            waiting.missed(home, e.missingPackages());
            String consequence = b == null ? "; nothing installed" : "; the live version stays";
            if (!tree.digest.equals(said.get(home))) {
                // A whole quiet time for a tree that misses a package, or has no source left (a folder being deleted).
                boolean wholeQuiet = !e.missingPackages().isEmpty() || tree.sources.isEmpty();
                whenQuiet(home, kind, tree.stamp, wholeQuiet, () -> {
                    said.put(home, tree.digest);
                    builder.report(home, e, consequence);
                });
            }
            return true;
        }
        if (tree.changedSince(kind.roots())) {
            return false; // written again while it compiled: the next look builds the newer files
        }
        Set<Bundle> users = b == null ? Set.of() : users(b);
        if (users.isEmpty()) {
            if (install(home, b, built)) {
                done(home, tree);
            }
            return true;
        }
        withUsers(home, tree, b, built, users);
        return true;
    }

    /** A tree's bundle built from its files as they are now, for a re-read of its location ({@code live:refresh}). */
    byte[] buildNow(Path home) throws SourceProblem {
        Kind kind = trees.get(home);
        if (kind == null) {
            throw new SourceProblem(home.getFileName() + ": not a source folder any more");
        }
        SourceTree tree = kind.read();
        return builder.build(tree, kind.recipe(tree), builder.bundleOf(home), SourceBuilder.Apis.NONE).bytes();
    }

    /** Installs or updates a tree's bundle alone (nobody imports from it). */
    private boolean install(Path home, Bundle b, SourceBuilder.Built built) {
        String name = home.getFileName().toString();
        try {
            if (b == null) {
                b = context.installBundle(SourceFile.location(home), new ByteArrayInputStream(built.bytes()));
                SourceInstaller.setStartLevel(context, b);
            } else {
                b.update(new ByteArrayInputStream(built.bytes()));
            }
        } catch (BundleException | RuntimeException e) {
            builder.reportLine(home, name + ": " + (b == null ? "cannot be installed: " : "its bundle cannot be updated: ") + e.getMessage());
            return false;
        }
        return Starts.startOrSay(context, b, home, name, builder);
    }

    private void done(Path home, SourceTree tree) {
        builtStamps.put(home, tree.stamp);
        said.remove(home);
        builder.applied(home);
        taken.took(home, tree.digest);
        lastBuilt.put(home, tree.fileDigests());
        pending.remove(home);
    }

    /**
     * A live API changed: builds every source that uses it (and what uses those, when they export too) against its
     * new classes, then installs all of them together, or none.
     */
    private void withUsers(Path home, SourceTree tree, Bundle api, SourceBuilder.Built built, Set<Bundle> users) {
        SourceBuilder.Apis apis = SourceBuilder.Apis.NONE.with(api, built);
        List<Together.Update> updates = new ArrayList<>();
        updates.add(new Together.Update(api, built.bytes(), home));
        Map<Path, Runnable> afterwards = new LinkedHashMap<>();
        afterwards.put(home, () -> done(home, tree));
        List<String> failing = new ArrayList<>();
        List<Runnable> reports = new ArrayList<>();
        StringBuilder key = new StringBuilder(tree.digest);
        Deque<Bundle> queue = new ArrayDeque<>(users);
        Set<Long> seenIds = new HashSet<>();
        seenIds.add(api.getBundleId());
        while (!queue.isEmpty()) {
            Bundle user = queue.poll();
            if (!seenIds.add(user.getBundleId()) || !WaitingSources.isSource(user)) {
                continue; // a jar: the refresh wires it to the new API as it is
            }
            Path source = SourceFile.fromLocation(user.getLocation());
            String name = source.getFileName().toString();
            try {
                Rebuilt r = rebuild(source, user, apis);
                updates.add(new Together.Update(user, r.built().bytes(), source));
                afterwards.put(source, r.done());
                if (!r.built().exports().isEmpty()) {
                    apis = apis.with(user, r.built());
                    queue.addAll(users(user));
                }
            } catch (SourceProblem e) {
                failing.add(name);
                key.append('|').append(e.getMessage()).append(e.details());
                reports.add(() -> builder.report(source, e, "; built against " + tree.name
                        + "'s new version, which waits for it; the live version stays"));
            }
        }
        if (!failing.isEmpty()) {
            java.util.Collections.sort(failing);
            pending.put(home, failing);
            if (key.toString().equals(said.put(home, key.toString()))) {
                return; // told already (FileInstall and the poll may both tell the same change)
            }
            reports.forEach(Runnable::run);
            builder.reportLine(home, tree.name + ": changed, but " + String.join(", ", failing)
                    + (failing.size() == 1 ? ", which uses it, does not" : ", which use it, do not")
                    + " compile against its new version - nothing is swapped, the live versions stay; save "
                    + (failing.size() == 1 ? "it" : "them") + " fixed and all go live together");
            return;
        }
        List<Together.Update> installed = together.install(updates);
        for (Together.Update u : installed) {
            afterwards.getOrDefault(u.source(), () -> { }).run();
        }
    }

    /** A user's new bundle, and what to remember once it is installed. */
    private record Rebuilt(SourceBuilder.Built built, Runnable done) {
    }

    /** Builds a source that uses a changed API (a file, a folder, a module) as it is now, against the API's new classes. */
    private Rebuilt rebuild(Path source, Bundle user, SourceBuilder.Apis apis) throws SourceProblem {
        Kind kind = trees.get(source);
        if (kind != null) {
            SourceTree t = kind.read();
            SourceBuilder.Built b = builder.build(t, kind.recipe(t), user, apis);
            return new Rebuilt(b, () -> done(source, t));
        }
        SourceFile f = SourceFile.read(source);
        SourceBuilder.Built b = builder.build(f, apis);
        return new Rebuilt(b, () -> {
            builder.applied(source);
            taken.took(source, f.digest);
        });
    }

    /** The bundles wired to any revision of this one's packages (its users), itself left out. */
    static Set<Bundle> users(Bundle api) {
        Set<Bundle> users = new java.util.LinkedHashSet<>();
        BundleRevisions revisions = api.adapt(BundleRevisions.class);
        if (revisions == null) {
            return users;
        }
        for (BundleRevision r : revisions.getRevisions()) {
            BundleWiring w = r.getWiring();
            if (w == null) {
                continue;
            }
            for (BundleWire wire : w.getProvidedWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                Bundle user = wire.getRequirer().getBundle();
                if (user.getBundleId() != api.getBundleId()) {
                    users.add(user);
                }
            }
        }
        return users;
    }

    /** The tree of an API this bundle imports from whose new version waits for its users; null if none. */
    private Path pendingApiOf(Bundle b) {
        if (b == null || pending.isEmpty()) {
            return null;
        }
        BundleWiring w = b.adapt(BundleWiring.class);
        if (w == null) {
            return null;
        }
        for (BundleWire wire : w.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            String location = wire.getProvider().getBundle().getLocation();
            if (WaitingSources.isSource(wire.getProvider().getBundle())) {
                Path provider = SourceFile.fromLocation(location);
                if (pending.containsKey(provider)) {
                    return provider;
                }
            }
        }
        return null;
    }

    /** For a user that is a single file: whether it uses a waiting API (then that API's group is built instead). */
    Path pendingApiOfFile(Path file) {
        return pendingApiOf(builder.bundleOf(file));
    }

    private void backToTheLiveVersion(SourceTree tree) {
        String before = builder.outcome(tree.home);
        Bundle b = builder.bundleOf(tree.home);
        if (b != null && b.getState() == Bundle.INSTALLED && before != null && !before.isEmpty()) {
            return; // a late word of the text whose bundle does not resolve: its problem stands, said once
        }
        if (before == null || before.isEmpty()) {
            builder.applied(tree.home);
            return;
        }
        builder.note(tree.home, tree.name + ": back to the live version; "
                + (before.contains(": does not compile") ? "the compile error is gone" : "the problem is gone"));
    }

    /** Builds the tree again in {@code wait} ms (it was not quiet yet). */
    private void later(Path home, long wait) {
        try {
            worker.schedule(() -> again.accept(home), wait + 1, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // this bundle is stopping
        }
    }

    /**
     * Reports a problem once the tree has been quiet, if it is still as it was then and was not built again
     * meanwhile. With {@code wholeQuiet} it waits a whole period in any case: for a tree that misses a package
     * (FileInstall may be installing that API in the same scan: at a start, folders and jars come in one scan, and the
     * tree is then built again instead) and for a tree with no source (a folder being deleted).
     */
    private void whenQuiet(Path home, Kind kind, SourceTree.Stamp stamp, boolean wholeQuiet, Runnable report) {
        long wait = wholeQuiet ? quietMillis : stamp == null ? 0 : stamp.untilQuiet(quietMillis, System.currentTimeMillis());
        if (wait == 0) {
            if (isDirectory(home)) { // not deleted or moved away meanwhile: FileInstall's uninstall says what goes then
                report.run();
            }
            return;
        }
        long attempt = attempts.getOrDefault(home, 0L);
        try {
            worker.schedule(() -> {
                synchronized (lock) {
                    if (attempts.getOrDefault(home, 0L) == attempt && isDirectory(home)
                            && java.util.Objects.equals(stamp, SourceTree.stampOf(kind.roots()))) {
                        report.run();
                    }
                }
            }, wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // this bundle is stopping
        }
    }

    static boolean isDirectory(Path p) {
        return Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
}
