package dev.doitlive.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.jgroups.Address;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.Test;

/** Two real JGroups nodes on loopback, one JVM. */
class JGroupsEngineTest {
    /** Records what the engine tells the stage. */
    private static final class Heard implements Engine.Listener {
        volatile List<String> members = List.of();
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void received(String from, byte[] message) {
            messages.add(from + ": " + new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void members(List<String> now, boolean merged) {
            members = now;
        }

        @Override
        public byte[] snapshot() {
            return new byte[0];
        }

        @Override
        public void snapshot(byte[] snapshot) {
        }
    }

    /**
     * CI's ClusterNetnsIT: a node that stopped hearing the others (its group key out of step) put them out of its view, was
     * a minority, and joined again, while the others still held its old self in theirs (they heard it all along). The
     * newcomer is at the old self's own address: the same node, not a second one under its name. It was refused as one
     * ("the name is taken"), and, so marked, ignored the stage for good.
     */
    @Test
    void aNodeThatJoinsAgainWhileItsOldSelfLingersInTheOthersViewIsLetIn() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        int pa = freePort();
        int pb = freePort();
        String members = "127.0.0.1:" + pa + ",127.0.0.1:" + pb;
        JGroupsEngine a = new JGroupsEngine(settings("a", pa, members), lines::add);
        JGroupsEngine b = new JGroupsEngine(settings("b", pb, members), lines::add);
        Heard atA = new Heard();
        Heard atB = new Heard();
        try (a; b) {
            b.join(atB);
            a.join(atA);
            await(() -> atA.members.size() == 2 && atB.members.size() == 2, "both see both: " + atA.members + " " + atB.members);

            // a stops hearing b (b still hears a): a's failure detection puts b out of a's view.
            Address bAddress = b.channel().getAddress();
            DISCARD deaf = new DISCARD().addIgnoredMembers(bAddress);
            a.channel().getProtocolStack().insertProtocol(deaf, ProtocolStack.Position.ABOVE, TCP.class);
            await(() -> atA.members.equals(List.of("a")), "a alone: " + atA.members);
            assertEquals(List.of("b", "a"), atB.members, "b still holds a (it hears a's heartbeats)");

            deaf.resetIgnoredMembers();
            a.rejoin(); // as a minority does
            await(() -> atA.members.equals(List.of("b", "a")), "a back in: " + atA.members + "; said " + lines);
            assertTrue(lines.stream().noneMatch(l -> l.contains("taken")), "nobody refused: " + lines);
            assertTrue(b.send("a", "hello".getBytes(StandardCharsets.UTF_8)), "b sends to a");
            await(() -> atA.messages.contains("b: hello"), "a hears b: " + atA.messages);
        }
    }

    private static Settings settings(String node, int port, String members) {
        List<String> problems = new ArrayList<>();
        Settings s = Settings.read(Map.of("cluster", "t", "secret", "the-stage-secret", "node", node, "bind", "127.0.0.1:" + port,
                "members", members), "host", problems);
        assertEquals(List.of(), problems);
        return s;
    }

    /** A port free now, whose failure-detector port (+ 100) is free too. */
    private static int freePort() throws IOException {
        while (true) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            }
            if (p + 100 < 65536) {
                try (ServerSocket s = new ServerSocket(p + 100, 1, java.net.InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException taken) {
                    // another
                }
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after 30 s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
