package dev.doitlive.api;

import java.util.List;
import java.util.Map;

/**
 * The runtime's service: what the shell (and tests, and a future web view) ask of it. Every method
 * that names a refreshable throws {@link IllegalArgumentException} with a one-line message when no
 * refreshable has that name.
 */
public interface LiveRuntime {
    /** All refreshables, sorted by name. */
    List<RefreshableDTO> list();

    /** One refreshable. */
    RefreshableDTO describe(String name);

    /**
     * Re-reads the refreshable's bundle file and brings it in as a new version; waits for the outcome.
     * A failed refresh is an outcome ({@code ok == false}), not an exception.
     */
    OutcomeDTO refresh(String name, long timeoutMillis);

    /**
     * Makes an older (or, after a revert, newer) version live again, carrying the current state across.
     *
     * @param toSeq the version's sequence number, or a negative number for the newest version older than
     *              the live one
     */
    OutcomeDTO revert(String name, long toSeq, long timeoutMillis);

    /**
     * Drops the history of one refreshable, or of all when {@code name} is null. The live version stays.
     *
     * @return the number of versions dropped
     */
    int purge(String name);

    /**
     * Drops for good what is kept of a refreshable whose file is gone: the last instance of a detached one (its proxy,
     * its loops), its saved state and its history, so that a new file of that name starts afresh. Also takes a name
     * that is no refreshable any more (its file was deleted before a restart) whose state and history are still kept.
     *
     * @return one line saying what was dropped
     * @throws IllegalArgumentException when the refreshable's bundle is still installed (its file must be deleted
     *                                  first), or nothing is kept under that name
     */
    String forget(String name);

    /** Every version kept for the refreshable, newest first, the live one included. */
    List<VersionDTO> history(String name);

    /** Field values of the live instance (name, then its value as text), in declaration order. */
    Map<String, String> state(String name);

    /** The fields of the live instance, in declaration order, with their kind and whether {@link #set} takes them. */
    List<FieldDTO> fields(String name);

    /**
     * Sets a field of the live instance, between two calls.
     *
     * @return a line saying the old and the new value
     */
    String set(String name, String field, String value);

    /** Recent failures, newest first: of one refreshable, or of all when {@code name} is null. */
    List<ErrorDTO> errors(String name);

    /**
     * Calls a method of the refreshable's service interface through its proxy, as any caller would (so
     * probation and the error policy apply); for trying a refreshable from the shell.
     *
     * @param method the method's name; with several of that name, the one taking {@code args.size()} arguments
     * @param args   arguments as text, converted to the parameter types (numbers, booleans, chars, strings, enums)
     * @return the method's result, null for void
     * @throws IllegalArgumentException for an unknown method or an argument that does not convert
     */
    Object call(String name, String method, List<String> args) throws Exception;

    /**
     * Stops the calls running in the refreshable's own code now, such as a loop that never ends: each ends at its
     * loop's next turn with {@code RunawayStopped} (an {@link Error}, so that a loop catching {@code Exception} does not
     * swallow it), which the proxy handles like any failing call (on probation the version is reverted and the call
     * retried there). A call waiting in {@code sleep}, {@code wait} or blocking I/O is interrupted too. Calls waiting at
     * the proxy's gate and threads the refreshable started itself are left alone. Waits until the calls have ended, a
     * few seconds at most.
     *
     * @return one line saying how many calls were stopped (and how many ran on: blocked outside a loop of the
     *         refreshable's code)
     */
    String interrupt(String name);

    /**
     * Resets every {@link Default} field of the live instance to the value a new instance would have.
     *
     * @return the names of the fields reset
     */
    List<String> initDefaults(String name);

    /** All loops, sorted by name. */
    List<LoopDTO> loops();

    /**
     * Starts a loop that was never started, or resumes a paused one.
     *
     * @return one line saying what happened
     */
    String startLoop(String loop);

    /** Pauses a loop between two steps (the seed's {@code stop()}), also after a restart; @return one line */
    String stopLoop(String loop);

    /** Resumes a paused loop (the seed's {@code restart()}); @return one line */
    String restartLoop(String loop);

    /**
     * Changes a loop's rate; 0 makes it free-running. The rate is kept across refreshes and restarts, in place of the
     * one the loop declares, until {@link #resetRate} (or a rate equal to the declared one).
     *
     * @throws IllegalArgumentException for a negative, non-finite or absurd rate (above {@link Loop#MAX_RATE})
     */
    String rate(String loop, double stepsPerSecond);

    /** Gives a loop back the rate it declares ({@code @Loop(rate)} or its configuration), forgetting one set by hand; @return one line */
    String resetRate(String loop);

    /**
     * Runs a loop on the beat: {@code perBeat} steps per beat of the beat clock, or back by its rate with 0.
     *
     * @return one line
     * @throws IllegalArgumentException for a negative or absurd number of steps per beat
     */
    String perBeat(String loop, double perBeat);

    /**
     * Reloads a refreshable's current file as {@link #refresh(String, long)} does, landing at {@code at}: a beat or
     * a bar holds the prepared version until then. Returns once it is live, or held.
     */
    OutcomeDTO refresh(String name, Boundary at, long timeoutMillis);

    /**
     * Where a refreshable's new versions land from now on (dropped, saved or refreshed): {@code null} goes back to
     * the one it declares ({@code @Refreshable(at)}); {@code once}: only its next version.
     *
     * @return one line
     */
    String landAt(String name, Boundary at, boolean once);

    /** Drops a refreshable's held version: it never lands, the live one stays. @return one line */
    String cancel(String name);

    /**
     * A caller says that the call it just made through the refreshable's proxy failed although it returned: its result
     * cannot be used (a block's samples that are NaN). The proxy's failure handling applies as if the call had thrown
     * (on probation, or with {@link ErrorPolicy#REVERT}, the version is reverted; the failure is counted and kept for
     * {@link #errors}), but the caller is not held: the revert runs on the runtime's thread and this returns at once,
     * so a real-time thread may call it. Reports of the same version while its revert is under way are one. Never
     * throws.
     *
     * @param why what was wrong with the result, for the line and live:errors ("render() gave NaN")
     * @return true when the live version is being reverted (or already was); false when nothing reverts it (an unknown
     *         name, nothing to revert to, an error policy that keeps it live)
     */
    boolean callFailed(String name, String why);

    /**
     * A kit's problem (an output that cannot send, a bad OSC packet): printed as one {@code doitlive:} line and
     * kept for {@link #errors(String)} under {@code source}. Never throws.
     */
    void report(String source, String line);

    /**
     * A kit's news (an output started, a mapping learned): printed as one {@code doitlive:} line and given to every
     * {@link EventLines} service, as the runtime's own lines are; not kept as an error. Never throws.
     */
    void say(String line);

    /**
     * Installs {@code jar} as the next version of {@code name}, prepared and held: its bundle resolved and started, its
     * instance built and the state transfer planned, while the live version serves on. It lands only by
     * {@link #land}; {@link #drop} puts the live version's bytes back. This is how a {@link Coordinator} brings one
     * version to several runtimes. Returns once it is held, or could not be ({@code ok == false}, the message says why:
     * a bundle that does not resolve, a component that does not activate, a transfer that cannot be planned). Also ok,
     * at once, when {@code jar} is what is held, or what is live (the message says so, and {@code liveSeq} is its seq).
     *
     * @param reason null for a new version; else why the live version is reverted (its history says so)
     */
    OutcomeDTO prepare(String name, byte[] jar, String reason, long timeoutMillis);

    /**
     * Lands the version {@link #prepare} (or an arrival handed to a {@link Coordinator}) holds, at the wall-clock instant
     * {@code atEpochNanos} (nanoseconds since the epoch, as {@link java.time.Instant#now()}); at once if it has passed.
     * Returns once it is live, with {@link OutcomeDTO#landedAt}: when it swapped, on the same clock.
     *
     * @param landing said after "is live" in its line, e.g. " on frame 5230" (may be empty)
     */
    OutcomeDTO land(String name, long atEpochNanos, String landing, long timeoutMillis);

    /**
     * Drops the version {@link #prepare} holds (or is still bringing in) for a coordinator: it never lands, and the
     * bundle goes back to the live version's bytes, as {@link #cancel} does. @return one line
     */
    String drop(String name, String why);

    /** The bytes of version {@code seq} of {@code name}, as its history keeps them; @throws IllegalArgumentException when gone */
    byte[] jar(String name, long seq);
}
