/**
 * Rendering on the audio thread: the {@link dev.doitlive.audio.render.Player} renders each buffer through the
 * {@link dev.doitlive.audio.render.Graph}'s nodes in order, crossfades a swapped block with its replaced version, checks
 * every block's samples, mixes and limits. Nothing here allocates, locks or loads a class in steady state: graphs,
 * buffers and handovers are made on other threads and published through volatile fields.
 */
package dev.doitlive.audio.render;
