/**
 * Live source: a {@code .java} file saved in the watched folder becomes a bundle. FileInstall finds the file and
 * hands it to {@link dev.doitlive.source.SourceInstaller} (its {@code ArtifactInstaller} SPI); javac compiles it in
 * process against what the running framework exports; bndlib makes the bundle, with the same annotations as a
 * Maven build. From there it is an ordinary refreshable bundle: the runtime swaps it, keeps its state and history.
 */
package dev.doitlive.source;
