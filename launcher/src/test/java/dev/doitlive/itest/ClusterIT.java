package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage of three runtimes on this machine (the packaged doitlive.jar, each its own folder, storage and watched folder,
 * a small heap; TCP on loopback, a member list and a shared secret). One stage goes through the cases in turn:
 * a jar dropped on one node lands on all three on the same frame; a version one node cannot resolve lands nowhere, in
 * one line naming the node and the cause; a failure on probation on one node reverts every node; a node killed with
 * SIGKILL while it prepares aborts the refresh on the others; a node restarted after two refreshes catches up with
 * them; live:revert on one reverts all; a purge on one purges all; a runtime without the secret is refused;
 * one on a port in use, or under a taken name, runs alone; one outside the member list that joins and leaves counts for
 * no side, so that two of the three left after a kill land a change; settings edited on a node. Each node is a 60 Hz loop whose step is the refreshable.
 */
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "the-stage-secret";

    @TempDir
    Path root;
    private final List<ClusterNode> nodes = new ArrayList<>();

    /** The show's step: its label is its Bundle-Version; {@code body} runs in each step. */
    private static byte[] show(String version, String body, String more, String... bnd) {
        java.util.Map<String, String> sources = Sources.of("t.extra.Extra", "package t.extra; public class Extra {}");
        sources.putAll(showSource(body, more));
        return TestBundles.bundle("t.show", version, sources, bnd.length == 0 ? new String[] {"-compileonly: t.extra"} : bnd);
    }

    private static java.util.Map<String, String> showSource(String body, String more) {
        return Sources.of("t.show.Show", """
                package t.show;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                @Component(service = Step.class)
                @Refreshable(name = "show")
                @Loop(rate = 60)
                public class Show implements Step {
                    long steps;
                    public void step() { steps++; %s }
                    %s
                }
                """.formatted(body, more));
    }

    private static byte[] show(String version) {
        return show(version, "", "");
    }

    /** The show's step at {@code version}, for the other cluster tests. */
    static byte[] showJar(String version) {
        return show(version);
    }

    @AfterEach
    void stop() {
        nodes.forEach(ClusterNode::close);
        // The stage's journal, in the test's output: what each node said.
        for (ClusterNode n : nodes) {
            if (n.process != null) {
                System.out.println(n.name + ":\n  " + String.join("\n  ", n.process.stderrLines().stream().filter(l -> l.startsWith("doitlive: ")).toList()));
            }
        }
    }

    private void awaitLive(String version, ClusterNode... on) {
        for (ClusterNode n : on) {
            Await.until(() -> version.equals(n.live("show")), WAIT, () -> "show " + version + " live on " + n.name + " (it has "
                    + n.live("show") + "):\n" + n.process.stderrText());
        }
    }

    /** Whether some node said it: the leader's lines are said on the leader (whichever node the stage's start made it). */
    private boolean saidByLeader(String line) {
        return nodes.stream().anyMatch(n -> n.process != null && n.said(line));
    }

    /** Every node's cluster lines, for a failure's message. */
    private String clusterLines() {
        StringBuilder sb = new StringBuilder();
        for (ClusterNode n : nodes) {
            sb.append(n.name).append(":\n");
            n.process.stderrLines().stream().filter(l -> l.contains("cluster") || l.contains("show")).forEach(l -> sb.append("  ").append(l).append('\n'));
        }
        return sb.toString();
    }

    /**
     * The leader killed while the others prepare its round: nobody is left to decide it, so each drops the version it
     * prepared at once (it would hold it for a minute) and says so; the two left, a majority of the list, then land the
     * next version under their new leader.
     */
    @Test
    void aRoundWhoseLeaderDiesIsDroppedByTheOthers() throws Exception {
        int[] ports = ClusterNode.ports(3);
        String members = ClusterNode.members(ports);
        for (String name : List.of("a", "b", "c")) {
            nodes.add(ClusterNode.create(root, name, ports[nodes.size()], members, SECRET, ""));
        }
        for (ClusterNode n : nodes) {
            n.start();
        }
        ClusterNode first = nodes.get(0);
        for (ClusterNode n : nodes) { // each sees all three (see oneStage)
            Await.until(() -> n.run("live:cluster").contains("stage t: 3 nodes"), WAIT, () -> n.run("live:cluster") + "\n" + clusterLines());
        }
        for (ClusterNode n : nodes) {
            n.drop("show.jar", show("1.0.0"));
        }
        awaitLive("1.0.0", nodes.toArray(ClusterNode[]::new));
        String leaderName = first.leader();
        ClusterNode leader = nodes.stream().filter(n -> n.name.equals(leaderName)).findFirst().orElseThrow(() -> new AssertionError(
                "no leader in " + first.run("live:cluster")));
        List<ClusterNode> others = nodes.stream().filter(n -> n != leader).toList();
        ClusterNode origin = others.get(0);
        origin.drop("show.jar", show("1.0.1", "", """
                @Activate void on() throws Exception {
                    System.err.println("show 1.0.1 activating in " + new java.io.File("").getAbsoluteFile().getName());
                    Thread.sleep(3000);
                }
                """));
        Await.until(() -> leader.said("show 1.0.1 activating in " + leader.name), WAIT, leader.process::stderrText);
        leader.process.kill();
        for (ClusterNode n : others) {
            Await.until(() -> n.said("cluster: show does not land anywhere, nothing changes: the stage's leader " + leader.name
                    + " left before it was decided"), WAIT, n.process::stderrText);
            Await.until(() -> n.said("never lands: the stage's leader left before deciding it; seq 1 (1.0.0) stays live"), WAIT,
                    n.process::stderrText);
        }
        awaitLive("1.0.0", others.toArray(ClusterNode[]::new));
        others.get(1).drop("show.jar", show("1.0.2"));
        awaitLive("1.0.2", others.toArray(ClusterNode[]::new));
    }

    @Test
    void oneStage() throws Exception {
        int[] ports = ClusterNode.ports(5);
        String members = ClusterNode.members(new int[] {ports[0], ports[1], ports[2]});
        ClusterNode a = ClusterNode.create(root, "a", ports[0], members, SECRET, "");
        ClusterNode b = ClusterNode.create(root, "b", ports[1], members, SECRET, "");
        ClusterNode c = ClusterNode.create(root, "c", ports[2], members, SECRET, "");
        nodes.addAll(List.of(a, b, c));
        for (ClusterNode n : nodes) {
            n.start();
        }
        // Each of the three sees all three: a node that started as a stage of its own may be in the others' view before
        // it has their view (a clean-clone CI run: b, alone, never heard the first round's prepare).
        for (ClusterNode n : nodes) {
            Await.until(() -> n.run("live:cluster").contains("stage t: 3 nodes"), WAIT, () -> n.run("live:cluster") + "\n" + clusterLines());
        }
        // Bytes that are no member's on a's port: one line, and the stage goes on.
        try (java.net.Socket g = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), ports[0])) {
            g.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            g.getOutputStream().flush();
            Await.until(() -> a.said("to this node's port is not a member's (its first bytes are not the stage's transport's); it is dropped"),
                    WAIT, a.process::stderrText);
        }
        for (ClusterNode n : nodes) {
            n.drop("show.jar", show("1.0.0")); // each node's own first version
        }
        awaitLive("1.0.0", a, b, c);

        // A drop on one lands on all, on the same frame.
        a.drop("show.jar", show("1.0.1"));
        awaitLive("1.0.1", a, b, c);
        for (ClusterNode n : nodes) { // each node records the frame it swapped on, once its landing is over
            Await.until(() -> n.commitFrame("show") > 0, WAIT, () -> n.run("live:cluster") + "\n" + n.process.stderrText());
        }
        // Every node aimed at the same frame and landed on it; one whose machine stalled past it (2 cores shared by
        // every node and more) says so, and that the commit had come in time: no other excuse is taken.
        long frame = a.commitFrame("show");
        for (ClusterNode n : nodes) {
            assertEquals(frame, n.commitFrame("show"), this::clusterLines);
            assertTrue(!n.run("live:cluster").contains("after its commit frame") || n.said("after its commit frame " + frame)
                    && n.said("before it, and this node stalled"), this::clusterLines);
        }
        Await.until(() -> saidByLeader("cluster: show from node a landed on a, b, c on frame"), WAIT, this::clusterLines);

        // A version that c cannot resolve (it lacks the API jar the others have) lands nowhere, and says why.
        byte[] extra = TestBundles.bundle("t.extra", "1.0.0", Sources.of("t.extra.Extra", "package t.extra; public class Extra {}"),
                "Export-Package: t.extra;version=1.0.0");
        a.drop("extra.jar", extra);
        b.drop("extra.jar", extra);
        b.drop("show.jar", show("1.0.2", "new t.extra.Extra();", "", "-compileonly: t.extra"));
        for (ClusterNode n : nodes) {
            Await.until(() -> n.said("cluster: show from node b does not land anywhere, nothing changes: node c cannot prepare it")
                    && n.said("t.extra"), WAIT, n.process::stderrText);
        }
        awaitLive("1.0.1", a, b, c);

        // A failure on probation on c reverts c, and the stage reverts a and b.
        Files.writeString(c.dir.resolve("fail"), "");
        a.drop("show.jar", show("1.0.3", "if (new java.io.File(\"fail\").exists()) throw new IllegalStateException(\"fails on c\");", ""));
        Await.until(() -> c.said("fails on c (on probation) - reverting show to seq 2 (1.0.1)"), WAIT, c.process::stderrText);
        Await.until(() -> saidByLeader("cluster: show from node c landed on a, b, c"), WAIT, this::clusterLines);
        awaitLive("1.0.1", a, b, c);
        Files.delete(c.dir.resolve("fail"));

        // c killed while it prepares (this version takes 3 s to activate): the refresh lands nowhere.
        a.drop("show.jar", show("1.0.4", "", """
                @Activate void on() throws Exception {
                    System.err.println("show 1.0.4 activating in " + new java.io.File("").getAbsoluteFile().getName());
                    Thread.sleep(3000);
                }
                """));
        Await.until(() -> c.said("show 1.0.4 activating in c"), WAIT, c.process::stderrText);
        boolean cLed = "c".equals(a.leader()); // the view's order is JGroups' (who joined first): c leads in some runs
        c.process.kill();
        for (ClusterNode n : List.of(a, b)) {
            Await.until(() -> n.said("cluster: node c left the stage"), WAIT, n.process::stderrText);
            Await.until(() -> n.said(cLed ? "cluster: show does not land anywhere, nothing changes: the stage's leader c left before it was decided"
                    : "cluster: show from node a does not land anywhere, nothing changes: node c left the stage before it was ready"),
                    WAIT, n.process::stderrText);
        }
        awaitLive("1.0.1", a, b);

        // Two refreshes while c is down; c restarted catches up with them.
        a.drop("show.jar", show("1.0.5"));
        awaitLive("1.0.5", a, b);
        b.drop("show.jar", show("1.0.6"));
        awaitLive("1.0.6", a, b);
        c.start();
        awaitLive("1.0.6", c);
        Await.until(() -> c.said("cluster: caught up with the stage"), WAIT, c.process::stderrText);

        // A revert typed on one node lands on all.
        assertTrue(b.run("live:revert show").contains("1.0.5"), "b's live:revert answers once it landed");
        awaitLive("1.0.5", a, b, c);

        // A purge on one node purges every node's history.
        a.run("live:purge show");
        for (ClusterNode n : List.of(b, c)) {
            Await.until(() -> n.said("cluster: purged show's history as node a did"), WAIT, n.process::stderrText);
        }

        // A runtime without the secret is refused.
        ClusterNode d = ClusterNode.create(root, "d", ports[3], members, "not-the-secret", "");
        nodes.add(d);
        d.start();
        Await.until(() -> d.said("cluster: refused by stage t"), WAIT, d.process::stderrText);
        Await.until(() -> saidByLeader("does not have the stage's secret"), WAIT, this::clusterLines); // the leader: whoever the start made it
        assertTrue(a.run("live:cluster").contains("stage t: 3 nodes"), a.run("live:cluster"));
        assertTrue(d.run("live:cluster").startsWith("cluster: off: refused by stage t"), d.run("live:cluster"));
        d.process.kill(); // done with it: the machine's two cores for the rest

        // A fifth runtime e, outside the member list, same secret. First on b's port: in use, said in our words.
        String eCfg = "cluster = t\nbind = 127.0.0.1:%d\nmembers = " + members + "\nsecret = " + SECRET + "\nleadMillis = 300\nnode = %s\n";
        ClusterNode e = ClusterNode.create(root, "e", eCfg.formatted(ports[1], "e"), ports[4]);
        nodes.add(e);
        e.start();
        String inUse = "cluster: 127.0.0.1:" + ports[1] + " is in use (another runtime on this port?); this node runs alone, off the stage";
        Await.until(() -> e.said(inUse), WAIT, e.process::stderrText);
        assertEquals("cluster: off: 127.0.0.1:" + ports[1] + " is in use (another runtime on this port?)", e.run("live:cluster"));
        // Then under a's name: refused, on both sides, and it runs alone.
        Files.writeString(e.dir.resolve("config/dev.doitlive.cluster.cfg"), eCfg.formatted(ports[4], "a"));
        Await.until(() -> e.said("cluster: node name a is taken on stage t (by 127.0.0.1:" + ports[0] + "): give this node another node = ..."
                + " in dev.doitlive.cluster.cfg; this node runs alone, off the stage"), WAIT, e.process::stderrText);
        Await.until(() -> saidByLeader("cluster: refused node a at 127.0.0.1:" + ports[4] + ": the name is taken on stage t"), WAIT, this::clusterLines);
        assertTrue(a.run("live:cluster").contains("stage t: 3 nodes"), a.run("live:cluster"));
        assertTrue(e.run("live:cluster").startsWith("cluster: off: node name a is taken"), e.run("live:cluster"));
        assertTrue(!e.said("caught up with the stage"), "refused before it caught up with anything");
        // With a name of its own it joins; it lacks show, says so at once, and catches up without it.
        Files.writeString(e.dir.resolve("config/dev.doitlive.cluster.cfg"), eCfg.formatted(ports[4], "e"));
        Await.until(() -> e.said("cluster: show is live on the stage (from show.jar on node ") && e.said(") but this node has no file of it"), WAIT,
                e.process::stderrText);
        Await.until(() -> e.said("cluster: caught up with the stage: this node ran its live versions already (without show)"), WAIT,
                e.process::stderrText);
        Await.until(() -> a.said("cluster: node e joined the stage"), WAIT, a.process::stderrText);
        // e goes (exit), then b is killed: a and c are two of the three members, a majority (e counted for none), and
        // a change lands on both.
        e.process.exit(WAIT);
        Await.until(() -> a.said("cluster: node e left the stage"), WAIT, a.process::stderrText);
        b.process.kill();
        for (ClusterNode n : List.of(a, c)) {
            Await.until(() -> n.said("cluster: node b left the stage"), WAIT, n.process::stderrText);
        }
        a.drop("show.jar", show("1.0.7"));
        awaitLive("1.0.7", a, c);
        Await.until(() -> saidByLeader("cluster: show from node a landed on a, c on frame"), WAIT, this::clusterLines);
        assertTrue(nodes.stream().noneMatch(n -> n.said("is a minority of")), this::clusterLines);

        // c's settings: a key that is no setting is ignored, a bad value keeps the settings in force; no cluster key: c leaves.
        Path cCfg = c.dir.resolve("config/dev.doitlive.cluster.cfg");
        String cSettings = Files.readString(cCfg);
        Files.writeString(cCfg, cSettings + "colour = red\nframeRate = banana\n");
        Await.until(() -> c.said("dev.doitlive.cluster.cfg: frameRate = banana is no number: give a number from 1 to 1000; the stage goes on"
                + " with the settings in force"), WAIT, c.process::stderrText);
        assertTrue(c.said("dev.doitlive.cluster.cfg: colour is no setting; it is ignored"), c.process.stderrText());
        assertTrue(c.run("live:cluster").startsWith("stage t: 2 nodes"), c.run("live:cluster"));
        Files.writeString(cCfg, cSettings.replace("cluster = t\n", ""));
        Await.until(() -> c.said("cluster: node c left stage t: dev.doitlive.cluster.cfg names no stage now"), WAIT, c.process::stderrText);
        Await.until(() -> a.said("cluster: node c left the stage"), WAIT, a.process::stderrText);
        // What JGroups says as a killed peer's socket closes is no news: the node-left lines said it.
        assertTrue(nodes.stream().noneMatch(n -> n.said("graceful close")), this::clusterLines);
    }
}
