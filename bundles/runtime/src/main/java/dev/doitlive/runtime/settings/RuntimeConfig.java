package dev.doitlive.runtime.settings;

/**
 * Runtime settings, configuration PID {@code dev.doitlive.runtime} (the launcher ships
 * {@code config/dev.doitlive.runtime.cfg}). A refreshable's own {@code @Refreshable} attributes win over the
 * probation defaults.
 */
public @interface RuntimeConfig {
    /** Versions kept in each refreshable's history besides the live one. */
    int historyDepth() default 16;

    /** Calls a new version serves on probation. */
    int probationCalls() default 50;

    /** Milliseconds a new version stays on probation. */
    long probationMillis() default 5000;

    /** How long a failing caller waits for the automatic revert before it gets the exception. */
    long revertWaitMillis() default 10000;

    /** Milliseconds between two saves of the live states (only those that changed); 0: saved only at a clean stop. */
    long stateSaveMillis() default 2000;

    /** The most one refreshable's saved state may take, in bytes; a larger state is not saved. */
    long stateMaxBytes() default 16 * 1024 * 1024;
}
