package dev.doitlive.controls;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.doitlive.api.LiveRuntime;

/**
 * What the kit says, through the runtime: a problem goes to {@link LiveRuntime#report} (a {@code doitlive:} line, kept
 * for {@code live:errors}); news that is no problem (a device came, a mapping was learned) to {@link LiveRuntime#say}
 * (the same line, on standard error and the page, not kept as an error).
 */
@Component(service = KitLines.class)
public class KitLines {
    @Reference
    private LiveRuntime runtime;

    /** A problem of {@code source} ({@code osc}, {@code midi}); the line names it itself. */
    public void problem(String source, String line) {
        runtime.report(source, line);
    }

    /** News: one line. */
    public void say(String line) {
        runtime.say(line);
    }

    /**
     * A sender's text as a line shows it: cut at 200 characters with {@code ...}, as {@code live:state} cuts a value, so
     * that a 60,000-character string argument is no 60,000-character line.
     */
    public static String cut(String s) {
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }

    /** The runtime this kit sets fields and calls methods through. */
    public LiveRuntime runtime() {
        return runtime;
    }
}
