package dev.doitlive.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void namesAFewThenCountsTheRest() {
        assertEquals("", Names.few(List.of()));
        assertEquals("a", Names.few(List.of("a")));
        assertEquals("a, b, c, d", Names.few(List.of("a", "b", "c", "d")), "four are named whole: 'and 1 more' is no shorter");
        assertEquals("a, b, c and 2 more", Names.few(List.of("a", "b", "c", "d", "e")));
    }

    @Test
    void namesOfOneReasonGoTogether() {
        Map<String, String> why = new LinkedHashMap<>();
        why.put("op", "holds a lambda");
        why.put("lock", "holds a lock");
        why.put("onTick", "holds a lambda");
        assertEquals(List.of("op, onTick (holds a lambda)", "lock (holds a lock)"), Names.byReason(why));
    }
}
