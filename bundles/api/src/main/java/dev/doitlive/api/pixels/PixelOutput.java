package dev.doitlive.api.pixels;

/**
 * Whiteboard SPI: where a show's frames go besides its own outputs (the web page's strip view; LED controllers).
 * Register an implementation as an OSGi service; a show writes each frame it draws to every one there is.
 *
 * <p>Called on the show's loop thread, once a frame: return at once, never block, never throw. The array is the
 * show's own and is reused for the next frame: copy what is kept.
 */
public interface PixelOutput {
    /**
     * One frame.
     *
     * @param strip  which strip it is (the show's refreshable name)
     * @param rgb    the pixels, {@code 0xRRGGBB} each
     * @param length how many of {@code rgb} are pixels of this frame
     */
    void frame(String strip, int[] rgb, int length);
}
