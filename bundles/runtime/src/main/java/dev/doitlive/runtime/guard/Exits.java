package dev.doitlive.runtime.guard;

/**
 * Stands in for the calls that would stop the JVM, in a refreshable's classes: each throws instead, so the call
 * fails like any other failing call (on probation its version is reverted) and the show goes on. The runtime itself
 * stops with the shell's {@code exit}.
 */
public final class Exits {
    private Exits() {
    }

    /** In place of {@code System.exit(status)}. */
    public static void exit(int status) {
        throw refused("System.exit(" + status + ")");
    }

    /** In place of {@code runtime.exit(status)}. */
    public static void exit(Runtime runtime, int status) {
        throw refused("Runtime.exit(" + status + ")");
    }

    /** In place of {@code runtime.halt(status)}. */
    public static void halt(Runtime runtime, int status) {
        throw refused("Runtime.halt(" + status + ")");
    }

    private static UnsupportedOperationException refused(String call) {
        return new UnsupportedOperationException(call + " refused: a refreshable may not stop the runtime; 'exit' in its shell does");
    }
}
