package dev.doitlive.runtime.loop;

/** What a loop needs from the rest of the runtime, about the refreshable whose step it runs. */
public interface LoopHost {
    /** The refreshable's live version, 0 if it is not live. */
    long liveSeq(String refreshable);

    /** Automatic reverts of the refreshable so far (a failing version reverted), counted when each starts. */
    long revertCount(String refreshable);

    /** Records a failure in the refreshable's errors ({@code live:errors}); {@code refreshable} null: a failure of no refreshable. */
    void error(String refreshable, String where, String message, Throwable t);

    /**
     * Why the refreshable waits (its bundle cannot resolve: an API it imports is gone), or null: a loop does not run
     * a step whose component is down, and says it waits instead of running.
     */
    String waitingFor(String refreshable);

    /** The rate the refreshable's live version declares with {@code @Loop}, NaN if it declares none. */
    double declaredRate(String refreshable);

    /** The declared steps per beat ({@code @Loop(perBeat)}), NaN if none. */
    double declaredPerBeat(String refreshable);

    /** The beat clock, or null when there is none. */
    dev.doitlive.api.beat.BeatClock clock();

    /** Prints one line for the user. */
    void say(String line);
}
