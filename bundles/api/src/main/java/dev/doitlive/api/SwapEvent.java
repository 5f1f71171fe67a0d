package dev.doitlive.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One swap, as a {@link SwapListener} is told of it. Instances are the refreshable's raw objects, not its proxy: a
 * listener may keep the replaced one for as long as it needs it (keeping it keeps its bundle revision's classes), and
 * must never call the new one before the swap is over.
 */
@ProviderType
public interface SwapEvent {
    /** The refreshable's name. */
    String name();

    /** The instance that served until now, with its state as the new one took it over. */
    Object replaced();

    /** The instance that serves from the next call on. */
    Object next();

    /** Whether the replaced version is going because a call of it failed (an automatic revert, on probation or not). */
    boolean failed();

    /** The calls the proxy had served (every version's, every caller's) when its gate closed for this swap. */
    long servedBefore();

    /**
     * The calls the proxy has served now, on any thread, without a lock or an allocation. A caller that is the only one
     * to call the refreshable tells which version served its last call by reading this after it returned: at most
     * {@link #servedBefore()}, the replaced one; more, the new one.
     */
    long served();
}
