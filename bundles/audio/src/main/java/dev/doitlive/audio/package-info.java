/**
 * The audio kit: the {@link dev.doitlive.audio.Engine} (the graph of refreshable blocks, its configuration, the swaps it
 * crossfades, the notes it takes), the real-time rendering ({@code dev.doitlive.audio.render}) and the outputs it plays
 * into ({@code dev.doitlive.audio.out}). Private: what others use is {@code dev.doitlive.api.audio}.
 */
package dev.doitlive.audio;
