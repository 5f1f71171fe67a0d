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
     * A log listener: FileInstall reports a bundle it took from the watched folder but could not install, update
     * or start only to the log; this hands each such report on to be said in one line. (Files it does not take
     * as bundles at all it does not report: {@link WatchedFolder} looks at those.)
     */
    void watchFolderProblem(LogEntry e) {
        if (e.getBundle() == null || !FILEINSTALL.equals(e.getBundle().getSymbolicName())
                || e.getLogLevel().ordinal() > LogLevel.WARN.ordinal()) {
            return;
        }
        Throwable t = e.getException();
        String cause = t == null ? null : Failures.describe(Failures.belowFramework(t));
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
