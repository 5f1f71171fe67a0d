package dev.doitlive.controls.osc;

/** A packet that is no OSC 1.0 we take: the message says what is wrong, and where, in a few words. */
public final class OscFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    OscFormatException(String message) {
        super(message, null, false, false); // no stack trace: a garbage packet is common and the line says it all
    }
}
