/**
 * The audio kit's api: a refreshable {@link dev.doitlive.api.audio.AudioBlock} renders one buffer of samples at a
 * time; the audio engine calls every block once a buffer, through its proxy, in the order their
 * {@link dev.doitlive.api.audio.Block#inputs() inputs} give, and plays the blocks no other block takes as input. MIDI
 * input and {@code live:note} tell every {@link dev.doitlive.api.audio.NoteListener} of the notes played; the
 * engine hands them to the blocks in their {@link dev.doitlive.api.audio.AudioContext}.
 */
@Export
@Version("1.1.0")
package dev.doitlive.api.audio;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
