package dev.doitlive.runtime.guard;

/**
 * Thrown at the next turn of a loop in a refreshable's code when the runtime has asked that call to stop
 * ({@code live:interrupt}, Ctrl-C on {@code live:call}, {@code live:stop} of a loop whose step spins, or a new version
 * going live while the call is stuck in the old one). The proxy then handles it like any failing call: on probation
 * (or with {@code onError = REVERT}) the version is reverted and the call retried on it.
 *
 * <p>An {@link Error}, not a RuntimeException, for the reason {@code ThreadDeath} is one: loops commonly catch
 * {@code Exception} (or {@code RuntimeException}) around their body to log and go on, and would swallow the stop and
 * spin on. Code that catches {@code Throwable} or {@code Error} inside its loop still can; the stop is asked once.
 */
public final class RunawayStopped extends Error {
    private static final long serialVersionUID = 1L;

    /** The stops this throw answers: told when it reaches the proxy (the call has left the code that spun). */
    private final transient java.util.List<Stop> stops;

    RunawayStopped(String message, java.util.List<Stop> stops) {
        super(message);
        this.stops = java.util.List.copyOf(stops);
    }

    /**
     * The proxy's failure handling has it: the stopped call has left the refreshable's code. Until then a stop thrown
     * and caught by that code (a {@code catch (Throwable e)} inside its loop) is not told as stopped.
     */
    public void reachedProxy() {
        stops.forEach(Stop::reachedProxy);
    }
}
