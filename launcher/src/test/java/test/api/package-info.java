/**
 * Service interfaces the integration tests' generated bundles implement. The tests export this package from
 * the system bundle ({@code test.api;version=1.0.0}), so a generated bundle and the test see the same classes.
 */
@Export
@Version("1.0.0")
package test.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
