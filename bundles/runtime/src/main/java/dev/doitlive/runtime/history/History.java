package dev.doitlive.runtime.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import dev.doitlive.api.VersionDTO;

/**
 * The versions of one refreshable: the live one and those it replaced, newest last, each with its bundle
 * bytes (failed versions keep only their record). Kept on disk in its own folder, {@code index.tsv} plus one
 * {@code <seq>.jar} per version, so it survives a restart; every write goes to a temporary file that is then
 * renamed, so a crash leaves the old index or the new one, never half of one. A {@code probation} file names the
 * live version while it is on probation (see {@link #startProbation}). Changed by the runtime's swap thread only;
 * the list of versions may be read from any thread. Its files (each version's jar, the index, the note) are written
 * where {@link #writeOn} says (at once, unless told otherwise), in the order the history changed: a jar before any
 * index that names it, and a version's bytes are served from memory until its jar is written.
 */
public final class History {
    private static final String INDEX = "index.tsv";
    /** While the live version is on probation: its sequence number and the one of the version live before it. */
    private static final String PROBATION = "probation";

    private final Path dir;
    /** Copy-on-write: the swap thread changes it, while live:list reads it from any thread (depthUsed). */
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private int depth;
    private long onProbation = -1;
    /** Jars of versions dropped since the last save, deleted once the saved index no longer names them. */
    private final List<Path> unreferenced = new ArrayList<>();
    private long liveBefore = -1;
    /** Where the files are written: at once, or handed to a writer that keeps their order. */
    private java.util.function.Consumer<Runnable> disk = Runnable::run;
    /** Jars whose deletion is handed to the writer and not done yet; a version added under its number takes it back. */
    private final Set<Path> deleting = new HashSet<>();

    /** One version's record. */
    public static final class Entry {
        public final long seq;
        public final String bundleVersion;
        public final long time;
        public final String checksum;
        public final long size;
        VersionDTO.Status status;
        String reason;
        boolean hasBytes;
        /** Went through a probation to its end while live: a crash afterwards is not held against it. */
        boolean proven;
        /** Its bytes until the writer has put them on disk. */
        volatile byte[] unwritten;

        Entry(long seq, String bundleVersion, long time, String checksum, long size, VersionDTO.Status status, String reason,
                boolean hasBytes) {
            this.seq = seq;
            this.bundleVersion = bundleVersion;
            this.time = time;
            this.checksum = checksum;
            this.size = size;
            this.status = status;
            this.reason = reason;
            this.hasBytes = hasBytes;
        }

        public VersionDTO.Status status() {
            return status;
        }

        public String reason() {
            return reason;
        }

        public boolean revertable() {
            return hasBytes && status != VersionDTO.Status.FAILED;
        }

        /** Whether it went through a probation to its end while live (see {@link History#passProbation}). */
        public boolean proven() {
            return proven;
        }

        public VersionDTO toDTO() {
            VersionDTO d = new VersionDTO();
            d.seq = seq;
            d.bundleVersion = bundleVersion;
            d.time = time;
            d.checksum = checksum;
            d.size = size;
            d.status = status;
            d.reason = reason;
            d.revertable = revertable();
            return d;
        }

        @Override
        public String toString() {
            return "seq " + seq + " (" + bundleVersion + ")";
        }
    }

    private History(Path dir, int depth) {
        this.dir = dir;
        this.depth = depth;
    }

    /**
     * Opens (or creates) the history kept in {@code dir}. Lines of the index that cannot be read are dropped
     * with a note to {@code problems}; a version whose jar is missing loses its revertability, not its record.
     */
    public static History open(Path dir, int depth, List<String> problems) throws IOException {
        return open(dir, depth, problems, true);
    }

    /** The history as it is on disk, to look at: an unreadable index is left where it is (the next open says it). */
    public static History read(Path dir, int depth) throws IOException {
        return open(dir, depth, new ArrayList<>(), false);
    }

    private static History open(Path dir, int depth, List<String> problems, boolean repair) throws IOException {
        History h = new History(dir, depth);
        Files.createDirectories(dir);
        Path index = dir.resolve(INDEX);
        int unreadable = 0;
        List<String> lines = List.of();
        if (Files.exists(index)) {
            try {
                lines = Files.readAllLines(index, StandardCharsets.UTF_8);
            } catch (IOException e) {
                if (!repair) {
                    return h;
                }
                // Not text, or not a file: kept aside, and the history starts afresh (its jars are not swept now; the
                // next start's sweep, with an index of the new history, drops them).
                Path aside = aside(index);
                Files.move(index, aside);
                problems.add(index + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); kept aside as " + aside.getFileName()
                        + ", the history starts afresh from the version that comes");
                unreadable++;
            }
        }
        if (!lines.isEmpty()) {
            int n = 0;
            for (String line : lines) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    String[] p = line.split("\t", -1);
                    Entry e = new Entry(Long.parseLong(p[0]), p[2], Long.parseLong(p[3]), p[4], Long.parseLong(p[5]),
                            VersionDTO.Status.valueOf(p[1]), p[7].isEmpty() ? null : p[7], Boolean.parseBoolean(p[6]));
                    // Indexes written before the column: every version they kept had been trusted but a distrusted one.
                    e.proven = p.length > 8 ? Boolean.parseBoolean(p[8]) : !String.valueOf(e.reason).startsWith("on probation when");
                    if (e.hasBytes && !Files.isRegularFile(h.jar(e.seq))) {
                        e.hasBytes = false;
                        problems.add(index + ": the jar of version " + e.seq + " is missing; it can no longer be reverted to");
                    }
                    h.entries.add(e);
                } catch (RuntimeException ex) {
                    unreadable++;
                    problems.add(index + ":" + n + ": unreadable line dropped (" + ex.getMessage() + ")");
                }
            }
            h.entries.sort(Comparator.comparingLong(e -> e.seq));
        }
        // An index read whole names every jar to keep; an empty one (not written by the runtime) names none to drop.
        h.sweep(unreadable == 0 && !(Files.exists(index) && h.entries.isEmpty()));
        Path probation = dir.resolve(PROBATION);
        if (Files.exists(probation)) {
            try {
                String[] seqs = Files.readString(probation, StandardCharsets.UTF_8).strip().split(" ");
                h.onProbation = Long.parseLong(seqs[0]);
                h.liveBefore = seqs.length > 1 ? Long.parseLong(seqs[1]) : -1;
            } catch (NumberFormatException e) {
                problems.add(probation + ": unreadable, ignored");
            }
        }
        return h;
    }

    /**
     * Deletes what a crash can leave: temporary files of a write that was not renamed in, and jars the index does
     * not name (written for a version the index never recorded, or dropped just before the crash). When a line of
     * the index could not be read, its version's jar may be among them: then jars are left alone.
     */
    private void sweep(boolean indexWhole) throws IOException {
        Set<String> named = new HashSet<>();
        entries.stream().filter(e -> e.hasBytes).forEach(e -> named.add(e.seq + ".jar"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".tmp") || (indexWhole && n.endsWith(".jar") && !named.contains(n))) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * Hands the writes of the jars, the index and the probation note to {@code writer}, which must run them one at a time
     * in the order given; the history is read and changed in memory meanwhile.
     */
    public void writeOn(java.util.function.Consumer<Runnable> writer) {
        this.disk = writer;
    }

    public void depth(int depth) {
        this.depth = depth;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public Optional<Entry> live() {
        return entries.stream().filter(e -> e.status == VersionDTO.Status.LIVE).reduce((a, b) -> b);
    }

    public Optional<Entry> find(long seq) {
        return entries.stream().filter(e -> e.seq == seq).findFirst();
    }

    /** The newest revertable version with the checksum, if one is kept. */
    public Optional<Entry> findByChecksum(String checksum) {
        return entries.stream().filter(e -> e.checksum.equals(checksum) && (e.revertable() || e.status == VersionDTO.Status.LIVE))
                .reduce((a, b) -> b);
    }

    /** The version a plain revert goes to: the newest revertable one older than the live one. */
    public Optional<Entry> previous() {
        long liveSeq = live().map(e -> e.seq).orElse(Long.MAX_VALUE);
        return entries.stream().filter(e -> e.seq < liveSeq && e.revertable()).reduce((a, b) -> b);
    }

    /** Versions kept besides the live one. */
    public int depthUsed() {
        return (int) entries.stream().filter(e -> e.status != VersionDTO.Status.LIVE).count();
    }

    /** Records a new version and stores its bytes unless it failed. */
    public Entry add(byte[] bytes, String checksum, String bundleVersion, VersionDTO.Status status, String reason) {
        long seq = entries.stream().mapToLong(e -> e.seq).max().orElse(0) + 1;
        boolean keep = status != VersionDTO.Status.FAILED;
        Entry e = new Entry(seq, bundleVersion, System.currentTimeMillis(), checksum, bytes.length, status, reason, keep);
        if (keep) {
            Path jar = jar(seq);
            synchronized (deleting) { // a purged version's number comes again: its jar's deletion, still to come, is off
                deleting.remove(jar);
            }
            e.unwritten = bytes;
            disk.accept(() -> { // before any index that names it
                write(jar, bytes);
                e.unwritten = null;
            });
        }
        entries.add(e);
        return e;
    }

    /**
     * Makes {@code e} the live version; the version live until now ends as {@code endOfPrevious}.
     */
    public void makeLive(Entry e, VersionDTO.Status endOfPrevious) {
        for (Entry x : entries) {
            if (x.status == VersionDTO.Status.LIVE && x != e) {
                x.status = endOfPrevious;
            }
        }
        e.status = VersionDTO.Status.LIVE;
        e.reason = null;
    }

    /** Records how a version that is no longer live ended. */
    public void end(Entry e, VersionDTO.Status status, String reason) {
        e.status = status;
        e.reason = reason;
    }

    /** Marks a version failed: it is never reverted to, and its bytes are dropped. */
    public void fail(Entry e, String reason) {
        e.status = VersionDTO.Status.FAILED;
        e.reason = reason;
        dropBytes(e);
    }

    /** The stored bytes of a revertable version. */
    public byte[] bytes(Entry e) throws IOException {
        if (!e.hasBytes) {
            throw new IOException("the bytes of version " + e.seq + " are not kept");
        }
        byte[] unwritten = e.unwritten;
        return unwritten != null ? unwritten : Files.readAllBytes(jar(e.seq));
    }

    /** Drops every version but the live one. @return how many were dropped */
    public int purge() {
        List<Entry> drop = entries.stream().filter(e -> e.status != VersionDTO.Status.LIVE).toList();
        drop.forEach(this::remove);
        save();
        return drop.size();
    }

    /**
     * Drops the oldest versions beyond the depth (the live one always stays): at most {@code depth} versions to revert
     * to, and at most {@code depth} records of versions that cannot be (failed, or their bytes gone). Then saves the index.
     */
    public void pruneAndSave() {
        // Versions a revert can go to, and records of those it cannot (failed), are bounded each on its own: a run of
        // failed versions never pushes out the good ones.
        prune(e -> e.revertable());
        prune(e -> !e.revertable());
        save();
    }

    private void prune(java.util.function.Predicate<Entry> which) {
        List<Entry> kept = entries.stream().filter(e -> e.status != VersionDTO.Status.LIVE && which.test(e)).toList();
        for (int i = 0; i < kept.size() - depth; i++) {
            remove(kept.get(i));
        }
    }

    private void remove(Entry e) {
        dropBytes(e);
        entries.remove(e);
    }

    /** The jar goes once the index no longer names it (at the next save): a crash between the two leaves a spare jar, not a missing one. */
    private void dropBytes(Entry e) {
        if (e.hasBytes) {
            e.hasBytes = false;
            unreferenced.add(jar(e.seq));
        }
    }

    /** Writes the index (as it is now), then deletes the jars it no longer names. */
    public void save() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.seq).append('\t').append(e.status).append('\t').append(clean(e.bundleVersion)).append('\t').append(e.time)
                    .append('\t').append(e.checksum).append('\t').append(e.size).append('\t').append(e.hasBytes).append('\t')
                    .append(e.reason == null ? "" : clean(e.reason)).append('\t').append(e.proven).append('\n');
        }
        byte[] index = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<Path> drop = new ArrayList<>(unreferenced);
        unreferenced.clear();
        synchronized (deleting) {
            deleting.addAll(drop);
        }
        disk.accept(() -> {
            write(dir.resolve(INDEX), index);
            for (Path p : drop) {
                synchronized (deleting) {
                    if (!deleting.remove(p)) {
                        continue; // written again meanwhile, for a new version under the same number
                    }
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ex) {
                        throw new UncheckedIOException("cannot delete " + p + ": " + ex.getMessage(), ex);
                    }
                }
            }
        });
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Notes on disk that {@code e}, now live, is on probation, and which version was live before it, so that a start
     * after a crash can tell that the runtime died before the version was through it, and go back.
     */
    public void startProbation(Entry e, Entry before) {
        long b = before == null ? -1 : before.seq;
        // Not forced to disk: it is held against a version that kills the runtime, and a dead process leaves what it
        // wrote in the system's cache; after a power cut the note may be gone or empty (read as none).
        byte[] note = (e.seq + " " + b).getBytes(StandardCharsets.UTF_8);
        disk.accept(() -> write(dir.resolve(PROBATION), note, false));
        onProbation = e.seq;
        liveBefore = b;
    }

    /**
     * {@code e}, live, went through its probation to the end: it is proven, and a crash from now on is not held
     * against it, also when it is taken again later. Forgets the note if it is about {@code e}.
     */
    public void passProbation(Entry e) {
        if (e.status != VersionDTO.Status.LIVE) {
            return;
        }
        endProbation(e);
        if (!e.proven) {
            e.proven = true;
            save();
        }
    }

    /** {@code e} is through its probation (or the runtime stops cleanly): forgets the note if it is about {@code e}. */
    public void endProbation(Entry e) {
        if (onProbation == e.seq) {
            disk.accept(this::deleteNote);
            onProbation = -1;
        }
    }

    /** Forgets the note, whoever it is about: the version it named is not live, or has been dealt with. */
    public void clearProbation() {
        disk.accept(this::deleteNote);
        onProbation = -1;
        liveBefore = -1;
    }

    private void deleteNote() {
        try {
            Files.deleteIfExists(dir.resolve(PROBATION));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot delete " + dir.resolve(PROBATION) + ": " + ex.getMessage(), ex);
        }
    }

    /** The version that was on probation, as noted on disk (read at open: the one when the runtime stopped); else -1. */
    public long onProbation() {
        return onProbation;
    }

    /** The version live before the one {@linkplain #onProbation() on probation}, if it is still kept and revertable. */
    public Optional<Entry> liveBeforeProbation() {
        return find(liveBefore).filter(Entry::revertable);
    }

    private Path jar(long seq) {
        return dir.resolve(seq + ".jar");
    }

    private static void write(Path target, byte[] bytes) {
        write(target, bytes, true);
    }

    private static void write(Path target, byte[] bytes, boolean force) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            // Forced to disk before the rename: after a crash the file is the old one or the whole new one.
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(bytes));
                if (force) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where an unreadable file is kept aside: {@code NAME.unreadable}, or the first of {@code NAME.unreadable.2},
     * {@code .3}, ... that is free, so that one kept aside before is never replaced by the next.
     */
    public static Path aside(Path file) {
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
        for (int n = 2; Files.exists(aside, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            aside = file.resolveSibling(file.getFileName() + ".unreadable." + n);
        }
        return aside;
    }
}
