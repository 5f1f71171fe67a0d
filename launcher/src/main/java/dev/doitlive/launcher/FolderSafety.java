package dev.doitlive.launcher;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The watched folder is a way to run code: whatever jar lands in it runs in this JVM, and the storage holds the
 * jars the runtime brings back on a revert or a restart. So both are created readable and writable by their
 * owner only, and the runtime refuses a folder (or the parent of one) that anyone may write to, where another
 * user could drop a jar, or replace the folder itself. A parent with the sticky bit (such as /tmp) is fine: others
 * may add entries to it but not rename or remove ours. On a file system without POSIX permissions nothing is
 * checked.
 */
final class FolderSafety {
    static final String ALLOW_OPTION = "--allow-world-writable";
    private static final int STICKY = 01000;

    private FolderSafety() {
    }

    /** Refuses {@code dir} (given as {@code option}) when it or its parent is writable by everyone. */
    static void check(Path dir, String option) throws Options.UsageException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(abs) && worldWritable(abs)) {
            throw refused(option, dir, abs, "it");
        }
        Path parent = abs.getParent();
        if (parent != null && Files.isDirectory(parent) && worldWritable(parent) && !sticky(parent)) {
            throw refused(option, dir, parent, "its parent " + parent);
        }
    }

    /** Creates {@code dir} (and missing parents) readable, writable and searchable by its owner only. */
    static void create(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (!posix()) {
            Files.createDirectories(dir);
            return;
        }
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(dir, ownerOnly);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------")); // whatever the umask said
    }

    private static Options.UsageException refused(String option, Path given, Path writable, String which) {
        return new Options.UsageException(option + " " + given + ": " + which + " is writable by everyone, and any jar put in the"
                + " watched folder runs here; chmod o-w " + writable + ", or pass " + ALLOW_OPTION + " to run anyway");
    }

    private static boolean worldWritable(Path p) {
        try {
            return posix() && Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean sticky(Path p) {
        try {
            return (((Integer) Files.getAttribute(p, "unix:mode")) & STICKY) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return false; // no way to tell: treated as a plain world-writable folder
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
