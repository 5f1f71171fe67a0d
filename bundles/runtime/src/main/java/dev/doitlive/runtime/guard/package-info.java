/**
 * What {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} become in a refreshable's classes: the
 * runtime's weaving hook (ExitGuard) rewrites those calls as the classes load, and the woven
 * classes import this package dynamically. Not an API: nothing else should use it.
 */
@Export
@Version("1.0.0")
package dev.doitlive.runtime.guard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
