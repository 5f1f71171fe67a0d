package dev.doitlive.api;

import java.util.Locale;

/**
 * Where a new version of a refreshable may land: at once (between two calls; for a loop's step, before its next
 * step), or held, prepared, until the next beat or bar of the show's {@link dev.doitlive.api.beat.BeatClock}.
 */
public enum Boundary {
    /** Between two calls, as soon as it is prepared: for a loop, before its next step. */
    STEP,
    /** Held until the next beat. */
    BEAT,
    /** Held until the next bar's first beat. */
    BAR;

    /** {@code step}, {@code beat} or {@code bar}, any case; @throws IllegalArgumentException naming the three */
    public static Boundary parse(String s) {
        for (Boundary b : values()) {
            if (b.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return b;
            }
        }
        throw new IllegalArgumentException("'" + s + "' is no boundary: step, beat or bar");
    }

    /** As the shell writes it: {@code step}, {@code beat}, {@code bar}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
