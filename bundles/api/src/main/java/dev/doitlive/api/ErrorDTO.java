package dev.doitlive.api;

import org.osgi.dto.DTO;

/** One failure the runtime saw. */
public class ErrorDTO extends DTO {
    public String name;
    /** Epoch milliseconds. */
    public long time;
    /** The version live (or being brought in) when it happened. */
    public long seq;
    /** Where: {@code call next}, {@code refresh}, {@code postRefresh}, ... */
    public String where;
    /** The one line printed when it happened. */
    public String message;
    public String stackTrace;
}
