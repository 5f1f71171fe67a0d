package dev.doitlive.runtime.proxy;

/** Decides what a proxy does when a call into its target throws. Implemented by the runtime per refreshable. */
public interface FailureHandler {
    /** Retry the call on the (possibly new) target. */
    int RETRY = 0;
    /** Return the method's default value. */
    int DEFAULT_VALUE = 1;

    /**
     * Called outside the call gate (the failing call is no longer counted as in flight), so it may wait for a
     * revert to finish.
     *
     * @param failure the throwable the target threw
     * @param target  the target that threw
     * @param method  the method's name, for messages
     * @param attempt 0 for the first failure of this call, then 1, 2...
     * @return {@link #RETRY} or {@link #DEFAULT_VALUE}
     * @throws Throwable {@code failure} itself, to propagate it to the caller
     */
    int failed(Throwable failure, Object target, String method, int attempt) throws Throwable;
}
