package dev.doitlive.api;

import org.osgi.dto.DTO;

/** One refreshable as the runtime sees it. */
public class RefreshableDTO extends DTO {
    /** Health of a refreshable. */
    public enum Status {
        /** The live version is on probation: a failure reverts it. */
        PROBATION,
        /** The live version passed probation. */
        OK,
        /**
         * The last attempt to bring a version in failed (it did not come up, or its live source does not compile); the
         * previous version is live. {@link #lastError} says why.
         */
        FAILED,
        /** A new version is being brought in; the live version serves meanwhile. */
        UPDATING,
        /** The bundle is gone (uninstalled or stopped); the last instance keeps serving callers. */
        DETACHED,
        /**
         * Its bundle cannot resolve: a package it imports is gone (its API bundle was deleted). The last instance keeps
         * serving; it comes back by itself when a bundle exports the package again. {@link #lastError} says what it waits for.
         */
        WAITING,
        /** The live version's last call failed, and no call has got through since (after probation, its error policy applies). */
        FAILING
    }

    public String name;
    public String[] interfaces;
    public long bundleId;
    public String symbolicName;
    /** The bundle's location, usually the file in the watched folder. */
    public String location;
    public long liveSeq;
    public String liveBundleVersion;
    /** Versions kept in history, not counting the live one. */
    public int historyDepth;
    public Status status;
    public long calls;
    /**
     * Calls through its proxy that failed (threw an unchecked exception), its loops' steps included. Its other problems
     * (a live source that does not compile, a version that did not come up, a slow step) are in {@code live:errors}
     * and {@link #lastError}, not counted here.
     */
    public long errors;
    /**
     * How long callers were held at the last swap: the proxy's gate closed, from waiting for the calls in flight to
     * finish until the state was carried and the new version serves. 0 before the first swap.
     */
    public long lastHoldNanos;
    /** The longest such hold since the runtime started. */
    public long longestHoldNanos;
    /** The last failure's one-line message, or null. */
    public String lastError;
    /** Where its new versions land now ({@code @Refreshable(at)}, or {@code live:at}). */
    public Boundary at;
    /** The version prepared and held for its boundary, or 0. */
    public long heldSeq;
    /** The held version's bundle version, or null. */
    public String heldBundleVersion;
    /** Where the held version lands; null while it waits for the other refreshables of a shared bundle's change. */
    public Boundary heldAt;
    /** In how many milliseconds it lands, at the tempo now (0 when nothing is held). */
    public long heldLandsInMillis;
}
