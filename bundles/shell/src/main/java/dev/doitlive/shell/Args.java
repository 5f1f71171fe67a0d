package dev.doitlive.shell;

import java.util.regex.Pattern;

import dev.doitlive.api.Loop;

/**
 * Checks the shell's own arguments. Options arrive as text (not {@code long}) so that a typo gets a message
 * naming the option, instead of Gogo's "Cannot coerce revert(String, String, String)".
 */
final class Args {
    /** A plain decimal with an optional exponent: no hex, no {@code d}/{@code f} suffix. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    /** Words Java would parse; rejected by name rather than as "not a number". */
    private static final Pattern NAN = Pattern.compile("(?i)[+-]?nan");
    private static final Pattern INFINITE = Pattern.compile("(?i)[+-]?inf(?:inity)?");

    /**
     * {@code --to}'s absent value, for the runtime's "the version before the live one" (-1): empty, so that a typed
     * {@code --to -1} is refused like any negative number.
     */
    static final String PREVIOUS = "";
    static final String DEFAULT_TIMEOUT_MILLIS = "10000";

    private Args() {
    }

    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Give the refreshable's name (live:list shows them).");
        }
        return name;
    }

    static String field(String field) {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("Give a field name (live:state NAME shows them).");
        }
        return field;
    }

    static String loop(String loop) {
        if (loop == null || loop.isBlank()) {
            throw new IllegalArgumentException("Give the loop's name (live:loops shows them).");
        }
        return loop;
    }

    /** {@code live:rate NAME default}: back to the rate the loop declares. */
    static boolean isDefault(String hz) {
        return hz != null && hz.strip().equalsIgnoreCase("default");
    }

    /**
     * A loop's rate as a decimal number of steps per second ({@code 60}, {@code 59.94}), or {@code free} for 0
     * (back to back). Checked here so that a typo names the argument, not the runtime's conversion.
     */
    /** {@code step}, {@code beat} or {@code bar}. */
    static dev.doitlive.api.Boundary boundary(String at) {
        try {
            return dev.doitlive.api.Boundary.parse(at);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--at expects step, beat or bar, got '" + at + "'.");
        }
    }

    /** {@code 4/beat}: steps per beat. */
    static boolean isPerBeat(String hz) {
        return hz != null && hz.strip().toLowerCase(java.util.Locale.ROOT).endsWith("/beat");
    }

    static double perBeat(String hz) {
        String text = hz.strip();
        String n = text.substring(0, text.length() - "/beat".length()).strip();
        if (!DECIMAL.matcher(n).matches()) {
            throw new IllegalArgumentException("N/beat expects a decimal number of steps per beat (1/beat, 4/beat, 0.5/beat), got '"
                    + hz + "'.");
        }
        return Double.parseDouble(n);
    }

    static double rate(String hz) {
        String text = hz == null ? "" : hz.strip();
        if (text.equalsIgnoreCase("free")) {
            return 0;
        }
        if (NAN.matcher(text).matches()) {
            throw new IllegalArgumentException("HZ must be a number of steps per second, not " + text + ".");
        }
        double rate = DECIMAL.matcher(text).matches() ? Double.parseDouble(text)
                : INFINITE.matcher(text).matches() ? Double.POSITIVE_INFINITY : Double.NaN;
        if (Double.isNaN(rate)) {
            throw new IllegalArgumentException("HZ expects steps per second as a decimal number (60, 59.94), 'free'"
                    + " or 'default', got '" + hz + "'.");
        }
        if (Double.isInfinite(rate)) { // "inf", or a decimal too large for a double such as 1e999
            throw new IllegalArgumentException("HZ must be a finite number of steps per second, got " + text + ".");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("HZ must be 0 or more ('free' runs steps back to back), got " + text + ".");
        }
        if (rate > Loop.MAX_RATE) {
            throw new IllegalArgumentException("HZ must be at most " + Views.number(Loop.MAX_RATE)
                    + " steps per second, got " + text + ".");
        }
        return rate + 0.0; // -0 is 0
    }

    /** @return the sequence number, or -1 for "the version before the live one" */
    static long seq(String to) {
        if (to != null && PREVIOUS.equals(to)) {
            return -1;
        }
        long seq = parse(to, "--to expects a version's sequence number (live:history NAME shows them), got '"
                + to + "'.");
        if (seq < 0) {
            throw new IllegalArgumentException("--to expects a sequence number of 0 or more, got " + seq + ".");
        }
        return seq;
    }

    static long timeoutMillis(String timeout) {
        long millis = parse(timeout, "--timeout expects milliseconds, got '" + timeout + "'.");
        if (millis <= 0) {
            throw new IllegalArgumentException("--timeout expects milliseconds above 0, got " + millis + ".");
        }
        return millis;
    }

    private static long parse(String text, String message) {
        try {
            if (text == null) {
                throw new NumberFormatException();
            }
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(message);
        }
    }
}
