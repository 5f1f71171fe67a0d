package dev.doitlive.bench.api;

/** A refreshable the harness can ask which version answers, and whose state (a count) must survive swaps. */
public interface Probe {
    /** The version's label, e.g. {@code v12}: changes with every build the harness drops. */
    String version();

    /** Counts one call; returns the count. */
    long next();

    /** The count. */
    long count();
}
