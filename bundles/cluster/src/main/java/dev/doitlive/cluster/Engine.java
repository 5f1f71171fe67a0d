package dev.doitlive.cluster;

import java.util.List;

/**
 * What the stage needs of a distributed engine, and no more: membership with failure detection, messages to one
 * member or to all (in the order each sender sent them), and a snapshot for a member that joins. {@link JGroupsEngine}
 * is the one there is; a second provider (ZooKeeper with Curator, whose coordination survives losing any one machine)
 * implements the same: members from its ephemeral nodes, messages through a queue or watches, the snapshot as a node.
 * Members are named by their node names, which are unique on the stage.
 */
interface Engine extends AutoCloseable {
    /** What the engine tells the stage; on the engine's threads, which must not be held up. */
    interface Listener {
        /** A message from {@code from} (this node included, for a message to all). */
        void received(String from, byte[] message);

        /**
         * The members now, the leader first. {@code merged}: two sides of a split came together again.
         */
        void members(List<String> members, boolean merged);

        /** A member that joins asks for what the stage holds (on the leader). */
        byte[] snapshot();

        /** What the leader held when this member joined. */
        void snapshot(byte[] snapshot);
    }

    /**
     * Joins the stage; returns once a member of it (alone, if no other answers).
     *
     * @throws Refused when the stage refuses this node (its secret, its name taken) or its port is in use: one line
     * @throws Exception with the cause, otherwise
     */
    void join(Listener listener) throws Exception;

    /**
     * Leaves and joins again: a side of a split that is a minority asks the members it can reach to let it in again (an
     * engine whose halves merge by themselves may do nothing). Returns once joined again (alone, if none answers).
     */
    void rejoin() throws Exception;

    /**
     * Where a member listens (its transport's address and port), as a member list names it; null if unknown. The stage
     * counts only the members of its list for its majority.
     */
    java.net.InetSocketAddress address(String member);

    /** This node's name. */
    String self();

    /**
     * Sends to one member (null: to every member, this one included). Never blocks for long; returns false when it could
     * not (not joined at the moment, or {@code to} is no member).
     */
    boolean send(String to, byte[] message);

    /**
     * Asks a member ({@code from}; null: the leader) for its snapshot, after a join or a merge; the answer comes to
     * {@link Listener#snapshot(byte[])}. Returns once it came, or did not.
     */
    void askSnapshot(String from);

    /** What the engine says of itself for live:cluster: its transport and discovery. */
    String describe();

    @Override
    void close();
}
