package dev.doitlive.runtime.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The transfer's identity table: by identity, not equality, through collisions, wrap-around and growth. */
class IdentityTableTest {
    /** Objects whose home in a table of 16 entries (its first size) is entry {@code entry}. */
    private static List<Object> homingTo(int entry, int count) {
        List<Object> found = new ArrayList<>();
        while (found.size() < count) {
            Object o = new Object();
            if (IdentityTable.home(o, 28) == 2 * entry) {
                found.add(o);
            }
        }
        return found;
    }

    @Test
    void keysSharingAHomeAreAllFoundAcrossTheEndOfTheTableAndWhenItGrows() {
        IdentityTable t = new IdentityTable();
        List<Object> keys = homingTo(15, 8); // the last entry: the probe wraps to the start
        for (int i = 0; i < keys.size(); i++) {
            t.put(keys.get(i), "v" + i);
        }
        assertEquals(8, t.size());
        for (int i = 0; i < keys.size(); i++) {
            assertEquals("v" + i, t.get(keys.get(i)));
        }
        assertNull(t.get(homingTo(15, 1).get(0)), "a missing key sharing the home ends its probe at an empty entry");
        List<Object> more = homingTo(0, 8); // the table grows past 16 entries while these go in
        for (int i = 0; i < more.size(); i++) {
            t.put(more.get(i), i);
        }
        assertEquals(16, t.size());
        for (int i = 0; i < keys.size(); i++) {
            assertEquals("v" + i, t.get(keys.get(i)), "kept through growth");
            assertEquals(i, t.get(more.get(i)));
        }
    }

    @Test
    void equalKeysThatAreNotTheSameObjectAreDifferentKeys() {
        IdentityTable t = new IdentityTable();
        String a = new String("same");
        String b = new String("same");
        t.put(a, 1);
        assertNull(t.get(b));
        t.put(b, 2);
        t.put(a, 3);
        assertEquals(2, t.size(), "put replaces the value of the same key");
        assertEquals(3, t.get(a));
        assertEquals(2, t.get(b));
    }

    @Test
    void manyKeysGrowingFromTheSmallestTableOrReservedAhead() {
        for (boolean reserved : new boolean[] {false, true}) {
            IdentityTable t = new IdentityTable();
            Object[] keys = new Object[200_000];
            if (reserved) {
                t.reserve(keys.length);
                assertEquals(0, t.size());
            }
            for (int i = 0; i < keys.length; i++) {
                keys[i] = new Object();
                t.put(keys[i], i);
            }
            assertEquals(keys.length, t.size());
            for (int i = 0; i < keys.length; i++) {
                assertEquals(i, t.get(keys[i]));
            }
            assertNull(t.get(new Object()));
        }
    }
}
