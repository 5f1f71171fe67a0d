package dev.doitlive.cluster;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Whether a side of the stage may change anything: more than half of the stage's members must be on it. With a member
 * list, the members are the list's addresses, whoever joins: a node outside the list (same stage, same secret) is on
 * the stage, prepares and lands every version, but counts for no side, and the stage's size is the list's, so that
 * every node counts the same. With multicast discovery there is no list: the stage's size is the nodes this node has
 * seen on it, less those that left it cleanly (said so as they went: an {@code exit}, a changed or removed setting);
 * one that died still counts, as a member of a list does.
 */
final class Majority {
    private final Set<InetSocketAddress> list;
    /** Multicast: the nodes seen, less those that left cleanly. */
    private final Set<String> seen = new TreeSet<>();

    /** @param list the configured members; empty with multicast discovery */
    Majority(Collection<InetSocketAddress> list) {
        this.list = Set.copyOf(list);
    }

    /** The members on this side now, by name, with where each listens: the names that count, in the view's order. */
    synchronized List<String> counted(List<String> now, Function<String, InetSocketAddress> where) {
        if (list.isEmpty()) {
            seen.addAll(now);
            return List.copyOf(now);
        }
        return now.stream().filter(n -> {
            InetSocketAddress a = where.apply(n);
            return a != null && list.contains(a);
        }).toList();
    }

    /** A node said it leaves (multicast: it no longer counts). */
    synchronized void left(String node) {
        seen.remove(node);
    }

    /** How many members the stage has, for its majority. */
    synchronized int total() {
        return list.isEmpty() ? seen.size() : list.size();
    }

    /** Whether {@code counted} members are no majority: half of the stage or fewer (a stage of one is never a minority). */
    synchronized boolean minority(int counted) {
        int total = total();
        return total > 1 && counted * 2 <= total;
    }
}
