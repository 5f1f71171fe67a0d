package dev.doitlive.api;

import org.osgi.dto.DTO;

/** One failure the runtime saw. */
public class ErrorDTO extends DTO {
    public String name;
    /** Epoch milliseconds. */
    public long time;
    /** The version live (or being brought in) when it happened; 0 for a kit's report. */
    public long seq;
    /**
     * Where: {@code call next}, {@code refresh}, {@code postRefresh}, ...; null for a kit's report
     * ({@link LiveRuntime#report}), whose {@link #name} is its source ({@code osc}, {@code pixels}).
     */
    public String where;
    /** The one line printed when it happened. */
    public String message;
    public String stackTrace;
}
