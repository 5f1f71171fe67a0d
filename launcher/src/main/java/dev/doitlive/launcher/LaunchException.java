package dev.doitlive.launcher;

/** The framework could not be brought up; the message is one line naming the file, bundle or service and why. */
public final class LaunchException extends Exception {
    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
