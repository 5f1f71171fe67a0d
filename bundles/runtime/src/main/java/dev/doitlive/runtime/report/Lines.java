package dev.doitlive.runtime.report;

import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import dev.doitlive.api.EventLines;

/**
 * Where the runtime's event lines go: stderr as {@code doitlive: ...} (in a script, stdout carries only the commands'
 * results), then every {@link EventLines} service there is. A listener that throws is skipped for that line.
 */
public final class Lines implements Consumer<String>, AutoCloseable {
    private final ServiceTracker<EventLines, EventLines> listeners;

    public Lines(BundleContext context) {
        listeners = new ServiceTracker<>(context, EventLines.class, null);
        listeners.open();
    }

    @Override
    public void accept(String line) {
        System.err.println("doitlive: " + line);
        Object[] all = listeners.getServices();
        if (all != null) {
            for (Object l : all) {
                try {
                    ((EventLines) l).line(line);
                } catch (RuntimeException | LinkageError e) {
                    // a listener's failure is its own: the line is printed, the others get it
                }
            }
        }
    }

    @Override
    public void close() {
        listeners.close();
    }
}
