package dev.doitlive.bench.jmh;

/** A node of {@link GraphHolder}'s graph. */
final class GraphNode {
    int id;
    double weight;
    GraphNode next;

    GraphNode() {
    }

    GraphNode(int id, double weight) {
        this.id = id;
        this.weight = weight;
    }
}
