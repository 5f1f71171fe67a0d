/**
 * The beat kit's api: the show's tempo and phase ({@link dev.doitlive.api.beat.BeatClock}). A pattern or a loop imports
 * it only when it follows the beat.
 */
@Export
@Version("1.0.0")
package dev.doitlive.api.beat;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
