package dev.doitlive.runtime.refresh;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.runtime.report.Failures;

/**
 * Refreshables whose own bundle cannot resolve any more, because something it imports is gone (its API bundle was
 * deleted): putting the live version's bytes back would not help, since they need it too. Such a refreshable waits:
 * one line says for which packages, its proxy keeps serving the last instance (its classes are loaded), nothing is
 * retried on a timer; when a bundle is installed or resolved anywhere, the waiting bundles are tried once more, and
 * the one that resolves starts and comes back as a new arrival. A new version that comes meanwhile and needs what is
 * gone too waits in the live version's place (its bundle holds it), and is the one that goes live when it is back.
 * Swap thread only, but for {@link #anyWaiting}.
 */
final class Waiting {
    private static final Pattern PACKAGE = Pattern.compile("osgi\\.wiring\\.package=([\\w.$]+)");
    /** Framework events come in bursts (a FileInstall scan): the waiting bundles are tried once after the burst. */
    private static final long RETRY_AFTER_MS = 100;

    private final BundleContext context;
    private final Lifecycle lifecycle;
    private final AtomicBoolean retryQueued = new AtomicBoolean();

    Waiting(BundleContext context, Lifecycle lifecycle) {
        this.context = context;
        this.lifecycle = lifecycle;
    }

    /**
     * Whether a failure to resolve is one to wait out: the bundle holds the live version's own bytes (a restore would
     * put the same ones back) and it is not resolved.
     */
    static boolean isWait(LiveRefreshable live, Bundle bundle, BundleContent content, String cause) {
        return cause.startsWith("does not resolve") && bundle.getState() == Bundle.INSTALLED && content != null
                && content.checksum.equals(live.current.content.checksum);
    }

    /**
     * Whether a new version that does not resolve came while its refreshable waits, for packages no bundle exports:
     * the live version's bytes need what is gone too, so putting them back would only fail; the new one waits instead.
     */
    static boolean isNewWait(LiveRefreshable live, Bundle bundle, BundleContent content, String cause) {
        return live.waitingFor != null && cause.startsWith("does not resolve") && bundle.getState() == Bundle.INSTALLED
                && content != null && !packagesIn(cause).isEmpty();
    }

    /** The packages a resolver's message says are missing, in order. */
    static Set<String> packagesIn(String resolverMessage) {
        Set<String> packages = new LinkedHashSet<>();
        Matcher m = PACKAGE.matcher(resolverMessage);
        while (m.find()) {
            packages.add(m.group(1));
        }
        return packages;
    }

    /** The refreshable waits for what its bundle imports; said once per distinct cause. */
    void enter(LiveRefreshable live, String cause) {
        Set<String> packages = packagesIn(cause);
        String what = packages.isEmpty() ? "what its bundle needs (" + cause + ")" : missing(packages);
        String line = live.name + ": waits for " + what + " - " + live.current.label()
                + " keeps serving the callers that hold it; it comes back by itself when "
                + (packages.size() > 1 ? "they are" : "it is") + " there again";
        waitWith(live, line);
    }

    /**
     * A new version came while the refreshable waits, and waits too ({@link #isNewWait}): its bundle holds it, so it is
     * the one that starts when the packages are back, and goes live then as any new version does, state carried. It is
     * not recorded as failed: nothing of it ran.
     */
    void enterWithNew(LiveRefreshable live, Bundle bundle, String cause) {
        Set<String> packages = packagesIn(cause);
        String next = Version.fileOf(bundle.getLocation()) + " (" + bundle.getVersion() + ")";
        String line = live.name + ": " + next + " waits for " + missing(packages) + " - " + live.current.label()
                + " keeps serving the callers that hold it; " + next + " goes live by itself when "
                + (packages.size() > 1 ? "they are" : "it is") + " there again";
        waitWith(live, line);
    }

    /**
     * "package a.b, which no bundle exports now", or, when some bundle exports it at versions outside the range the
     * waiting bundle imports: "package a.b at the versions its bundle imports (a.b is exported at 2.0.0 now)".
     */
    private String missing(Set<String> packages) {
        Map<String, Set<String>> elsewhere = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            BundleWiring w = b.adapt(BundleWiring.class);
            if (w == null) {
                continue;
            }
            for (BundleCapability c : w.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                Object p = c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
                if (packages.contains(p)) {
                    elsewhere.computeIfAbsent((String) p, x -> new TreeSet<>())
                            .add(String.valueOf(c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)));
                }
            }
        }
        String names = (packages.size() == 1 ? "package " : "packages ") + String.join(", ", packages);
        if (elsewhere.isEmpty()) {
            return names + ", which no bundle exports now";
        }
        List<String> at = new ArrayList<>();
        elsewhere.forEach((p, versions) -> at.add(p + " is exported at " + String.join(", ", versions) + " now"));
        return names + " at the versions its bundle imports (" + String.join("; ", at) + ")";
    }

    /** The refreshable waits, said in {@code line} once per distinct cause; an operation waiting on it ends with it. */
    private void waitWith(LiveRefreshable live, String line) {
        live.updating = false;
        live.restoring = null;
        if (!line.equals(live.waitingFor)) {
            lifecycle.say(line);
            live.error("waiting", line, null);
        }
        live.waitingFor = line;
        live.complete(OutcomeDTO.of(false, line, live.liveSeq()));
    }

    /**
     * The live version's bundle stopped without an update (the framework refreshed it after a bundle it imports went):
     * once it settles unresolved, it waits. Retried for a moment while the framework's refresh is still under way.
     */
    void stopped(LiveRefreshable live, long updatesSeen, long since, String configFile) {
        Bundle b = live.current.bundle;
        if (live.updatesSeen.get() != updatesSeen || !live.updating || live.renamedTo != null) {
            return; // an update (its own watch reports it), a new arrival, or its bundle serves another name now
        }
        if (b.getState() == Bundle.ACTIVE) {
            // The bundle runs on but its component went: its configuration was deleted, or a service it needs is gone.
            live.componentGone = true;
            String why = configFile != null ? "its configuration " + Version.fileOf(configFile) + " was deleted"
                    : "its component was deactivated (a service it requires is gone, or it was disabled)";
            String line = live.name + ": " + why + " - " + live.name + " keeps serving " + live.current.label()
                    + " to the callers that hold it, with its state (detached); it comes back when its component does";
            lifecycle.say(line);
            live.error("component", line, null);
            live.complete(OutcomeDTO.of(false, line, live.liveSeq()));
            return;
        }
        if (b.getState() == Bundle.INSTALLED) {
            lifecycle.framework(() -> { // may wait for a refresh under way, which may wait for the swap thread
                if (wiring().resolveBundles(List.of(b))) {
                    lifecycle.onSwapThread(() -> stoppedAgain(live, updatesSeen, since, configFile));
                    return;
                }
                try {
                    b.start(Bundle.START_TRANSIENT); // throws the resolver's explanation
                } catch (BundleException | IllegalStateException e) {
                    String cause = Failures.once(String.valueOf(e.getMessage()));
                    lifecycle.onSwapThread(() -> {
                        if (live.updatesSeen.get() == updatesSeen && live.updating) {
                            enter(live, "does not resolve: " + cause);
                        }
                    });
                }
            });
            return;
        }
        stoppedAgain(live, updatesSeen, since, configFile);
    }

    /** The bundle has not settled yet: looked at again in a moment, for a while. */
    private void stoppedAgain(LiveRefreshable live, long updatesSeen, long since, String configFile) {
        if (System.currentTimeMillis() - since < 2000) {
            lifecycle.schedule(() -> stopped(live, updatesSeen, since, configFile), 100);
        }
    }

    /** A bundle was installed or resolved: the waiting ones are tried once, after the burst of events settles. */
    void somethingArrived() {
        if (anyWaiting() && retryQueued.compareAndSet(false, true)) {
            lifecycle.schedule(this::retry, RETRY_AFTER_MS);
        }
    }

    private boolean anyWaiting() {
        return lifecycle.refreshables().values().stream().anyMatch(l -> l.waitingFor != null);
    }

    private void retry() {
        retryQueued.set(false);
        for (LiveRefreshable live : lifecycle.refreshables().values()) {
            Bundle b = live.current.bundle;
            if (live.waitingFor == null || b.getState() != Bundle.INSTALLED) {
                continue;
            }
            lifecycle.framework(() -> { // off the swap thread, as in stopped()
                if (wiring().resolveBundles(List.of(b))) {
                    // its arrival brings it back and ends the wait
                    lifecycle.onSwapThread(() -> Starting.start(lifecycle, b,
                            e -> enter(live, "does not start: " + Failures.once(String.valueOf(e.getMessage())))));
                } // else still waiting, quietly
            });
        }
    }

    private FrameworkWiring wiring() {
        return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
    }
}
