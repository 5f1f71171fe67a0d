package dev.doitlive.source;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The operating system's word of each {@code .java} file of the watched folder, as it comes: a save is built at once
 * instead of at FileInstall's next scan, and a file renamed in (an editor saving atomically: a temporary file, then
 * a rename) is told from one written in place.
 *
 * <p>Only what the kernel says for certain counts: a file whose last word is that it arrived (a rename, or a
 * creation) with no write since is whole; any write in place makes it a file that may still be written, which goes
 * live only once it has been quiet (see {@link SourceInstaller}). Every word also counts the file's changes: a build
 * goes live only if none came while it compiled. FileInstall still tells every file it took; this only tells them
 * sooner, and tells a deletion FileInstall never sees: of a file deleted before two of its scans agreed on it.
 *
 * <p>Where the JDK has no native watch service (it polls, as on macOS), none is started: FileInstall's scan is as
 * quick, and a rename over a file would look like a write there.
 */
final class SourceWatch implements AutoCloseable {
    /** A file's words so far: how many, and whether it arrived whole with no write since. */
    private record Words(long count, boolean whole) {
    }

    private final Path folder;
    private final WatchService service;
    private final Consumer<Path> changed;
    private final Consumer<Path> deleted;
    private final Map<Path, Words> words = new HashMap<>();
    private final Thread thread;

    /**
     * @param folder  the watched folder, as FileInstall names it (canonical)
     * @param changed told of a source file that changed, on the watch thread: it must only hand it over
     * @param deleted told of a source file deleted, the same way
     */
    private SourceWatch(Path folder, WatchService service, Consumer<Path> changed, Consumer<Path> deleted) throws IOException {
        this.folder = folder;
        this.service = service;
        this.changed = changed;
        this.deleted = deleted;
        folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::run, "doitlive-source-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches the folder, or returns null when this platform's watch service polls or the folder cannot be watched. */
    static SourceWatch start(Path folder, Consumer<Path> changed, Consumer<Path> deleted) {
        WatchService service = null;
        try {
            service = FileSystems.getDefault().newWatchService();
            if (service.getClass().getName().contains("Polling")) {
                service.close();
                return null;
            }
            return new SourceWatch(folder, service, changed, deleted);
        } catch (IOException | RuntimeException e) {
            closeQuietly(service);
            return null; // FileInstall's scan tells every file all the same, only later
        }
    }

    private void run() {
        try {
            while (true) {
                handle(service.take());
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: this bundle stops
        }
    }

    /** Records a key's events and tells the files they name; the key is then watched again. */
    private void handle(WatchKey key) {
        java.util.Set<Path> files = new java.util.LinkedHashSet<>();
        java.util.Set<Path> gone = new java.util.LinkedHashSet<>();
        synchronized (this) {
            for (WatchEvent<?> e : key.pollEvents()) {
                if (!(e.context() instanceof Path name)) {
                    continue; // OVERFLOW: words were lost; FileInstall's scan tells the files
                }
                Path file = folder.resolve(name);
                if (!SourceFile.isSource(file)) {
                    continue;
                }
                Words w = words.getOrDefault(file, new Words(0, false));
                boolean whole = e.kind() == StandardWatchEventKinds.ENTRY_CREATE
                        || w.whole() && e.kind() != StandardWatchEventKinds.ENTRY_MODIFY
                                && e.kind() != StandardWatchEventKinds.ENTRY_DELETE;
                words.put(file, new Words(w.count() + e.count(), whole));
                (e.kind() == StandardWatchEventKinds.ENTRY_DELETE ? gone : files).add(file);
            }
        }
        key.reset();
        files.forEach(changed);
        gone.forEach(deleted);
    }

    /**
     * Takes in the words that came and were not read yet (any thread may: the watch thread may be busy), so that a
     * write just before this call counts.
     */
    private void drain() {
        WatchKey key;
        while ((key = service.poll()) != null) {
            handle(key);
        }
    }

    /** How many words of the file came so far (read before the file is: any later word means it changed since). */
    long count(Path file) {
        try {
            drain();
        } catch (ClosedWatchServiceException e) {
            // stopping
        }
        synchronized (this) {
            Words w = words.get(file);
            return w == null ? 0 : w.count();
        }
    }

    /** Whether the file arrived whole (renamed or created, never written in place since) and no word came after {@code count}. */
    boolean wholeSince(Path file, long count) {
        long now = count(file);
        synchronized (this) {
            Words w = words.get(file);
            return now == count && w != null && w.whole();
        }
    }

    @Override
    public void close() {
        closeQuietly(service);
        thread.interrupt();
    }

    private static void closeQuietly(WatchService s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing held any more
            }
        }
    }
}
