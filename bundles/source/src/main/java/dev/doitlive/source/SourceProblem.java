package dev.doitlive.source;

import java.util.List;
import java.util.Set;

/**
 * Why a source did not become a bundle: a headline naming the file and the cause, and for compile errors one
 * {@code file:line:column: message} line per error.
 */
final class SourceProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> details;
    private final transient Set<String> missingPackages;

    SourceProblem(String headline) {
        this(headline, List.of(), Set.of());
    }

    /**
     * @param missingPackages the imported packages no bundle exports: a bundle exporting one of them may make the
     *                        source compile as it is
     */
    SourceProblem(String headline, List<String> details, Set<String> missingPackages) {
        super(headline);
        this.details = List.copyOf(details);
        this.missingPackages = Set.copyOf(missingPackages);
    }

    /** The compile errors, each {@code file:line:column: message}; empty for other problems. */
    List<String> details() {
        return details;
    }

    /** The packages the source uses that no bundle in the framework exports; empty for other problems. */
    Set<String> missingPackages() {
        return missingPackages;
    }

    /** Headline and details on one line, for a caller that has room for one (a failed {@code live:refresh}). */
    String oneLine() {
        return details.isEmpty() ? getMessage() : getMessage() + ": " + details.get(0)
                + (details.size() > 1 ? " (and " + (details.size() - 1) + " more, see live:errors)" : "");
    }
}
