/**
 * The pixels kit: frames out to LED controllers. {@link dev.doitlive.pixels.Outputs} turns each
 * {@code dev.doitlive.output-NAME.cfg} into a {@link dev.doitlive.api.pixels.PixelOutput} service whose sender thread
 * speaks E1.31/sACN, Art-Net, Open Pixel Control or DDP ({@code dev.doitlive.pixels.wire}); sending
 * ({@code dev.doitlive.pixels.send}) never blocks the show's loop. Private: nothing here is exported.
 */
package dev.doitlive.pixels;
