/**
 * The protocols' packets, encoded by hand: no well-kept Java library for E1.31, Art-Net, OPC or DDP was found among
 * the Maven Central packages this project may use, and each encoder is a header and a copy. Each is checked in its
 * unit test against its specification's byte layout, and against a real receiver (olad) in the launcher's tests.
 */
package dev.doitlive.pixels.wire;
