/**
 * The doitlive api: everything a refreshable bundle imports.
 *
 * <p>Mark a Declarative Services component {@link dev.doitlive.api.Refreshable @Refreshable}; the runtime
 * then hides the raw service, registers a {@code RefreshableProxy} in its place and swaps the proxy's target
 * whenever a new version of the bundle arrives, carrying the instance state across.
 */
@Export
@Version("1.5.0")
package dev.doitlive.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
