package dev.doitlive.runtime.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.doitlive.api.ErrorDTO;

/** The recent failures of one refreshable (or of the watched folder): newest first, bounded, counted. */
public final class ErrorLog {
    private static final int KEPT = 50;

    private final Deque<ErrorDTO> errors = new ArrayDeque<>();
    private final AtomicLong count = new AtomicLong();

    public void add(String name, long seq, String where, String message, Throwable t) {
        ErrorDTO e = new ErrorDTO();
        e.name = name;
        e.time = System.currentTimeMillis();
        e.seq = seq;
        e.where = where;
        e.message = message;
        e.stackTrace = t == null ? null : Failures.stackTrace(t);
        count.incrementAndGet();
        synchronized (errors) {
            errors.addFirst(e);
            while (errors.size() > KEPT) {
                errors.removeLast();
            }
        }
    }

    public List<ErrorDTO> list() {
        synchronized (errors) {
            return new ArrayList<>(errors);
        }
    }

    public ErrorDTO newest() {
        synchronized (errors) {
            return errors.peekFirst();
        }
    }

    public long count() {
        return count.get();
    }
}
