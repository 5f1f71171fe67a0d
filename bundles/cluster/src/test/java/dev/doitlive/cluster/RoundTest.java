package dev.doitlive.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RoundTest {
    @Test
    void readyWhenEveryMemberIs() throws InterruptedException {
        Round r = new Round("a-1", "show", List.of("a", "b", "c"));
        r.ready("a", true, "held");
        r.ready("b", true, "held");
        r.ready("x", false, "not a member"); // not asked: not heard
        r.ready("c", true, "held");
        assertNull(r.awaitReady(1000));
    }

    @Test
    void theFirstCauseWins() throws InterruptedException {
        Round r = new Round("a-1", "show", List.of("a", "b", "c"));
        r.ready("c", false, "show: does not resolve");
        r.ready("b", false, "later");
        assertEquals("node c cannot prepare it: show: does not resolve", r.awaitReady(1000));
    }

    @Test
    void aMemberThatLeavesBeforeItIsReadyFailsIt() throws InterruptedException {
        Round r = new Round("a-1", "show", List.of("a", "b", "c"));
        r.ready("a", true, "held");
        r.members(List.of("a", "b"));
        assertEquals("node c left the stage before it was ready", r.awaitReady(1000));
    }

    @Test
    void silenceIsNamed() throws InterruptedException {
        Round r = new Round("a-1", "show", List.of("a", "b"));
        r.ready("a", true, "held");
        assertEquals("node b did not say ready within 50 ms", r.awaitReady(50));
    }

    @Test
    void aMemberThatLeavesAfterTheCommitIsNotWaitedFor() throws InterruptedException {
        Round r = new Round("a-1", "show", List.of("a", "b"));
        r.ready("a", true, "held");
        r.ready("b", true, "held");
        assertNull(r.awaitReady(1000));
        r.landed("a", true, 10, "live");
        r.members(List.of("a"));
        assertEquals(Map.of("a", 10L), r.awaitLanded(1000));
    }
}
