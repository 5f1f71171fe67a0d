/**
 * What the runtime's weaving hooks put into a refreshable's classes as they load, and the woven classes import
 * dynamically: what {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} become (ExitGuard), and the
 * check at each loop's next turn that stops a runaway call when asked (RunawayGuard, {@link dev.doitlive.runtime.guard.Runaway}),
 * with the runtime's side of it ({@link dev.doitlive.runtime.guard.RunawayCalls}). Not an API: nothing else should use it.
 */
@Export
@Version("1.1.0")
package dev.doitlive.runtime.guard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
