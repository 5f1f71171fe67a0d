package dev.doitlive.beat;

import java.math.BigDecimal;
import java.util.Locale;

/** How the beat kit writes numbers in its lines: a tempo to a tenth, a setting as it was written. */
final class Lines {
    private Lines() {
    }

    /**
     * {@code 128.0 bpm}: to a tenth, without String.format, which alone would cost a MIDI clock setting the tempo at every
     * tick a few microseconds each time.
     */
    static String bpm(double bpm) {
        return Math.round(bpm * 10) / 10.0 + " bpm";
    }

    /** {@code 20}, {@code 59.94}: no trailing zeros, no exponent. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** {@code 1 beat}, {@code 4 beats}. */
    static String beats(int n) {
        return n == 1 ? "1 beat" : n + " beats";
    }

    /** {@code 500 ms}, {@code 41.7 ms}. */
    static String millis(double nanos) {
        double ms = nanos / 1e6;
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }
}
