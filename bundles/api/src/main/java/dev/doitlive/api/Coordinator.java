package dev.doitlive.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides when this runtime's new versions land, for a stage of several runtimes (the cluster bundle registers one
 * while it is configured). With a coordinator registered, a new version of a live refreshable that arrives here (a
 * dropped jar, a saved source, {@code live:refresh}, {@code live:revert}) is prepared and held, not live, and handed to
 * {@link #held}; the coordinator then lands it with {@link LiveRuntime#land} or drops it with {@link LiveRuntime#drop}.
 * A held version it decides nothing about within a minute never lands. Restores and a revert after a failure on
 * probation land at once, as without a coordinator, and are told to {@link #reverted} afterwards.
 *
 * <p>Each method is called on a thread of the runtime that nothing else waits on; it must not throw.
 */
@ConsumerType
public interface Coordinator {
    /**
     * A new version of {@code name} arrived here and is held.
     *
     * @param jar    its bytes, what {@link LiveRuntime#prepare} takes on another runtime
     * @param reason null for a new version; for a revert, why the live version goes ("reverted by hand")
     */
    void held(String name, byte[] jar, String reason);

    /** {@code name} went back to an older version by itself (a failure on probation): {@code jar} is live here now. */
    default void reverted(String name, byte[] jar, String reason) {
    }

    /** {@code live:purge} here dropped the history of {@code name} (null: of every refreshable); on the caller's thread. */
    default void purged(String name) {
    }
}
