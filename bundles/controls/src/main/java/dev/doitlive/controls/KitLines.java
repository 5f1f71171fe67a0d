package dev.doitlive.controls;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.doitlive.api.EventLines;
import dev.doitlive.api.LiveRuntime;

/**
 * What the kit says: a problem goes to {@link LiveRuntime#report} (a {@code doitlive:} line, kept for
 * {@code live:errors}); news that is no problem (a device came, a mapping was learned) is printed the way the runtime
 * prints its own lines, on standard error and to every {@link EventLines} service (the page), but not kept as an error.
 */
@Component(service = KitLines.class)
public class KitLines {
    @Reference
    private LiveRuntime runtime;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<EventLines> listeners = new CopyOnWriteArrayList<>();

    /** A problem of {@code source} ({@code osc}, {@code midi}); the line names it itself. */
    public void problem(String source, String line) {
        runtime.report(source, line);
    }

    /** News: one line. */
    public void say(String line) {
        System.err.println("doitlive: " + line);
        for (EventLines l : listeners) {
            try {
                l.line(line);
            } catch (RuntimeException | LinkageError e) {
                // a listener's failure is its own: the line is printed, the others get it
            }
        }
    }

    /** The runtime this kit sets fields and calls methods through. */
    public LiveRuntime runtime() {
        return runtime;
    }
}
