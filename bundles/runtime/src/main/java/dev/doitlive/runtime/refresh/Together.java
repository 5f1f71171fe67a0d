package dev.doitlive.runtime.refresh;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.doitlive.runtime.report.Failures;

/**
 * A group that landed together ({@link Group}), kept on each member's version while they are on probation: what the
 * shared bundle held before its change, so that one member failing on probation takes the whole group back, all or
 * none. Its {@link #back} is set once that is under way.
 */
final class Together {
    final Bundle shared;
    final String file;
    final BundleContent before;
    /** The shared bundle's update that opened the group: a later one makes this record stale. */
    final long generation;
    final Set<String> members;
    /** The group's way back, once a member failed on probation: true when it landed. Swap thread. */
    CompletableFuture<Boolean> back;

    Together(Bundle shared, String file, BundleContent before, long generation, Set<String> members) {
        this.shared = shared;
        this.file = file;
        this.before = before;
        this.generation = generation;
        this.members = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(members)); // named in order in lines
    }

    /**
     * Puts bytes back into bundles as one step, off the swap thread ({@link Lifecycle#framework}: a refresh under way
     * may hold the bundles' locks while it waits for the swap thread): every bundle is stopped for now, updated, then
     * all are refreshed by one {@link FrameworkWiring#refreshBundles}, so that no importer is wired to the failed shared
     * revision, and started, the shared one first. The importers left as they are come back with the refresh. What
     * cannot be put back is said in one line.
     *
     * @param updates each bundle and its bytes, the shared one first
     * @param couldNot run on the swap thread when a bundle could not be updated: the group does not go back whole
     */
    static void install(Lifecycle lifecycle, String file, Map<Bundle, byte[]> updates, Runnable couldNot) {
        lifecycle.framework(() -> {
            List<String> problems = new ArrayList<>();
            for (Bundle b : updates.keySet()) {
                try {
                    if (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING) {
                        b.stop(Bundle.STOP_TRANSIENT); // started again below, after the refresh
                    }
                } catch (BundleException | IllegalStateException e) {
                    problems.add(Version.fileOf(b.getLocation()) + " does not stop (" + Failures.describe(e) + ")");
                }
            }
            for (Map.Entry<Bundle, byte[]> u : updates.entrySet()) {
                try {
                    u.getKey().update(new ByteArrayInputStream(u.getValue()));
                } catch (BundleException | IllegalStateException e) {
                    problems.add(Version.fileOf(u.getKey().getLocation()) + " cannot be updated (" + Failures.describe(e) + ")");
                }
            }
            if (!problems.isEmpty()) {
                lifecycle.say(file + ": its group cannot go back whole: " + String.join("; ", problems));
                lifecycle.onSwapThread(couldNot);
            }
            FrameworkWiring wiring = lifecycle.context().getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
            wiring.refreshBundles(new ArrayList<>(updates.keySet()), event -> {
                if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                    lifecycle.framework(() -> updates.keySet().forEach(b -> Starting.startOffSwapThread(lifecycle, b,
                            e -> lifecycle.say(Version.fileOf(b.getLocation()) + ": does not start again after its group went back: "
                                    + Failures.inWords(Failures.describe(e))))));
                }
            });
        });
    }
}
