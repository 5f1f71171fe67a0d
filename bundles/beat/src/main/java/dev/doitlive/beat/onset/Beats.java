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

    /**
     * Whether the WAV file {@code fingerprint} names (its path, size and modification time) has given the clock its
     * tempo already, in this run or an earlier one: a WAV is analysed once, never again over a tempo set since.
     */
    default boolean analysed(String fingerprint) {
        return false;
    }

    /**
     * A WAV file's tempo and first beat, found once: the clock takes them, remembers {@code fingerprint} and says so in
     * one line.
     */
    default void fileTempo(double bpm, long beatNanos, String fileName, String fingerprint) {
        follow(bpm, beatNanos, "onset from " + fileName);
    }
}
