package dev.doitlive.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.lang.model.SourceVersion;

/**
 * What the editor may open and save, by the name the page gives: {@code Name.java} at the top of the watched folder,
 * {@code FOLDER/path/File} in a source folder of the watched folder (a folder holding {@code .java} files), and
 * {@code dev:MODULE/src/main/java/...} or {@code dev:MODULE/src/main/resources/...} in a Maven module in dev mode.
 * Nothing else: no {@code ..}, no hidden file or folder, no link anywhere on the way (a link could lead out of them).
 */
final class EditableFiles {
    /** A source's name at the top of the watched folder: a Java class name and {@code .java}. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*\\.java");
    static final String DEV = "dev:";
    private static final int MAX_LISTED = 2000;
    private static final String GIVE = "give a source's name, such as Wave.java (a class name, not a Java keyword, and"
            + " .java), or a file of a source folder or of a module in dev mode, such as shapes/shapes/api/Shape.java"
            + " or dev:counter/src/main/java/example/counter/CounterImpl.java (nothing hidden, no ..)";

    private final Path watched;
    /** Module name -> its folder, for the modules in dev mode. */
    private final Map<String, Path> modules = new LinkedHashMap<>();

    EditableFiles(Path watched, String devModules) {
        this.watched = watched;
        if (devModules != null) {
            for (String m : devModules.split(Pattern.quote(File.pathSeparator))) {
                if (!m.isBlank()) {
                    Path p = Path.of(m.trim()).toAbsolutePath().normalize();
                    modules.putIfAbsent(p.getFileName().toString(), p);
                }
            }
        }
    }

    Path watched() {
        return watched;
    }

    /** The file a name means; throws with the line to answer when the name is not one the editor offers. */
    Path resolve(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("file: missing: " + GIVE);
        }
        boolean dev = name.startsWith(DEV);
        String path = dev ? name.substring(DEV.length()) : name;
        String[] parts = path.split("/", -1);
        for (String p : parts) {
            if (p.isEmpty() || p.equals(".") || p.equals("..") || p.startsWith(".") || p.contains("\\") || p.indexOf(0) >= 0
                    || p.endsWith("~") || p.startsWith("#")) {
                throw new IllegalArgumentException("file: '" + name + "': " + GIVE);
            }
        }
        String last = parts[parts.length - 1];
        if (last.endsWith(".java") && (!NAME.matcher(last).matches()
                || !SourceVersion.isName(last.substring(0, last.length() - ".java".length())))) {
            throw new IllegalArgumentException("file: '" + name + "': " + GIVE);
        }
        Path root;
        int from;
        if (dev) {
            root = modules.get(parts[0]);
            if (root == null || parts.length < 5 || !parts[1].equals("src") || !parts[2].equals("main")
                    || !(parts[3].equals("java") || parts[3].equals("resources"))) {
                throw new IllegalArgumentException("file: '" + name + "': not a file of a module in dev mode"
                        + " (dev:MODULE/src/main/java/... or dev:MODULE/src/main/resources/...)");
            }
            from = 1;
        } else if (parts.length == 1) {
            if (!last.endsWith(".java")) {
                throw new IllegalArgumentException("file: '" + name + "': " + GIVE);
            }
            root = watched;
            from = 0;
        } else {
            root = watched.resolve(parts[0]);
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(parts[0] + ": no such source folder in " + watched);
            }
            from = 1;
        }
        Path file = root;
        for (int i = from; i < parts.length; i++) {
            if (Files.isSymbolicLink(file)) {
                throw new IllegalArgumentException(name + ": is a link; the editor opens only files of the watched folder"
                        + " and of the modules in dev mode themselves");
            }
            file = file.resolve(parts[i]);
        }
        return file;
    }

    /** Every file the editor offers: the watched folder's sources, the source folders' files, the modules'. */
    List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        List<Path> top;
        try (Stream<Path> all = Files.list(watched)) {
            top = all.sorted().toList();
        }
        for (Path p : top) {
            String n = p.getFileName().toString();
            if (NAME.matcher(n).matches() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                names.add(n);
            }
        }
        for (Path p : top) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !p.getFileName().toString().startsWith(".")
                    && !Files.exists(p.resolve("META-INF/MANIFEST.MF"))) {
                List<String> files = walk(p, p.getFileName() + "/");
                if (files.stream().anyMatch(f -> f.endsWith(".java"))) {
                    names.addAll(files);
                }
            }
        }
        for (Map.Entry<String, Path> m : modules.entrySet()) {
            for (String sub : List.of("src/main/java", "src/main/resources")) {
                names.addAll(walk(m.getValue().resolve(sub), DEV + m.getKey() + "/" + sub + "/"));
            }
        }
        return names;
    }

    private static List<String> walk(Path dir, String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return names;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return d.equals(dir) || !d.getFileName().toString().startsWith(".") ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                String n = f.getFileName().toString();
                if (attrs.isRegularFile() && !n.startsWith(".") && !n.startsWith("#") && !n.endsWith("~") && !n.endsWith(".tmp")) {
                    names.add(prefix + dir.relativize(f).toString().replace('\\', '/'));
                }
                return names.size() >= MAX_LISTED ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        names.sort(null);
        return names;
    }
}
