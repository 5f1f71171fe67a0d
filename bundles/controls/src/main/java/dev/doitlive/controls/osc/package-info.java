/** OSC in: a UDP port on loopback, its packets decoded by hand ({@link dev.doitlive.controls.osc.OscCodec}) and routed. */
package dev.doitlive.controls.osc;
