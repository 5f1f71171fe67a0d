package dev.doitlive.audio.render;

import dev.doitlive.api.SwapEvent;
import dev.doitlive.api.audio.AudioBlock;

/**
 * A swap of a block that the audio thread has yet to take: the version that rendered until then, to be rendered once
 * more beside the new one and faded out, and the runtime's event, which tells which version served a call made across
 * the swap. Made on the swap thread, handed over through {@link BlockState#offer}.
 *
 * @param from   the replaced version, on its own copy of its state; null when there is nothing to fade from (it failed)
 * @param event  the swap
 */
record Handover(AudioBlock from, SwapEvent event) {
    /** Whether a call that returned after this swap was served by the new version (the engine is the block's only caller). */
    boolean servedByNext() {
        return event.served() > event.servedBefore();
    }

    /**
     * Two swaps before the audio thread took the first: the version it heard last is still the first one's replaced
     * version; which version served a call is told by the later swap.
     */
    Handover then(Handover later) {
        return new Handover(from, later.event);
    }
}
