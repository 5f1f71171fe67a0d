package dev.doitlive.api;

import org.osgi.dto.DTO;

/** One loop as the runtime sees it. */
public class LoopDTO extends DTO {
    /** Whether a loop is running. */
    public enum State {
        /** Declared with {@code autostart = false} and never started. */
        NOT_STARTED,
        RUNNING,
        /**
         * Paused by {@code live:stop} (kept across restarts), by a step that failed with nothing to revert to, or by its
         * configuration's deletion.
         */
        PAUSED,
        /** Its step is gone; the loop waits for it to come back. */
        WAITING
    }

    public String name;
    /** The refreshable whose step the loop runs. */
    public String step;
    public State state;
    /** Why the loop is paused, or null. */
    public String reason;
    /** Steps per second asked for; 0: free-running. */
    public double targetRate;
    /**
     * Steps per second the loop declares ({@code @Loop(rate)} or its configuration's {@code rate}); differs from
     * {@link #targetRate} while a rate set with {@link LiveRuntime#rate} is in force (kept across restarts).
     */
    public double declaredRate;
    /** Steps per second over the last second. */
    public double measuredRate;
    public long lastStepNanos;
    public long worstStepNanos;
    /** How long the step running now has been running, 0 between steps: a hung step shows here. */
    public long runningNanos;
    public long steps;
    public long errors;
    /** Steps that took longer than their period. */
    public long overruns;
    /**
     * Steps skipped: a loop that falls behind runs the steps it owes back to back; one that falls more than 100 ms
     * (or one period, if longer) behind skips them instead, and counts them here.
     */
    public long skipped;
    public long reverts;
    /** The step's live version. */
    /** Steps per beat when the loop runs on the beat (then {@link #targetRate} follows the tempo), else 0. */
    public double perBeat;
    public long liveSeq;
}
