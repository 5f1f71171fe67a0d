@Export
@Version("1.0.0")
package example.counter.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
