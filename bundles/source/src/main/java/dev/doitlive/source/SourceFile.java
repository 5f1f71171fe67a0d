package dev.doitlive.source;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.lang.model.SourceVersion;

/**
 * One saved {@code .java} file as read at one moment: its text, and the size and time it had, so that a file
 * still being written can be told from a broken one.
 */
final class SourceFile {
    /** Bundle locations of sources: this scheme before the file's URI; the URL handler of this bundle opens them. */
    static final String SCHEME = "doitlive-source";

    final Path path;
    final String fileName;
    final String className;
    final String text;
    /** SHA-256 of the text: the same source gives the same bundle, so it need not be built again. */
    final String digest;
    /** The file's size and time when it was read; null for a source held in memory. */
    final Stamp stamp;

    private SourceFile(Path path, String text, Stamp stamp) {
        this.path = path;
        this.fileName = path.getFileName().toString();
        this.className = fileName.substring(0, fileName.length() - ".java".length());
        this.text = text;
        this.digest = sha256(text);
        this.stamp = stamp;
    }

    /**
     * Whether the file looks like a source a user saved: {@code *.java}, not an editor's hidden or lock file
     * ({@code .Foo.java.swp}, {@code .#Foo.java}, {@code #Foo.java#} do not end in .java or start with . or #).
     */
    static boolean isSource(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".java") && name.length() > ".java".length()
                && !name.startsWith(".") && !name.startsWith("#") && !Files.isDirectory(file);
    }

    /** A source held in memory (the warm-up's), as if read from {@code path}. */
    static SourceFile of(Path path, String text) {
        return new SourceFile(path, text, null);
    }

    static SourceFile read(Path path) throws SourceProblem {
        String name = path.getFileName().toString();
        String base = name.substring(0, name.length() - ".java".length());
        if (!SourceVersion.isIdentifier(base) || SourceVersion.isKeyword(base)) {
            throw new SourceProblem(name + ": a source file is named after its class, and '" + base
                    + "' is not a Java class name");
        }
        Stamp stamp = Stamp.of(path); // before the bytes: a write in between shows as a change
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
            if (stamp == null) {
                throw new NoSuchFileException(path.toString());
            }
            return new SourceFile(path, text, stamp);
        } catch (CharacterCodingException e) {
            throw new SourceProblem(name + ": not UTF-8 text; save it as UTF-8");
        } catch (NoSuchFileException e) {
            throw new SourceProblem(name + ": gone before it could be read");
        } catch (IOException e) {
            throw new SourceProblem(name + ": cannot be read: " + e.getMessage());
        }
    }

    /** True when the file is no longer what was read: an editor or a copy is still writing it. */
    boolean changedSince() {
        return stamp == null || !stamp.equals(Stamp.of(path));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bundle location of a source file: {@code doitlive-source:file:/…/Name.java}. */
    static String location(Path file) {
        String uri = file.toAbsolutePath().normalize().toUri().toString();
        // A folder's URI ends with '/': without it, the location's last segment names the folder, as a file's names it.
        return SCHEME + ":" + (uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
    }

    /** The file a source bundle location names. */
    static Path fromLocation(String location) {
        if (!location.startsWith(SCHEME + ":")) {
            throw new IllegalArgumentException("not a source location: " + location);
        }
        return Path.of(URI.create(location.substring(SCHEME.length() + 1)));
    }
}
