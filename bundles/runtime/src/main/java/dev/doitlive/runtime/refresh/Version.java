package dev.doitlive.runtime.refresh;

import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.settings.Settings;
import dev.doitlive.runtime.transfer.ClassModel;

/** One version of a refreshable loaded in this runtime: its bundle revision's instance and what the transfer needs. */
public final class Version {
    final Bundle bundle;
    final String bundleVersion;
    final String location;
    final ServiceReference<?> ref;
    final Object instance;
    final ClassModel model;
    final BundleContent content;
    final Settings settings;
    final Set<String> injectedFields;
    /** The bundle's revision this version came in: a later update of the bundle is another one. */
    final org.osgi.framework.wiring.BundleRevision revision;

    /** Set when the version goes live. */
    volatile History.Entry entry;
    /** The version live before this one went live: where an automatic revert goes back to. */
    volatile History.Entry before;
    /**
     * While this version is on probation: the version it replaced, as it was at the swap, and the fields of it that
     * this one never really had ({@link dev.doitlive.runtime.transfer.StateTransfer.Result#untaken}). Going back to
     * it gives those back as they were, so a failed candidate cannot poison the state. Null once probation is over,
     * so that the replaced version's classes can go.
     */
    volatile Version cameFrom;
    volatile Set<String> untaken = Set.of();
    /** Set when it landed with its {@link Group}: while on probation, a failing call takes the whole group back. */
    volatile Together together;
    /** Why this version is being reverted by itself (a failing call), once it is. */
    volatile String failure;
    private volatile long liveSince;
    private volatile long callsAtStart;

    Version(Bundle bundle, ServiceReference<?> ref, Object instance, ClassModel model, BundleContent content, Settings settings,
            Set<String> injectedFields) {
        this.bundle = bundle;
        this.bundleVersion = bundle.getVersion().toString();
        this.location = bundle.getLocation();
        this.ref = ref;
        this.instance = instance;
        this.model = model;
        this.content = content;
        this.settings = settings;
        this.injectedFields = injectedFields;
        this.revision = bundle.adapt(org.osgi.framework.wiring.BundleRevision.class);
    }

    /** Whether its bundle still runs this version's code: not updated (another revision) nor uninstalled since. */
    boolean inItsBundle() {
        return bundle.getState() != Bundle.UNINSTALLED && bundle.adapt(org.osgi.framework.wiring.BundleRevision.class) == revision;
    }

    void wentLive(long callsNow) {
        this.callsAtStart = callsNow;
        this.liveSince = System.nanoTime();
    }

    /** On probation while it has served fewer than the probation calls or for less than the probation time. */
    /**
     * Whether a call that failed did so on probation: the proxy counted it as it ended, before the failure was
     * handled, but it was not served; a caller's {@code callFailed} without a call counts nothing.
     */
    boolean inProbationAtFailure(long callsNow) {
        return inProbation(Math.max(callsAtStart, callsNow - 1));
    }

    boolean inProbation(long callsNow) {
        return callsNow - callsAtStart < settings.probationCalls()
                || System.nanoTime() - liveSince < settings.probationMillis() * 1_000_000L;
    }

    public Bundle bundle() {
        return bundle;
    }

    /** The bundle's location: {@code file:/...} of its file in the watched folder, or {@code doitlive-source:file:/...}. */
    public String location() {
        return location;
    }

    /** The file name of the bundle's location, for messages. */
    public String file() {
        return fileOf(location);
    }

    public static String fileOf(String location) {
        if (location == null) {
            return "?";
        }
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\'));
        return slash < 0 ? location : location.substring(slash + 1);
    }

    /** Whether the file of a bundle location ({@code file:/...}, or a source's {@code doitlive-source:file:/...}) is gone. */
    static boolean fileGone(String location) {
        int file = location == null ? -1 : location.indexOf("file:");
        try {
            return file >= 0 && !java.nio.file.Files.exists(java.nio.file.Path.of(java.net.URI.create(location.substring(file))));
        } catch (RuntimeException e) {
            return false; // not a file's location
        }
    }

    public String label() {
        return "seq " + (entry == null ? "?" : entry.seq) + " (" + bundleVersion + ")";
    }
}
