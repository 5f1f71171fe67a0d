package dev.doitlive.runtime.refresh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;

import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.runtime.history.History;

/**
 * {@code live:forget}: the end of a refreshable whose file is gone. A detached refreshable keeps its last instance,
 * its saved state and its history for a new file of it; after a restart only the history and the state are kept, on
 * disk. Forgetting drops all of it for good, so that a new file of that name starts afresh at seq 1. A refreshable
 * whose bundle is still installed is refused: its file goes first.
 */
final class Forget {
    private final Lifecycle lifecycle;
    private final DurableState state;
    private final Path historyRoot;

    Forget(Lifecycle lifecycle, DurableState state, Path historyRoot) {
        this.lifecycle = lifecycle;
        this.state = state;
        this.historyRoot = historyRoot;
    }

    /** Forgets {@code name}; returns the line that says what went. */
    String forget(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a refreshable name is required");
        }
        Path dir = historyRoot.resolve(Lifecycle.dirName(name));
        Dropped d = lifecycle.call(() -> drop(name, dir));
        lifecycle.journal().flush(); // its history's last writes, before it is read and deleted here
        int versions = d.versions() >= 0 ? d.versions() : versions(dir);
        // After the save in progress, if any: it may hold this refreshable's state, taken before it was dropped.
        state.forget(name, () -> delete(dir));
        return name + " forgotten: its state and its history (" + versions + (versions == 1 ? " version" : " versions")
                + ") are dropped; a new " + (d.file() == null ? "file of it" : d.file()) + " starts afresh";
    }

    /** The file a dropped refreshable came from and the versions its history held; null and -1 when only its files were kept. */
    private record Dropped(String file, int versions) {
    }

    /**
     * On the swap thread: no longer a refreshable of the runtime; its proxy's service (still registered when its file
     * was not deleted but cut short) goes.
     */
    private Dropped drop(String name, Path dir) {
        LiveRefreshable live = lifecycle.refreshables().get(name);
        if (live == null) {
            if (!Files.isDirectory(dir)) {
                lifecycle.commands().require(name); // says which names there are
            }
            return new Dropped(null, -1);
        }
        Version v = live.current;
        if (v.bundle.getState() != Bundle.UNINSTALLED && live.renamedTo == null) {
            String is = live.status() == RefreshableDTO.Status.DETACHED
                    ? "detached but its bundle " + v.bundle.getSymbolicName() + " is still installed" : "live";
            throw new IllegalArgumentException(name + " is " + is + " (from " + v.file() + "): delete " + v.file()
                    + " first; live:forget drops only a refreshable whose file is gone");
        }
        lifecycle.refreshables().remove(name);
        Proxies.withdraw(live);
        live.complete(OutcomeDTO.of(false, name + " was forgotten (live:forget)", live.liveSeq()));
        lifecycle.files().forgotten(name);
        return new Dropped(v.file(), live.history.entries().size());
    }

    private int versions(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try {
            return History.read(dir, lifecycle.config().historyDepth()).entries().size();
        } catch (IOException | RuntimeException e) {
            return 0; // unreadable: it goes all the same
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
