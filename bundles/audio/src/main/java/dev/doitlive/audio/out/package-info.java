/**
 * Where the mix goes: a sound device ({@link dev.doitlive.audio.out.DeviceSink}), or a sink that keeps real-time pace
 * without one ({@link dev.doitlive.audio.out.PacedSink}) and writes a WAV file ({@link dev.doitlive.audio.out.WavWriter},
 * on a thread of its own) or discards.
 */
package dev.doitlive.audio.out;
