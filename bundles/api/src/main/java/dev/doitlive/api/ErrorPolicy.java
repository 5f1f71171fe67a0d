package dev.doitlive.api;

/**
 * What the proxy does when a call into the live version throws an unchecked exception or error after the
 * version's probation. During probation a failure always reverts. Checked exceptions the service interface
 * declares are results, not failures: they always reach the caller.
 */
public enum ErrorPolicy {
    /** Revert to the previous version and retry the call there; with nothing to revert to, rethrow. */
    REVERT,
    /** Rethrow to the caller; the version stays live. */
    PROPAGATE,
    /** Return the return type's default value (0, false, null) to the caller; the version stays live. */
    DEFAULT_VALUE
}
