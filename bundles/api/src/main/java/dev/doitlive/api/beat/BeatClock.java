package dev.doitlive.api.beat;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The show's tempo and where in the beat and the bar it is now: one service (the beat kit's), read by patterns, loops
 * on the beat and swaps held for a beat or a bar; set from the shell ({@code live:bpm}, {@code live:tap}), OSC, MIDI
 * clock or an onset detector.
 *
 * <p>Beats are counted from the clock's start as a continuous number: its whole part is the beat's index, its
 * fraction the phase within that beat. A tempo change keeps the count continuous (no jump, no drift): the beat now
 * stays the beat now, only what follows moves faster or slower. Times are {@link System#nanoTime()}.
 *
 * <p>Reads never block and never allocate: any thread, a loop's included, may read it every frame.
 */
@ProviderType
public interface BeatClock {
    /** The lowest tempo the clock takes, in beats per minute. */
    double MIN_BPM = 20;
    /** The highest. */
    double MAX_BPM = 400;

    /** Beats per minute now. */
    double bpm();

    /** Beats in a bar (4 unless set). */
    int beatsPerBar();

    /** Beats since the clock's start at the given {@link System#nanoTime()} (before or after now). */
    double beatAt(long nanoTime);

    /** The {@link System#nanoTime()} at which the given beat (whole or fractional) falls, at the tempo now. */
    long nanosAt(double beat);

    /** Beats since the clock's start, now. */
    default double beat() {
        return beatAt(System.nanoTime());
    }

    /** How far into the current beat, 0 (on the beat) to just below 1. */
    default double beatPhase() {
        double b = beat();
        return b - Math.floor(b);
    }

    /**
     * How far into the current bar, 0 (its first beat) to just below 1. This default counts bars from beat 0; a clock
     * whose bars can start on any beat (a downbeat moves them, as the beat kit's does) overrides it.
     */
    default double barPhase() {
        double bars = beat() / beatsPerBar();
        return bars - Math.floor(bars);
    }

    /**
     * Sets the tempo, keeping the beat count continuous.
     *
     * @param bpm    between {@link #MIN_BPM} and {@link #MAX_BPM}
     * @param source who set it, for the line that says so ({@code live:bpm}, {@code osc}, {@code midi clock})
     * @return one line saying the tempo now
     * @throws IllegalArgumentException out of range or not a number: the tempo stays as it was
     */
    String bpm(double bpm, String source);

    /**
     * A tap of tap tempo, now: taps close enough together set the tempo from their average interval and put the
     * beat on the tap; a tap after a long pause starts a new series.
     *
     * @return one line: the tempo, or how many more taps it needs
     */
    String tap(String source);

    /**
     * The bar starts now: the next beat counted from this instant is the first of a bar (a MIDI start, a
     * performer's "one").
     */
    String downbeat(String source);

    /** Sets the beats in a bar, 1 to 32; the bar starts on the current beat. */
    String beatsPerBar(int beats, String source);
}
