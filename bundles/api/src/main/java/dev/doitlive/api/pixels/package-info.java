/**
 * The pixels kit's api: where a show's frames go. A show imports it only when it writes frames out; the outputs
 * (the web page's strip view, LED controllers) implement {@link dev.doitlive.api.pixels.PixelOutput}.
 */
@Export
@Version("1.0.0")
package dev.doitlive.api.pixels;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
