package dev.doitlive.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MajorityTest {
    private static InetSocketAddress at(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private final Map<String, InetSocketAddress> where = Map.of("a", at(1), "b", at(2), "c", at(3), "d", at(4));

    @Test
    void aNodeOutsideTheListCountsForNoSide() {
        Majority m = new Majority(List.of(at(1), at(2), at(3)));
        assertEquals(List.of("a", "b", "c"), m.counted(List.of("a", "b", "c", "d"), where::get));
        assertEquals(3, m.total(), "the list's size, whoever joined");
        assertFalse(m.minority(m.counted(List.of("c", "a"), where::get).size()), "two of three, after d came and went and b died");
        assertTrue(m.minority(m.counted(List.of("a", "d"), where::get).size()), "d does not make a alone a majority");
    }

    @Test
    void aMemberWhoseAddressIsNotKnownYetCountsOnceItIs() {
        Majority m = new Majority(List.of(at(1), at(2), at(3)));
        assertEquals(List.of("a"), m.counted(List.of("a", "b"), n -> n.equals("a") ? at(1) : null));
    }

    @Test
    void withMulticastTheNodesSeenLessThoseThatLeftCleanly() {
        Majority m = new Majority(List.of());
        m.counted(List.of("a", "b", "c", "d"), n -> null);
        m.left("d"); // exit
        assertEquals(3, m.total());
        assertFalse(m.minority(m.counted(List.of("a", "c"), n -> null).size()), "b died: a and c are two of three");
        assertTrue(m.minority(1));
    }

    @Test
    void aStageOfOneIsNeverAMinority() {
        assertFalse(new Majority(List.of(at(1))).minority(1));
    }
}
