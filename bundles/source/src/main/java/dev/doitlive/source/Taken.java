package dev.doitlive.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The text of each source file as it was last built into its bundle, by digest, kept across restarts in the source
 * bundle's data area. A file whose text is the one last taken has not changed, whatever version its bundle holds
 * now: after a revert, or after a crash put an older version back, the runtime's choice stands at the next start, as
 * it does for a jar (FileInstall, too, takes a jar again only when the file changed).
 */
final class Taken {
    private final Path store;
    private final Properties digests = new Properties();

    Taken(Path store) {
        this.store = store;
        if (store != null && Files.isRegularFile(store)) {
            try (InputStream in = Files.newInputStream(store)) {
                digests.load(in);
            } catch (IOException | IllegalArgumentException e) {
                digests.clear(); // unreadable: every file is taken again, as before there was a record
            }
        }
    }

    /** Whether the file's text is the one last built into its bundle. */
    synchronized boolean unchanged(Path file, String digest) {
        return digest.equals(digests.getProperty(file.toString()));
    }

    /** The file's text went into its bundle. */
    synchronized void took(Path file, String digest) {
        if (digest.equals(digests.setProperty(file.toString(), digest))) {
            return;
        }
        save();
    }

    synchronized void forget(Path file) {
        if (digests.remove(file.toString()) != null) {
            save();
        }
    }

    private void save() {
        if (store == null) {
            return;
        }
        Path tmp = store.resolveSibling(store.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            digests.store(out, "source file -> digest of the text last built into its bundle");
        } catch (IOException e) {
            return; // not kept: the next start builds the file again, as before
        }
        try {
            Files.move(tmp, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // as above
        }
    }
}
