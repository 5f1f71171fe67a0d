package dev.doitlive.runtime;

import java.util.Enumeration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;

/**
 * Finds the recent warnings and errors logged about a bundle. Declarative Services reports a constructor or
 * activate method that throws only to the log; this is where the runtime finds the cause to print. Reads the
 * log service's own history, which is written before the logging call returns, rather than listening:
 * listeners are told on another thread, later.
 */
final class LogTap {
    private static final String FILEINSTALL = "org.apache.felix.fileinstall";
    /** The live-source bundle: a source that does not compile is reported only to the log, like FileInstall does. */
    private static final String SOURCE = "dev.doitlive.source";

    private final Supplier<LogReaderService> reader;
    private volatile Consumer<String> problems = line -> { };

    LogTap(Supplier<LogReaderService> reader) {
        this.reader = reader;
    }

    /** Where {@link #watchFolderProblem} sends its lines. */
    void onProblem(Consumer<String> sink) {
        this.problems = sink;
    }

    /**
     * A log listener: FileInstall reports a file it cannot install (random bytes, an empty or truncated jar, a
     * manifest without a symbolic name) only to the log, and so does the live-source bundle for a source that does
     * not compile; this turns each such report into one line for the user.
     */
    void watchFolderProblem(LogEntry e) {
        String from = e.getBundle() == null ? null : e.getBundle().getSymbolicName();
        if (!(FILEINSTALL.equals(from) || SOURCE.equals(from)) || e.getLogLevel().ordinal() > LogLevel.WARN.ordinal()) {
            return;
        }
        Throwable t = e.getException();
        String cause = t == null ? null : Failures.describe(Failures.root(t));
        problems.accept(e.getMessage() + (cause == null || e.getMessage().contains(cause) ? "" : ": " + cause));
    }

    /** The newest problem logged about the bundle since the given time, as one line; null if none. */
    String lastProblem(Bundle bundle, long sinceMillis) {
        LogReaderService r = reader.get();
        if (r == null) {
            return null;
        }
        Enumeration<LogEntry> log = r.getLog(); // newest first
        while (log.hasMoreElements()) {
            LogEntry e = log.nextElement();
            if (e.getTime() < sinceMillis) {
                break;
            }
            if (e.getBundle() != null && e.getBundle().getBundleId() == bundle.getBundleId()
                    && e.getLogLevel().ordinal() <= LogLevel.WARN.ordinal()) {
                Throwable t = e.getException();
                return t == null ? e.getMessage() : Failures.describe(Failures.root(t));
            }
        }
        return null;
    }
}
