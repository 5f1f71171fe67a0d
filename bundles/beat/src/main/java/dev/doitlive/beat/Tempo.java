package dev.doitlive.beat;

/**
 * One immutable state of the beat clock: the beat counted at one instant ({@code epochNanos}, a
 * {@link System#nanoTime()}), the length of a beat from there on, and where bars start. Every read computes from one
 * of these, so a reader sees a tempo change whole or not at all; every change makes a new one that agrees with the old
 * one at the instant of the change (the count never jumps) unless the change is meant to move the phase (a tap, a
 * downbeat, a detected beat), which moves it by at most half a beat, to the nearest whole beat.
 *
 * @param epochNanos   the instant the count is known at
 * @param beatAtEpoch  the beat count at that instant
 * @param nanosPerBeat the length of a beat, in nanoseconds
 * @param beatsPerBar  beats in a bar
 * @param barStart     a beat on which a bar starts (the bars fall every {@code beatsPerBar} beats from it)
 * @param source       who set the tempo (a command, {@code osc}, {@code onset from line-in}, the configuration)
 */
record Tempo(long epochNanos, double beatAtEpoch, double nanosPerBeat, int beatsPerBar, double barStart, String source) {
    static final double NANOS_PER_MINUTE = 60e9;

    static Tempo start(long now, double bpm, int beatsPerBar, String source) {
        return new Tempo(now, 0, NANOS_PER_MINUTE / bpm, beatsPerBar, 0, source);
    }

    double bpm() {
        return NANOS_PER_MINUTE / nanosPerBeat;
    }

    double beatAt(long nanoTime) {
        return beatAtEpoch + (nanoTime - epochNanos) / nanosPerBeat;
    }

    long nanosAt(double beat) {
        return epochNanos + Math.round((beat - beatAtEpoch) * nanosPerBeat);
    }

    /** How far into its bar a beat count is, 0 to just below 1. */
    double barPhaseOf(double beat) {
        double bars = (beat - barStart) / beatsPerBar;
        return bars - Math.floor(bars);
    }

    /** A new tempo from {@code now} on; the beat at {@code now} stays what it was. */
    Tempo withBpm(long now, double bpm, String by) {
        return new Tempo(now, beatAt(now), NANOS_PER_MINUTE / bpm, beatsPerBar, barStart, by);
    }

    /**
     * A beat falls at {@code beatNanos} (a tap, a detected beat), at {@code bpm} from there on: the count moves to the
     * nearest whole beat there, by at most half a beat; the bars stay on the same beats.
     */
    Tempo onBeat(long beatNanos, double bpm, String by) {
        return new Tempo(beatNanos, Math.rint(beatAt(beatNanos)), NANOS_PER_MINUTE / bpm, beatsPerBar, barStart, by);
    }

    /** The bar starts at {@code now}: the nearest whole beat is put there and is the first of a bar. */
    Tempo downbeat(long now) {
        double beat = Math.rint(beatAt(now));
        return new Tempo(now, beat, nanosPerBeat, beatsPerBar, beat, source);
    }

    /** {@code beats} in a bar from now on, the bar starting on the current beat (the whole beat now or just gone). */
    Tempo withBeatsPerBar(long now, int beats) {
        return new Tempo(epochNanos, beatAtEpoch, nanosPerBeat, beats, Math.floor(beatAt(now)), source);
    }

    /** The same clock, the tempo now said to be {@code by}'s. */
    Tempo withSource(String by) {
        return new Tempo(epochNanos, beatAtEpoch, nanosPerBeat, beatsPerBar, barStart, by);
    }
}
