package dev.doitlive.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WireTest {
    @Test
    void aMessageComesBackAsSent() throws IOException {
        byte[] jar = {1, 2, 3};
        Wire w = Wire.decode(Wire.of(Wire.Kind.PREPARE, "a-1", "show", "reverted by hand", jar, 42, -7, true).encode());
        assertEquals(Wire.Kind.PREPARE, w.kind());
        assertEquals("a-1", w.tx());
        assertEquals("show", w.name());
        assertEquals("reverted by hand", w.text());
        assertArrayEquals(jar, w.jar());
        assertEquals(42, w.a());
        assertEquals(-7, w.b());
        assertEquals(true, w.ok());
        Wire empty = Wire.decode(Wire.of(Wire.Kind.PING, null, null, null, null, 1, 0, false).encode());
        assertNull(empty.name());
        assertNull(empty.jar());
    }

    @Test
    void garbageIsRefusedNotTrusted() {
        assertThrows(IOException.class, () -> Wire.decode(new byte[] {99}));
        assertThrows(IOException.class, () -> Wire.decode(new byte[] {1, 1, 0x7f, 0x7f, 0x7f, 0x7f}));
        assertThrows(IOException.class, () -> Wire.decode(new byte[0]));
    }

    @Test
    void aSnapshotComesBackAsSent() throws IOException {
        Map<String, Wire.Live> live = new LinkedHashMap<>();
        live.put("show", new Wire.Live(new byte[] {9}, "Show.java"));
        live.put("counter", new Wire.Live(new byte[] {8, 7}, null));
        Map<String, Wire.Live> back = Wire.snapshot(Wire.snapshot(live));
        assertEquals(live.keySet(), back.keySet());
        assertArrayEquals(new byte[] {8, 7}, back.get("counter").jar());
        assertEquals("Show.java", back.get("show").file(), "the leader's file name, for a node that lacks it");
    }
}
