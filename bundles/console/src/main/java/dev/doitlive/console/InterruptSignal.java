package dev.doitlive.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether Ctrl-C can reach the console while a command runs. It does so as SIGINT, from the terminal; a process
 * started with SIGINT ignored (what {@code command &} in a script does, or {@code nohup}) keeps it ignored, and the
 * JVM cannot take it back: Ctrl-C would then do nothing, without a word. Read from Linux's {@code /proc/self/status};
 * elsewhere unknown, and taken as not ignored.
 */
final class InterruptSignal {
    static final String IGNORED = "console: Ctrl-C cannot stop a command: this process was started with SIGINT ignored"
            + " (as 'command &' in a script leaves it); 'live:interrupt NAME' stops a call spinning in NAME's code,"
            + " or start doitlive from an interactive shell";
    private static final long SIGINT_BIT = 1L << (2 - 1);

    private InterruptSignal() {
    }

    static boolean ignored() {
        return ignored(Path.of("/proc/self/status"));
    }

    /** From a {@code status} file's {@code SigIgn:} line (a hexadecimal mask, bit n-1 for signal n). */
    static boolean ignored(Path status) {
        try {
            List<String> lines = Files.readAllLines(status);
            for (String line : lines) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & SIGINT_BIT) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a status we cannot read: unknown
        }
        return false;
    }
}
