/**
 * The controls kit: knobs in. OSC over UDP ({@link dev.doitlive.controls.osc}) and MIDI through javax.sound.midi
 * ({@link dev.doitlive.controls.midi}) set fields and call methods of refreshables through the {@code LiveRuntime} service,
 * the code {@code live:set} and {@code live:call} run, and drive the beat clock. Nothing is exported.
 */
package dev.doitlive.controls;
