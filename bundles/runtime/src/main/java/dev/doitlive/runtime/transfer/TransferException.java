package dev.doitlive.runtime.transfer;

/** The state cannot be carried into the new version; the message names the field and both types. */
public final class TransferException extends Exception {
    private static final long serialVersionUID = 1L;

    public TransferException(String message) {
        super(message);
    }

    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
