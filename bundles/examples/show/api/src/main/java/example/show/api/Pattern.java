package example.show.api;

/**
 * A light pattern: draws one frame of an LED strip. Patterns are refreshable services; the show blends every
 * pattern it finds, each at its own level.
 *
 * <p>One caller (the show's loop) renders a pattern once per frame, with {@code t} going up, so a pattern may
 * keep state between frames: a phase, a position. Advance it by the time since the last frame, not by a fixed
 * amount per frame, so that the look does not depend on the frame rate.
 */
@FunctionalInterface
public interface Pattern {
    /**
     * Draws the frame at time {@code t}.
     *
     * @param t        seconds since the show started
     * @param controls the show's knobs
     * @param rgb      the frame, one pixel per element as {@code 0xRRGGBB} (see {@link Colors}); it holds black
     *                 when the call starts, its length is the strip's length. Fill it; do not keep it.
     */
    void render(double t, Controls controls, int[] rgb);
}
