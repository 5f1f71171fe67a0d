package dev.doitlive.source;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The files of one bundle made from many sources, read at one moment: a source folder in the watched folder, or a
 * Maven module in dev mode ({@code src/main/java} and {@code src/main/resources}). Its {@code .java} files in their
 * package folders, its resources, and bnd instructions. Editors' backup, swap and lock files, hidden files and
 * folders, and links are not part of it: a link could lead out of the folder.
 */
final class SourceTree {
    /** More than this many files, or bytes, is not a source folder someone edits live: refused in one line. */
    static final int MAX_FILES = 2000;
    static final long MAX_BYTES = 32L << 20;

    /** Where the files are read from: a directory, the prefix its files are named by in messages. */
    record Root(Path dir, String shownAs) {
    }

    /** One file: its path inside the bundle ({@code pkg/Name.java}, {@code pkg/data.txt}), its bytes and where it is. */
    record Entry(String path, byte[] bytes, Path file, String shownAs) {
    }

    /** The folder the tree is named after (its bundle's location names it). */
    final Path home;
    /** The folder's name: the first word of every line about it. */
    final String name;
    final List<Entry> sources;
    final List<Entry> resources;
    /** bnd instructions (a source folder's own {@code bnd.bnd}, a module's from its pom and bnd.bnd); may be empty. */
    final String instructions;
    /** SHA-256 of every file's path and bytes, and the instructions. */
    final String digest;
    final Stamp stamp;

    private SourceTree(Path home, List<Entry> sources, List<Entry> resources, String instructions, Stamp stamp) {
        this.home = home;
        this.name = home.getFileName().toString();
        this.sources = List.copyOf(sources);
        this.resources = List.copyOf(resources);
        this.instructions = instructions;
        this.stamp = stamp;
        this.digest = digest(sources, resources, instructions);
    }

    /**
     * The size, count and newest modification time of a tree's files, and a checksum of their names, sizes and
     * times: equal stamps mean nobody wrote in between; {@link #newest} says how long the tree has been quiet.
     */
    record Stamp(int files, long bytes, long newest, long checksum) {
        long untilQuiet(long quietMillis, long nowMillis) {
            return Math.max(0, Math.min(quietMillis, newest + quietMillis - nowMillis));
        }
    }

    /** A source folder of the watched folder: everything in it; its top {@code bnd.bnd} holds instructions. */
    static SourceTree readFolder(Path folder) throws SourceProblem {
        Root root = new Root(folder, folder.getFileName() + "/");
        Map<String, Path> files = list(root, folder.getFileName().toString());
        List<Entry> sources = new ArrayList<>();
        List<Entry> resources = new ArrayList<>();
        String instructions = "";
        Stamp stamp = stamp(files.values());
        for (Map.Entry<String, Path> f : files.entrySet()) {
            byte[] bytes = read(f.getValue(), root.shownAs() + f.getKey());
            if (f.getKey().equals("bnd.bnd")) {
                instructions = text(bytes, root.shownAs() + f.getKey());
            } else {
                (isJava(f.getKey()) ? sources : resources).add(new Entry(f.getKey(), bytes, f.getValue(), root.shownAs() + f.getKey()));
            }
        }
        return new SourceTree(folder, sources, resources, instructions, stamp);
    }

    /** A Maven module in dev mode: its sources and resources folders, with the instructions its build uses. */
    static SourceTree readModule(Path module, Root java, Root resourcesRoot, String instructions) throws SourceProblem {
        String name = module.getFileName().toString();
        Map<String, Path> javaFiles = list(java, name);
        Map<String, Path> resourceFiles = list(resourcesRoot, name);
        List<Path> all = new ArrayList<>(javaFiles.values());
        all.addAll(resourceFiles.values());
        Stamp stamp = stamp(all);
        List<Entry> sources = new ArrayList<>();
        List<Entry> resources = new ArrayList<>();
        for (Map.Entry<String, Path> f : javaFiles.entrySet()) {
            if (isJava(f.getKey())) {
                sources.add(new Entry(f.getKey(), read(f.getValue(), java.shownAs() + f.getKey()), f.getValue(),
                        java.shownAs() + f.getKey()));
            }
        }
        for (Map.Entry<String, Path> f : resourceFiles.entrySet()) {
            resources.add(new Entry(f.getKey(), read(f.getValue(), resourcesRoot.shownAs() + f.getKey()), f.getValue(),
                    resourcesRoot.shownAs() + f.getKey()));
        }
        return new SourceTree(module, sources, resources, instructions, stamp);
    }

    /** The stamp of a folder's files now, without reading them; null when it cannot be listed. */
    static Stamp stampOf(List<Root> roots) {
        try {
            List<Path> all = new ArrayList<>();
            for (Root r : roots) {
                all.addAll(list(r, r.dir().getFileName().toString()).values());
            }
            return stamp(all);
        } catch (SourceProblem e) {
            return null;
        }
    }

    /** Whether a folder holds a {@code .java} file (of the tree's kind) within a few levels: a source folder. */
    static boolean holdsSources(Path folder) {
        try {
            return list(new Root(folder, ""), "").keySet().stream().anyMatch(SourceTree::isJava);
        } catch (SourceProblem e) {
            return false;
        }
    }

    /** True when the files are no longer what was read: a save or a copy is still going on. */
    boolean changedSince(List<Root> roots) {
        return !stamp.equals(stampOf(roots));
    }

    static boolean isJava(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".java") && name.length() > ".java".length() && isOwnFile(name);
    }

    /** Not an editor's or the system's file: hidden, backup ({@code ~}), swap ({@code .swp}), lock ({@code #}) ones. */
    static boolean isOwnFile(String fileName) {
        return !fileName.startsWith(".") && !fileName.startsWith("#") && !fileName.endsWith("~")
                && !fileName.endsWith(".swp") && !fileName.endsWith(".swx") && !fileName.endsWith(".tmp");
    }

    /** Path inside the root (with /) -> file, sorted; refuses a tree too large to be sources someone edits. */
    private static Map<String, Path> list(Root root, String name) throws SourceProblem {
        Map<String, Path> files = new TreeMap<>();
        if (!Files.isDirectory(root.dir(), LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        long[] bytes = {0};
        try {
            Files.walkFileTree(root.dir(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(root.dir()) || isOwnFile(dir.getFileName().toString()) ? FileVisitResult.CONTINUE
                            : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && isOwnFile(file.getFileName().toString())) {
                        files.put(root.dir().relativize(file).toString().replace('\\', '/'), file);
                        bytes[0] += attrs.size();
                    }
                    return files.size() > MAX_FILES || bytes[0] > MAX_BYTES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone while listed: the next look sees the folder as it is then
                }
            });
        } catch (IOException e) {
            throw new SourceProblem(name + ": cannot be read: " + e.getMessage());
        }
        if (files.size() > MAX_FILES || bytes[0] > MAX_BYTES) {
            throw new SourceProblem(name + ": more than " + MAX_FILES + " files or " + (MAX_BYTES >> 20)
                    + " MiB: not taken as a source folder");
        }
        return files;
    }

    private static Stamp stamp(Iterable<Path> files) {
        CRC32 crc = new CRC32();
        int count = 0;
        long bytes = 0;
        long newest = 0;
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                long modified = a.lastModifiedTime().toMillis();
                crc.update(f.toString().getBytes(StandardCharsets.UTF_8));
                crc.update(longBytes(a.size()));
                crc.update(longBytes(modified));
                count++;
                bytes += a.size();
                newest = Math.max(newest, modified);
            } catch (IOException e) {
                crc.update(0); // gone meanwhile: the stamp differs from one with it
            }
        }
        return new Stamp(count, bytes, newest, crc.getValue());
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static byte[] read(Path file, String shownAs) throws SourceProblem {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SourceProblem(shownAs + ": gone before it could be read");
        } catch (IOException e) {
            throw new SourceProblem(shownAs + ": cannot be read: " + e.getMessage());
        }
    }

    /** A source's text; refused unless UTF-8. */
    static String text(byte[] bytes, String shownAs) throws SourceProblem {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SourceProblem(shownAs + ": not UTF-8 text; save it as UTF-8");
        }
    }

    /** Path -> SHA-256 of each file, to tell which files changed between two reads. */
    Map<String, String> fileDigests() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Entry e : sources) {
            m.put("java:" + e.path(), sha256(e.bytes()));
        }
        for (Entry e : resources) {
            m.put("res:" + e.path(), sha256(e.bytes()));
        }
        m.put("bnd", sha256(instructions.getBytes(StandardCharsets.UTF_8)));
        return m;
    }

    /** How many files differ (changed, added or removed) between two reads of a tree. */
    static int differences(Map<String, String> before, Map<String, String> now) {
        int n = 0;
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                n++;
            }
        }
        for (String k : before.keySet()) {
            if (!now.containsKey(k)) {
                n += 2; // a removal: never taken as one saved file
            }
        }
        return n;
    }

    private static String digest(List<Entry> sources, List<Entry> resources, String instructions) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (List<Entry> list : List.of(sources, resources)) {
                for (Entry e : list) {
                    md.update(e.path().getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    md.update(longBytes(e.bytes().length));
                    md.update(e.bytes());
                }
                md.update((byte) 1);
            }
            md.update(instructions.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
