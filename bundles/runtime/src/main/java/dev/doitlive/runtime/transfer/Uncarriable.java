package dev.doitlive.runtime.transfer;

/** A value that the transfer cannot carry into the new version's type. */
final class Uncarriable extends Exception {
    private static final long serialVersionUID = 1L;

    Uncarriable(String reason) {
        super(reason, null, false, false);
    }
}
