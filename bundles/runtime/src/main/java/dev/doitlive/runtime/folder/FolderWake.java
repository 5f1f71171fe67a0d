package dev.doitlive.runtime.folder;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.apache.felix.fileinstall.ArtifactUrlTransformer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Wakes FileInstall's scan of the watched folder the moment a whole jar lands in it, instead of at its next poll.
 *
 * <p>FileInstall 3.7.4 watches the folder with a WatchService of its own, but reads its events only when its poll
 * comes round: its thread waits {@code felix.fileinstall.poll} ms between two scans, and ends that wait early only
 * when one of its artifact listeners is added, removed or modified. So this thread blocks on a WatchService of the
 * same folder (nothing to do while the folder is quiet) and, when a {@code .jar} in it was created, renamed in or
 * written and now opens as a whole bundle ({@link JarCheck}), modifies the service properties of a listener of its
 * own that never claims a file ({@link #canHandle} is always false): FileInstall scans at once.
 *
 * <p>A half-written jar wakes nothing: a zip's central directory comes last, so a file cut short does not open as
 * one. FileInstall still takes what it finds at its own polls, as it always did (a stalled copy of a known jar is
 * uninstalled, then installed whole), and this adds no scan while a copy is still under way.
 *
 * <p>FileInstall's own WatchService may hear of the file a moment after this one, and it takes a jar new to it
 * only once two scans agree on it: so a wake is repeated, a few times and briefly, until the bundle at the file's
 * location was installed or updated since the jar landed (beyond that its poll takes it, as before).
 *
 * <p>Everything else (a {@code .cfg}, a source folder, any file or jar deleted) wakes the scan once it has been quiet
 * for {@link #SETTLE_NANOS}, and again briefly after, so that two scans agree: with that, the poll is only a fallback
 * and can be slow (an idle runtime's main cost was FileInstall scanning twenty times a second).
 */
public final class FolderWake implements ArtifactUrlTransformer {
    /** Milliseconds after a wake to look whether FileInstall took the jar, and wake it again if not. */
    private static final long[] AGAIN_MS = {3, 10, 30};
    /** How long a file other than a jar must have been quiet before it wakes a scan: most writes are over by then. */
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final String WAKES = "doitlive.wakes";

    private final BundleContext context;
    private final Path folder;
    private final WatchService watcher;
    private final ServiceRegistration<ArtifactUrlTransformer> registration;
    private final Thread thread;
    private long wakes;

    private FolderWake(BundleContext context, Path folder, WatchService watcher) {
        this.context = context;
        this.folder = folder;
        this.watcher = watcher;
        this.registration = context.registerService(ArtifactUrlTransformer.class, this, properties());
        this.thread = new Thread(this::run, "doitlive-folder-wake");
        thread.setDaemon(true);
    }

    /**
     * Starts watching {@code folder}; null when there is none or it cannot be watched (FileInstall's poll alone then
     * takes its files, as without this).
     */
    public static FolderWake start(BundleContext context, Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            return null;
        }
        WatchService watcher = null;
        try {
            folder = folder.toRealPath(); // FileInstall's locations name the folder by its canonical path
            watcher = folder.getFileSystem().newWatchService();
            folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(watcher);
            return null;
        }
        FolderWake wake = new FolderWake(context, folder, watcher);
        wake.thread.start();
        return wake;
    }

    public void close() {
        closeQuietly(watcher);
        thread.interrupt();
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // gone with the framework
        }
    }

    /** Never claims a file: this listener is only FileInstall's doorbell. */
    @Override
    public boolean canHandle(File artifact) {
        return false;
    }

    @Override
    public URL transform(URL artifact) {
        return null;
    }

    private void run() {
        Map<Path, Long> waiting = new HashMap<>(); // whole jars woken for, not yet taken, and when each landed
        Map<Path, Long> settling = new HashMap<>(); // other files changed or gone, and when each was last heard of
        TreeSet<Long> due = new TreeSet<>(); // wakes due (nanoTime), after a settled file
        int attempt = 0;
        long jarsNext = 0;
        try {
            for (;;) {
                long next = Long.MAX_VALUE;
                if (!waiting.isEmpty()) {
                    next = jarsNext;
                }
                for (long heard : settling.values()) {
                    next = Math.min(next, heard + SETTLE_NANOS);
                }
                if (!due.isEmpty()) {
                    next = Math.min(next, due.first());
                }
                WatchKey key = next == Long.MAX_VALUE ? watcher.take()
                        : watcher.poll(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (key != null) {
                    // The same write often comes as several events: take those already queued with it.
                    Set<Path> jars = new HashSet<>();
                    named(key, jars, settling);
                    for (WatchKey more; (more = watcher.poll()) != null;) {
                        named(more, jars, settling);
                    }
                    if (whole(jars, waiting)) {
                        attempt = 0;
                        jarsNext = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AGAIN_MS[0]);
                        wake();
                    }
                    continue;
                }
                long now = System.nanoTime();
                boolean wakeNow = false;
                for (var it = settling.values().iterator(); it.hasNext();) {
                    if (now - it.next() >= SETTLE_NANOS) {
                        it.remove();
                        wakeNow = true;
                        for (long again : AGAIN_MS) { // taken once two scans agree on it
                            due.add(now + TimeUnit.MILLISECONDS.toNanos(again));
                        }
                    }
                }
                while (!due.isEmpty() && due.first() <= now) {
                    due.pollFirst();
                    wakeNow = true;
                }
                if (!waiting.isEmpty() && now >= jarsNext) {
                    waiting.entrySet().removeIf(e -> taken(e.getKey(), e.getValue()));
                    if (!waiting.isEmpty()) {
                        wakeNow = true;
                        if (++attempt == AGAIN_MS.length) {
                            waiting.clear(); // its poll takes it, as without this
                        } else {
                            jarsNext = now + TimeUnit.MILLISECONDS.toNanos(AGAIN_MS[attempt]);
                        }
                    }
                }
                if (wakeNow) {
                    wake();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (RuntimeException e) {
            // the framework is going (the registration is gone): FileInstall's poll is all there is
        }
    }

    /**
     * Sorts the key's events: the jars written or renamed in (a write often comes as several events: each jar once),
     * and every other name, and every name gone, into {@code settling} with the time it was heard of.
     */
    private void named(WatchKey key, Set<Path> jars, Map<Path, Long> settling) {
        long now = System.nanoTime();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path name) {
                Path file = folder.resolve(name);
                boolean jar = name.toString().toLowerCase(Locale.ROOT).endsWith(".jar");
                if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE || !jar) {
                    settling.put(file, now);
                }
                if (jar) {
                    jars.add(file);
                }
            } else if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                settling.put(folder, now); // events were lost: a scan finds what changed
            }
        }
        key.reset();
    }

    /** Adds the jars that open as whole bundles to {@code waiting}, each read once; whether there was one. */
    private static boolean whole(Set<Path> jars, Map<Path, Long> waiting) {
        boolean landed = false;
        long now = System.currentTimeMillis();
        for (Path jar : jars) {
            if (JarCheck.of(jar).problem() == null) {
                waiting.put(jar, now);
                landed = true;
            } else {
                waiting.remove(jar); // being written again: its last write wakes
            }
        }
        return landed;
    }

    /** Whether the bundle FileInstall keeps at the jar's location was installed or updated since it landed. */
    private boolean taken(Path jar, long landed) {
        Bundle b = context.getBundle(jar.toFile().toURI().toString());
        return b != null && b.getLastModified() >= landed;
    }

    /** FileInstall ends its wait between two scans when a listener it tracks is modified. */
    private void wake() {
        wakes++;
        registration.setProperties(properties());
    }

    private Hashtable<String, Object> properties() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(WAKES, wakes);
        return p;
    }

    private static void closeQuietly(WatchService watcher) {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }
}
