package dev.doitlive.runtime.report;

import java.util.Enumeration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;

import dev.doitlive.runtime.folder.WatchedFolder;

/**
 * Finds the recent warnings and errors logged about a bundle. Declarative Services reports a constructor or
 * activate method that throws only to the log; this is where the runtime finds the cause to print. Reads the
 * log service's own history, which is written before the logging call returns, rather than listening:
 * listeners are told on another thread, later.
 */
public final class LogTap {
    private static final String FILEINSTALL = "org.apache.felix.fileinstall";
    /** The live-source bundle: a source that does not compile is reported only to the log, like FileInstall does. */
    private static final String SOURCE = "dev.doitlive.source";

    private final Supplier<LogReaderService> reader;
    private volatile Consumer<String> problems = line -> { };
    private volatile Consumer<String> news = line -> { };

    public LogTap(Supplier<LogReaderService> reader) {
        this.reader = reader;
    }

    /** Where {@link #watchFolderProblem} sends its lines. */
    public void onProblem(Consumer<String> sink) {
        this.problems = sink;
    }

    /** Where {@link #watchFolderProblem} sends the live-source bundle's news (logged as AUDIT): no problems. */
    public void onNews(Consumer<String> sink) {
        this.news = sink;
    }

    /**
     * A log listener: FileInstall reports a bundle it took from the watched folder but could not install, update
     * or start only to the log, and so does the live-source bundle for a source that does not compile; this hands
     * each such report on to be said in one line. (Files FileInstall does not take as bundles at all it does not
     * report: {@link WatchedFolder} looks at those.) The live-source bundle's news that is no problem (a compile
     * error gone) comes as AUDIT, the level the log service never filters out, and goes to {@link #onNews}. A
     * missing package comes in the performer's words of {@link Failures#inWords}, as the runtime's own lines say it.
     */
    public void watchFolderProblem(LogEntry e) {
        String from = e.getBundle() == null ? null : e.getBundle().getSymbolicName();
        if (SOURCE.equals(from) && e.getLogLevel() == LogLevel.AUDIT) {
            news.accept(e.getMessage());
            return;
        }
        if (!(FILEINSTALL.equals(from) || SOURCE.equals(from)) || e.getLogLevel().ordinal() > LogLevel.WARN.ordinal()) {
            return;
        }
        Throwable t = e.getException();
        String cause = t == null ? null : Failures.describe(Failures.belowFramework(t));
        String line = e.getMessage() + (cause == null || e.getMessage().contains(cause) ? "" : ": " + cause);
        // Said in words (a resolver's missing package): these lines are printed and filed, never read for what a
        // bundle waits for, which the runtime reads in the resolver's own words from the bundle itself (Waiting).
        problems.accept(Failures.inWords(Failures.once(line)));
    }

    /**
     * Why the framework gave {@code caller} no service object, as one line; null if it does not say within
     * {@code waitMillis}. A service factory that throws (a component class the JVM cannot load, an object that is
     * not of the service's type) is reported only as a framework event on the caller's bundle, and the log
     * service records framework events a moment later, on its own thread: hence the wait.
     */
    public String serviceProblem(Bundle caller, long sinceMillis, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        for (;;) {
            LogReaderService r = reader.get();
            Enumeration<LogEntry> log = r == null ? java.util.Collections.emptyEnumeration() : r.getLog();
            while (log.hasMoreElements()) {
                LogEntry e = log.nextElement();
                if (e.getTime() < sinceMillis) {
                    break;
                }
                Throwable t = e.getException();
                if (e.getBundle() != null && e.getBundle().getBundleId() == caller.getBundleId() && t != null
                        && String.valueOf(t.getMessage()).startsWith("org.osgi.framework.ServiceException")) {
                    return Failures.describe(Failures.root(t));
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return null;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** The newest problem logged about the bundle since the given time, as one line; null if none. */
    public String lastProblem(Bundle bundle, long sinceMillis) {
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
