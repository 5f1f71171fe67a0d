package dev.doitlive.shell;

/**
 * Checks the shell's own arguments. Options arrive as text (not {@code long}) so that a typo gets a message
 * naming the option, instead of Gogo's "Cannot coerce revert(String, String, String)".
 */
final class Args {
    /** {@code --to}'s absent value: the runtime's "the version before the live one". */
    static final String PREVIOUS = "-1";
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

    /** @return the sequence number, or -1 for "the version before the live one" */
    static long seq(String to) {
        if (to != null && PREVIOUS.equals(to.strip())) {
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
