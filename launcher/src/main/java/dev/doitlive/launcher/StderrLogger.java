package dev.doitlive.launcher;

import java.io.PrintStream;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Felix's log, one line per message on stderr (Felix's default prints to stdout, where script results go).
 * Which levels come through is {@code felix.log.level}.
 */
final class StderrLogger extends Logger {
    private static final String[] LEVELS = {"", "ERROR", "WARNING", "INFO", "DEBUG"};
    private final PrintStream err;

    StderrLogger(PrintStream err) {
        this.err = err;
    }

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable t) {
        StringBuilder line = new StringBuilder("felix: ").append(level > 0 && level < LEVELS.length ? LEVELS[level] : "LOG");
        line.append(": ");
        if (bundle != null) {
            line.append(bundle.getSymbolicName()).append(" [").append(bundle.getBundleId()).append("]: ");
        }
        line.append(msg);
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            line.append(": ").append(c.getMessage() != null ? c.getMessage() : c.getClass().getName());
        }
        err.println(line);
    }
}
