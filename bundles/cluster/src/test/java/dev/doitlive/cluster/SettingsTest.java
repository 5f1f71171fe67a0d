package dev.doitlive.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {
    private final List<String> problems = new ArrayList<>();

    @Test
    void offAndQuietWithoutAStageName() {
        assertNull(Settings.read(Map.of("felix.fileinstall.filename", "x"), "host", problems));
        assertEquals(List.of(), problems);
    }

    @Test
    void aStageWithItsDefaults() {
        Settings s = Settings.read(Map.of("cluster", "show", "secret", "a-long-secret"), "host", problems);
        assertEquals(List.of(), problems);
        assertEquals("host", s.node());
        assertEquals("127.0.0.1", s.bind().getAddress().getHostAddress());
        assertEquals(7800, s.bind().getPort());
        assertEquals(List.of(s.bind()), s.members(), "alone: its own address");
        assertEquals(16_666_667, s.periodNanos());
        assertEquals(100, s.leadMillis());
    }

    @Test
    void noSecretKeepsItOff() {
        assertNull(Settings.read(Map.of("cluster", "show"), "host", problems));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("needs a secret"), problems.toString());
    }

    @Test
    void eachBadValueIsOneLineAndKeepsItOff() {
        assertNull(Settings.read(Map.of("cluster", "show", "secret", "a-long-secret", "members", "127.0.0.1:7800, nowhere",
                "frameRate", "0", "leadMillis", "soon", "discovery", "gossip"), "host", problems));
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.equals("dev.doitlive.cluster.cfg: members: nowhere is not host:port")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("dev.doitlive.cluster.cfg: frameRate = 0 is out of range")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("dev.doitlive.cluster.cfg: leadMillis = soon is no whole number")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("discovery = gossip is neither members")), problems.toString());
    }

    @Test
    void aWordWhereANumberGoesIsNoNumber() {
        assertNull(Settings.read(Map.of("cluster", "show", "secret", "a-long-secret", "frameRate", "banana"), "host", problems));
        assertEquals(List.of("dev.doitlive.cluster.cfg: frameRate = banana is no number: give a number from 1 to 1000"), problems);
    }

    @Test
    void aKeyThatIsNoSettingIsIgnoredAndTheStageStaysOn() {
        Settings.Read r = Settings.read(Map.of("cluster", "show", "secret", "a-long-secret", "colour", "red"), "host");
        assertEquals("show", r.settings().cluster(), "on, with its settings");
        assertEquals(List.of(), r.bad());
        assertEquals(1, r.ignored().size());
        assertTrue(r.ignored().get(0).startsWith("dev.doitlive.cluster.cfg: colour is no setting; it is ignored"), r.ignored().toString());
    }

    @Test
    void aBadValueIsBadAndNoStageNamedIsNeither() {
        Settings.Read bad = Settings.read(Map.of("cluster", "show", "secret", "a-long-secret", "leadMillis", "-5"), "host");
        assertNull(bad.settings());
        assertTrue(!bad.namesNoStage() && bad.bad().size() == 1, bad.toString());
        Settings.Read none = Settings.read(Map.of("node", "a"), "host");
        assertTrue(none.namesNoStage(), none.toString());
    }

    @Test
    void multicastNeedsAGroupAddress() {
        assertNull(Settings.read(Map.of("cluster", "show", "secret", "a-long-secret", "discovery", "multicast", "multicast", "10.0.0.1:45588"),
                "host", problems));
        assertTrue(problems.get(0).contains("is no multicast group"), problems.toString());
    }
}
