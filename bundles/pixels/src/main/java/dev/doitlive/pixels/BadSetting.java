package dev.doitlive.pixels;

/** A configuration value an output cannot take: its one-line message names the key and says what it takes. */
final class BadSetting extends Exception {
    private static final long serialVersionUID = 1L;

    BadSetting(String message) {
        super(message, null, false, false);
    }
}
