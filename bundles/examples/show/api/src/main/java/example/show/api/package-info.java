/**
 * The light show's API: {@link example.show.api.Pattern} (one frame of RGB pixels), the {@link
 * example.show.api.Controls} every pattern gets, and {@link example.show.api.Colors} to pack pixels.
 */
@Export
@Version("1.1.0")
package example.show.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
