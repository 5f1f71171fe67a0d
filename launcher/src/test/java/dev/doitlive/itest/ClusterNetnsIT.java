package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multicast discovery (discovery = multicast): two runtimes find each other by JGroups' MPING inside a network
 * namespace of the test's own (nothing multicast reaches the host's network), on its veth interface, and a drop on one
 * lands on both. Needs root and iproute2 (skipped without).
 */
class ClusterNetnsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void membersFoundByMulticastAreOneStage() {
        Netns.assumeAvailable();
        try (Netns ns = Netns.create()) {
            String common = "cluster = m\nsecret = the-stage-secret\ndiscovery = multicast\nmulticast = 228.6.7.8:45588\nleadMillis = 300\n";
            try (ClusterNode a = ClusterNode.create(root, "a", common + "node = a\nbind = " + Netns.ADDRESS + ":7800\n", 7800);
                    ClusterNode b = ClusterNode.create(root, "b", common + "node = b\nbind = " + Netns.ADDRESS + ":7801\n", 7801)) {
                a.start(ns.exec());
                b.start(ns.exec());
                Await.until(() -> a.run("live:cluster").contains("stage m: 2 nodes"), WAIT, () -> a.run("live:cluster") + "\n" + a.process.stderrText());
                assertTrue(a.run("live:cluster").contains("multicast discovery on 228.6.7.8:45588"), a.run("live:cluster"));
                a.drop("show.jar", ClusterIT.showJar("1.0.0"));
                b.drop("show.jar", ClusterIT.showJar("1.0.0"));
                Await.until(() -> "1.0.0".equals(a.live("show")) && "1.0.0".equals(b.live("show")), WAIT, "show 1.0.0 on both");
                b.drop("show.jar", ClusterIT.showJar("1.0.1"));
                Await.until(() -> "1.0.1".equals(a.live("show")) && "1.0.1".equals(b.live("show")), WAIT,
                        () -> a.process.stderrText() + "\n" + b.process.stderrText());
            }
        }
    }
}
