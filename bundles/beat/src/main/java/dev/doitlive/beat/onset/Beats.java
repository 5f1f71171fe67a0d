package dev.doitlive.beat.onset;

/** Where the onset detector's findings go: the beat clock. */
public interface Beats {
    /**
     * A beat was heard at {@code beatNanos} (a {@link System#nanoTime()}, maybe a moment ago), at {@code bpm}: the clock
     * takes the tempo and puts its beat there, unless both are already close enough.
     */
    void follow(double bpm, long beatNanos, String source);

    /** A problem of the detector, one line (no device, a file that is no sound). */
    void problem(String line);
}
