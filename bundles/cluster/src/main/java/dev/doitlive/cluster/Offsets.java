package dev.doitlive.cluster;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each member's clock offset and delivery time, from a ping every second (NTP's arithmetic, with the member's one
 * clock reading taken as it answers): offset = member's clock - ours at the same moment, delivery = half the round
 * trip. The worst delivery of the last samples is what a commit's lead must cover.
 */
final class Offsets {
    private static final int KEPT = 10;

    /** One member's figures; written by the engine's receiving thread, read by any. */
    static final class Member {
        volatile long offset;
        volatile long delivery;
        private final long[] deliveries = new long[KEPT];
        private int next;
        volatile long samples;

        synchronized void sample(long sent, long theirs, long received) {
            long rtt = received - sent;
            delivery = rtt / 2;
            offset = theirs - (sent + rtt / 2);
            deliveries[next] = delivery;
            next = (next + 1) % KEPT;
            samples++;
        }

        synchronized long worstDelivery() {
            long w = 0;
            for (long d : deliveries) {
                w = Math.max(w, d);
            }
            return w;
        }
    }

    private final Map<String, Member> members = new ConcurrentHashMap<>();

    void pong(String member, long sent, long theirs, long received) {
        members.computeIfAbsent(member, m -> new Member()).sample(sent, theirs, received);
    }

    Member of(String member) {
        return members.get(member);
    }

    /** The slowest delivery among {@code names}' recent samples, in nanoseconds (0 for a member not measured yet). */
    long slowest(Collection<String> names) {
        long w = 0;
        for (String n : names) {
            Member m = members.get(n);
            if (m != null) {
                w = Math.max(w, m.worstDelivery());
            }
        }
        return w;
    }

    void retain(Collection<String> names) {
        members.keySet().retainAll(names);
    }
}
