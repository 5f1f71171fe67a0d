package dev.doitlive.runtime;

import java.util.ArrayDeque;
import java.util.Deque;

import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;

/**
 * Remembers the recent warnings and errors logged about each bundle. Declarative Services reports a
 * constructor or activate method that throws only to the log; this is where the runtime finds the cause
 * to print.
 */
final class LogTap implements LogListener {
    private static final int KEEP = 200;
    private final Deque<LogEntry> recent = new ArrayDeque<>();

    @Override
    public void logged(LogEntry entry) {
        if (entry.getLogLevel().ordinal() > LogLevel.WARN.ordinal() || entry.getBundle() == null) {
            return;
        }
        synchronized (recent) {
            recent.addLast(entry);
            while (recent.size() > KEEP) {
                recent.removeFirst();
            }
        }
    }

    /** The newest problem logged about the bundle since the given time, as one line; null if none. */
    String lastProblem(Bundle bundle, long sinceMillis) {
        synchronized (recent) {
            for (var it = recent.descendingIterator(); it.hasNext();) {
                LogEntry e = it.next();
                if (e.getTime() < sinceMillis) {
                    break;
                }
                if (e.getBundle().getBundleId() == bundle.getBundleId()) {
                    Throwable t = e.getException();
                    return t == null ? e.getMessage() : Failures.describe(Failures.root(t));
                }
            }
        }
        return null;
    }
}
