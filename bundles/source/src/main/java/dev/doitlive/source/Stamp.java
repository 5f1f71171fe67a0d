package dev.doitlive.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file's size and modification time at one moment. Two equal stamps mean nobody wrote the file in between; a
 * stamp old enough means the writer is done: an editor saving in place or a slow copy leaves the file short, and
 * a stall in its writing looks like a broken file unless the file is given a quiet period first.
 */
record Stamp(long size, long modifiedMillis) {
    /** The file's stamp now, or null when it cannot be read (gone: FileInstall tells the deletion next). */
    static Stamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.size(), a.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Milliseconds left until the file has been quiet for {@code quietMillis}, counted from its modification time,
     * so the time FileInstall and the compiler took counts too. Never more than {@code quietMillis}: a file stamped
     * ahead of this machine's clock (a network drive) waits one period, not until its stamp.
     */
    long untilQuiet(long quietMillis, long nowMillis) {
        return Math.max(0, Math.min(quietMillis, modifiedMillis + quietMillis - nowMillis));
    }
}
