package dev.doitlive.runtime.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The transfer's breadth-first queue: pairs first in first out, through growth and starting over. */
class PendingTest {
    private static List<Object> drain(Pending p) {
        List<Object> out = new ArrayList<>();
        while (p.size() > 0) {
            out.add(p.poll());
        }
        return out;
    }

    @Test
    void pairsComeOutInTheOrderTheyWentInWhileItGrowsAndIsPolled() {
        Pending p = new Pending();
        List<Object> expected = new ArrayList<>();
        List<Object> seen = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < round * 7; i++, next++) { // more added than taken: it grows and moves its items to the front
                p.add("o" + next, "n" + next);
                expected.add("o" + next);
                expected.add("n" + next);
            }
            for (int i = 0; i < round * 5 && p.size() > 0; i++) {
                seen.add(p.poll());
            }
        }
        seen.addAll(drain(p));
        assertEquals(expected, seen);
        assertEquals(0, p.size());
        assertNull(p.poll());
        p.add("a", "b");
        assertEquals(List.of("a", "b"), drain(p), "usable again once emptied");
    }

    @Test
    void theLastPairCanBeTakenBackAndAPairPutBeforeTheLastOnes() {
        Pending p = new Pending();
        p.add("o1", "n1");
        p.add("o2", "n2");
        assertTrue(p.endsWith("o2", "n2"));
        assertFalse(p.endsWith("o1", "n1"));
        p.dropLast();
        assertEquals(2, p.size());
        p.add("o3", "n3");
        p.insert("run", null, 2);
        assertEquals(java.util.Arrays.asList("o1", "n1", "run", null, "o3", "n3"), drain(p));
        p.insert("x", "y", 0);
        assertEquals(List.of("x", "y"), drain(p));
    }
}
