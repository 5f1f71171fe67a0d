package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multicast discovery and a split, in two network namespaces of the test's own joined by one veth link (nothing of it
 * reaches the host's network): a and b in one, c in the other, finding each other by JGroups' MPING across the link. The
 * link goes down at c's end: c, a minority of one, holds its version and refuses a change made there, while a and b go on with
 * theirs; the link comes back: the stage is whole again and c catches up. Needs root and iproute2 (skipped without).
 */
class ClusterNetnsIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String LEFT = "10.201.1.1";
    private static final String RIGHT = "10.201.1.2";

    @TempDir
    Path root;

    @Test
    void aSplitsMinorityHoldsItsVersionsUntilItIsWhole() {
        Netns.assumeAvailable();
        String p1 = "doitlive-cl1-" + ProcessHandle.current().pid();
        String p2 = "doitlive-cl2-" + ProcessHandle.current().pid();
        Netns.run("ip", "netns", "add", p1);
        try {
            Netns.run("ip", "netns", "add", p2);
            Netns.run("ip", "-n", p1, "link", "set", "lo", "up");
            Netns.run("ip", "-n", p2, "link", "set", "lo", "up");
            Netns.run("ip", "-n", p1, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", p2);
            Netns.run("ip", "-n", p1, "addr", "add", LEFT + "/24", "dev", "va");
            Netns.run("ip", "-n", p2, "addr", "add", RIGHT + "/24", "dev", "vb");
            Netns.run("ip", "-n", p1, "link", "set", "va", "up");
            Netns.run("ip", "-n", p2, "link", "set", "vb", "up");
            String common = "cluster = m\nsecret = the-stage-secret\ndiscovery = multicast\nmulticast = 228.6.7.8:45588\nleadMillis = 300\n";
            try (ClusterNode a = ClusterNode.create(root, "a", common + "node = a\nbind = " + LEFT + ":7800\n", 7800);
                    ClusterNode b = ClusterNode.create(root, "b", common + "node = b\nbind = " + LEFT + ":7801\n", 7801);
                    ClusterNode c = ClusterNode.create(root, "c", common + "node = c\nbind = " + RIGHT + ":7800\n", 7800)) {
                a.start(List.of("ip", "netns", "exec", p1));
                b.start(List.of("ip", "netns", "exec", p1));
                c.start(List.of("ip", "netns", "exec", p2));
                java.util.function.Supplier<String> seen = () -> "--- a:\n" + a.process.stderrText() + "\n--- b:\n" + b.process.stderrText()
                        + "\n--- c:\n" + c.process.stderrText();
                // Each of the three sees all three (one put out of the others' view under load once thought itself whole).
                for (ClusterNode n : List.of(a, b, c)) {
                    Await.until(() -> n.run("live:cluster").contains("stage m: 3 nodes"), WAIT, () -> n.run("live:cluster") + "\n" + seen.get());
                }
                assertTrue(a.run("live:cluster").contains("multicast discovery on 228.6.7.8:45588"), a.run("live:cluster"));
                for (ClusterNode n : List.of(a, b, c)) {
                    n.drop("show.jar", ClusterIT.showJar("1.0.0"));
                }
                for (ClusterNode n : List.of(a, b, c)) {
                    Await.until(() -> "1.0.0".equals(n.live("show")), WAIT, "show 1.0.0 on " + n.name);
                }

                // The split: c's end of the link goes down, as when its cable is pulled. a and b's end only loses its
                // carrier, so they keep their network (their multicast discovery still finds each other), as a real
                // stage's majority does; taking their end down took their multicast too, and a node of theirs that
                // rejoined for any reason could then find nobody again.
                Netns.run("ip", "-n", p2, "link", "set", "vb", "down");
                Await.until(() -> c.said("cluster: this side of the stage (c) is a minority of 3"), WAIT, seen);
                Await.until(() -> a.said("cluster: node c left the stage"), WAIT, seen);
                c.drop("show.jar", ClusterIT.showJar("1.0.1"));
                Await.until(() -> c.said("cluster: show from node c does not land: this side of the stage (c) is a minority of 3"), WAIT, seen);
                assertEquals("1.0.0", c.live("show"), "the minority holds its version");
                a.drop("show.jar", ClusterIT.showJar("1.0.2"));
                Await.until(() -> "1.0.2".equals(a.live("show")) && "1.0.2".equals(b.live("show")), WAIT, seen);

                Netns.run("ip", "-n", p2, "link", "set", "vb", "up"); // whole again
                Await.until(() -> c.said("cluster: the stage is whole again"), WAIT, seen);
                Await.until(() -> "1.0.2".equals(c.live("show")), WAIT, seen);
            }
        } finally {
            Netns.run("ip", "netns", "del", p1);
            try {
                Netns.run("ip", "netns", "del", p2);
            } catch (IllegalStateException e) {
                // never made
            }
        }
    }
}
