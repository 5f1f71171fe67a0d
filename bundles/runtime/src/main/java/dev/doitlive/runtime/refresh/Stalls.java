package dev.doitlive.runtime.refresh;

/**
 * Which refreshable, if any, made the current thread wait inside a call: a caller that waits for another
 * refreshable's automatic revert is slow through no fault of its own, and a loop's slow-step report should name
 * the one that was reverted rather than blame its own step.
 */
public final class Stalls {
    private static final ThreadLocal<String> CAUSE = new ThreadLocal<>();

    private Stalls() {
    }

    static void waitedFor(String refreshable) {
        CAUSE.set(refreshable);
    }

    /** Forgets what the current thread waited for. */
    public static void clear() {
        CAUSE.remove();
    }

    /** The refreshable the current thread last waited for since {@link #clear()}, or null; clears it. */
    public static String take() {
        String c = CAUSE.get();
        CAUSE.remove();
        return c;
    }
}
