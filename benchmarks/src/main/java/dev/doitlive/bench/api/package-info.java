/**
 * What the benchmark harness shares with the bundles it builds: the service interfaces of the measured
 * refreshables and a recorder their code stamps times into. Exported from the system bundle, like the tests' api.
 */
@Version("1.0.0")
package dev.doitlive.bench.api;

import org.osgi.annotation.versioning.Version;
