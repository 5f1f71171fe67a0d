package dev.doitlive.bench.jmh;

import dev.doitlive.bench.api.Graph;

/**
 * The state of the transfer benchmark: the same shape as the harness's graph refreshable (a cycle of nodes of the
 * holder's own classes). {@link TransferCost} defines it (with {@link GraphNode}) in two class loaders, as two
 * versions of a bundle.
 */
public final class GraphHolder implements Graph {
    private GraphNode[] nodes = new GraphNode[0];
    private long count;

    @Override
    public void build(int n) {
        GraphNode[] all = new GraphNode[n];
        for (int i = 0; i < n; i++) {
            all[i] = new GraphNode(i, i * 0.5);
        }
        for (int i = 0; i < n; i++) {
            all[i].next = all[(i + 1) % n];
        }
        nodes = all;
    }

    @Override
    public int walk() {
        if (nodes.length == 0) {
            return 0;
        }
        int seen = 1;
        for (GraphNode x = nodes[0].next; x != nodes[0]; x = x.next) {
            seen++;
        }
        return seen;
    }

    @Override
    public int size() {
        return nodes.length;
    }

    @Override
    public String version() {
        return "jmh";
    }

    @Override
    public long next() {
        return ++count;
    }

    @Override
    public long count() {
        return count;
    }
}
