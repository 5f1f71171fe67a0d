package dev.doitlive.bench.api;

/** A refreshable holding a graph of objects of its own classes, to measure state transfer by size. */
public interface Graph extends Probe {
    /** Replaces the graph with {@code nodes} nodes, each pointing to the next (a cycle). */
    void build(int nodes);

    /** Nodes in the graph, walked from the first one: proves the graph was carried whole. */
    int walk();

    /** Nodes held (cheap): what callers hammer while the graph is carried. */
    int size();
}
