/** MIDI in: every input device the JDK lists, mapping files, learn, and MIDI clock to the beat clock. */
package dev.doitlive.controls.midi;
