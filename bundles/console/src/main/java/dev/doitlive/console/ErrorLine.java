package dev.doitlive.console;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.apache.felix.gogo.runtime.CommandNotFoundException;

/**
 * What a failed command prints on the console after {@link #PREFIX}: one line, the failure's own message, never a
 * Java class name nor a trace ({@code e} prints the last one whole). An unknown command names the commands of its
 * scope, as the launcher's script mode does.
 */
final class ErrorLine {
    /** What a failed command's line starts with, as in script mode: a failure never reads as a command's answer. */
    static final String PREFIX = "error: ";

    private ErrorLine() {
    }

    /** @param commands every command the session knows, {@code scope:function} */
    static String of(Throwable e, Collection<String> commands) {
        if (e instanceof CommandNotFoundException nf) {
            return unknown(nf.getCommand(), commands);
        }
        if (e instanceof ExecutionException && e.getCause() != null && e.getCause() != e) {
            return of(e.getCause(), commands); // Gogo's wrapper of an Error a command threw; its message is the class name
        }
        if (e instanceof InterruptedException && e.getMessage() == null) {
            return "interrupted"; // a command ended by Ctrl-C
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            if (cause != null && cause != e) {
                return of(cause, commands);
            }
            return e.getClass().getSimpleName(); // an exception with nothing to say (a NullPointerException...)
        }
        return message.strip().lines().findFirst().orElse(message).strip();
    }

    /** {@code unknown command 'live:nope' (live commands: call, errors, ...)} */
    static String unknown(String command, Collection<String> commands) {
        int colon = command.indexOf(':');
        String line = "unknown command '" + command + "'";
        if (colon <= 0) {
            return line;
        }
        String scope = command.substring(0, colon + 1);
        List<String> same = commands.stream().filter(c -> c.startsWith(scope)).map(c -> c.substring(scope.length()))
                .sorted().toList();
        return same.isEmpty() ? line : line + " (" + command.substring(0, colon) + " commands: " + String.join(", ", same) + ")";
    }
}
