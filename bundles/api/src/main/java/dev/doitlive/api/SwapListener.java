package dev.doitlive.api;

/**
 * Whiteboard SPI: told of every swap of every refreshable, at the moment it happens: a new version, a revert, a
 * restore. Register an implementation as an OSGi service (any bundle). A caller that must know which version served
 * each of its calls (the audio engine, which renders a block's replaced version once more beside the new one to
 * crossfade them) learns it here.
 *
 * <p>Called on the runtime's swap thread while the proxy's gate is closed: every call the replaced version was
 * serving has returned, the state is carried into the new instance ({@code postRefresh} has run), and no call reaches
 * the new instance before this returns. So whatever the listener publishes here is seen by every call the new version
 * serves. Callers wait at the gate meanwhile: return at once, never block, never call the refreshable. What it throws
 * is dropped. A new proxy that takes over when the service interfaces themselves change (a new revision of their API
 * bundle) is no swap of this proxy: a listener is not called for it.
 */
@FunctionalInterface
public interface SwapListener {
    void swapping(SwapEvent swap);
}
