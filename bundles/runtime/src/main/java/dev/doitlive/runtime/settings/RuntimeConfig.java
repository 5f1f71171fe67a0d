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
}
