package dev.doitlive.runtime.refresh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.report.Failures;

/**
 * The first version of a refreshable to arrive after a start is whatever the framework kept in its cache, and
 * after a crash that is not always the one that should serve: the runtime may have died after the framework took
 * a new version's bytes but before it could fail that version and put the live one back, or while a new version
 * was on probation, which may be what killed it. Before such a version goes live (or once it fails to), Recovery
 * compares it with the history and, when the history knows better, puts the history's version back into the
 * bundle; its arrival then comes back live as usual. Swap thread only.
 */
final class Recovery {
    static final String UNTRUSTED = "on probation when the runtime stopped without a clean exit";

    private final Lifecycle lifecycle;
    private final Path historyRoot;

    Recovery(Lifecycle lifecycle, Path historyRoot) {
        this.lifecycle = lifecycle;
        this.historyRoot = historyRoot;
    }

    /**
     * Whether the first version of {@code name} to arrive must not go live: it is one the history records as failed,
     * or the live one but not through its probation when the runtime died. Then the history's version is put back.
     */
    boolean holdBack(String name, Bundle bundle) {
        History h = history(name);
        BundleContent content = content(bundle);
        History.Entry live = h == null ? null : h.live().orElse(null);
        if (live == null || content == null) {
            return false;
        }
        String file = Version.fileOf(bundle.getLocation());
        if (live.checksum.equals(content.checksum)) {
            if (h.onProbation() != live.seq) {
                return false;
            }
            History.Entry before = h.liveBeforeProbation().or(h::previous).orElse(null);
            if (before == null) {
                h.endProbation(live);
                return false;
            }
            h.makeLive(before, VersionDTO.Status.REVERTED);
            h.end(live, VersionDTO.Status.REVERTED, UNTRUSTED);
            h.endProbation(live);
            h.pruneAndSave();
            putBack(name, bundle, h, before, name + ": " + live + " was " + UNTRUSTED + " - back to " + before
                    + ", the version before it (live:revert --to " + live.seq + " takes it again)");
            return true;
        }
        History.Entry known = h.entries().stream().filter(e -> e.checksum.equals(content.checksum)).reduce((a, b) -> b).orElse(null);
        if (known != null && known.status() == VersionDTO.Status.FAILED && live.revertable()) {
            putBack(name, bundle, h, live, file + ": holds " + known + ", which failed (" + known.reason() + ") - back to " + live
                    + ", live before the restart");
            return true;
        }
        return false;
    }

    /**
     * The first version of {@code name} to arrive failed to come up: when the history has a live version with its
     * bytes (another one), records the failure and puts that one back.
     */
    boolean afterFailedStart(String name, Bundle bundle, String cause) {
        History h = history(name);
        BundleContent content = content(bundle);
        History.Entry live = h == null ? null : h.live().orElse(null);
        if (live == null || content == null || !live.revertable() || live.checksum.equals(content.checksum)) {
            return false;
        }
        History.Entry known = h.entries().stream().filter(e -> e.checksum.equals(content.checksum)).reduce((a, b) -> b).orElse(null);
        if (known == null) {
            h.add(content.jar, content.checksum, bundle.getVersion().toString(), VersionDTO.Status.FAILED, cause);
        } else if (known.status() != VersionDTO.Status.LIVE) {
            h.fail(known, cause);
        }
        h.pruneAndSave();
        putBack(name, bundle, h, live, Version.fileOf(bundle.getLocation()) + ": " + cause + " - back to " + live
                + ", live before the restart");
        return true;
    }

    /** As a task of its own: the thread starting the bundle may hold its lock while it waits for this arrival. */
    private void putBack(String name, Bundle bundle, History h, History.Entry target, String line) {
        lifecycle.say(line);
        lifecycle.orphanError(name, line);
        lifecycle.onSwapThread(() -> {
            Starting.Failed failed = e -> {
                String l = name + ": could not put " + target + " back (" + Failures.describe(e) + ")";
                lifecycle.say(l);
                lifecycle.orphanError(name, l);
            };
            try {
                bundle.update(new ByteArrayInputStream(h.bytes(target)));
            } catch (IOException | BundleException | RuntimeException e) {
                failed.failed(e);
                return;
            }
            Starting.start(lifecycle, bundle, failed);
        });
    }

    private History history(String name) {
        Path dir = historyRoot.resolve(Lifecycle.dirName(name));
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try {
            return History.read(dir, lifecycle.config().historyDepth());
        } catch (IOException | RuntimeException e) {
            return null; // first() opens it again and says what is wrong with it
        }
    }

    private static BundleContent content(Bundle bundle) {
        try {
            return BundleContent.read(bundle);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
