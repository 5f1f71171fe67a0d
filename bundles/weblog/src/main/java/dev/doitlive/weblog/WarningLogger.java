package dev.doitlive.weblog;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger that prints warnings and errors as one line each, and nothing else. */
final class WarningLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    WarningLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        System.err.println(line(name, pattern, args, t));
    }

    /** {@code doitlive: web: Class: message: cause}, on one line whatever the message holds. */
    static String line(String logger, String pattern, Object[] args, Throwable t) {
        String text = MessageFormatter.basicArrayFormat(pattern, args);
        StringBuilder b = new StringBuilder("doitlive: web: ").append(logger.substring(logger.lastIndexOf('.') + 1))
                .append(": ").append(text);
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            b.append(c == t ? ": " : "; caused by ").append(c);
        }
        return b.toString().replaceAll("\\s*\\R\\s*", " ");
    }
}
