package dev.doitlive.source;

import java.util.List;

/**
 * Why a source did not become a bundle: a headline naming the file and the cause, and for compile errors one
 * {@code file:line:column: message} line per error.
 */
final class SourceProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> details;

    SourceProblem(String headline) {
        this(headline, List.of());
    }

    SourceProblem(String headline, List<String> details) {
        super(headline);
        this.details = List.copyOf(details);
    }

    /** The compile errors, each {@code file:line:column: message}; empty for other problems. */
    List<String> details() {
        return details;
    }

    /** Headline and details on one line, for a caller that has room for one (a failed {@code live:refresh}). */
    String oneLine() {
        return details.isEmpty() ? getMessage() : getMessage() + ": " + details.get(0)
                + (details.size() > 1 ? " (and " + (details.size() - 1) + " more, see live:errors)" : "");
    }
}
