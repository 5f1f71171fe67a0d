package dev.doitlive.pixels.send;

/**
 * Says an output's sending trouble once: when it starts, when its cause changes, and when it is over. A send to a
 * dead port fails only every other frame (the ICMP error comes back after the send that caused it), so trouble is over
 * only after {@value #RECOVERY_MS} ms without a failure.
 */
final class Trouble {
    static final long RECOVERY_MS = 3000;

    private final String who;
    private final Voice voice;
    private final Counters counters;
    private volatile String cause;
    private long lastFailure;

    Trouble(String who, Voice voice, Counters counters) {
        this.who = who;
        this.voice = voice;
        this.counters = counters;
    }

    void failed(String why, long now) {
        lastFailure = now;
        counters.error(why);
        if (!why.equals(cause)) {
            cause = why;
            voice.problem(who + ": " + why + "; frames are dropped and sending is retried in the background");
        }
    }

    void succeeded(long now) {
        if (cause != null && now - lastFailure >= RECOVERY_MS * 1_000_000) {
            voice.info(who + ": sending again (it was: " + cause + ")");
            cause = null;
        }
    }

    /** The cause now, or null. */
    String cause() {
        return cause;
    }
}
