package dev.doitlive.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The lines of the stage that read as text: where a version landed, and what a node's file is. */
class ReportsTest {
    @Test
    void nodesOnOneFrame() {
        assertEquals(" on frame 100", Leader.onFrames(Map.of("a", 100L, "b", 100L, "c", 100L)));
    }

    @Test
    void aNodeOnAnotherFrameIsNamedNotAMap() {
        Map<String, Long> landed = new LinkedHashMap<>();
        landed.put("node-a", 100L);
        landed.put("node-c", 101L);
        landed.put("node-b", 100L);
        assertEquals(" on frame 100 (node-c on 101, 1 frame later)", Leader.onFrames(landed));
        assertEquals("2 frames", Leader.frames(2));
        assertEquals("1 frame", Leader.frames(1));
    }

    @Test
    void aLocationSaysWhetherItsFileIsASource() {
        assertEquals(new Location("Show.java", true), Location.of("doitlive-source:file:/srv/load/Show.java"));
        assertEquals(new Location("show/", true), Location.of("doitlive-source:file:/srv/load/show/"));
        assertEquals(new Location("show.jar", false), Location.of("file:/srv/load/show.jar"));
        assertNull(Location.of(null));
    }

    @Test
    void aSourceBehindTheStageIsSaidWithWhatSavingItDoes() {
        assertEquals("cluster: show: Show.java here is not the stage's version now (seq 4, from node a); saving it, even unchanged,"
                + " makes its code the stage's version again, on every node", OwnFile.line("show", new Location("Show.java", true), 4, "from node a"));
    }
}
