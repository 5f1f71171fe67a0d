package dev.doitlive.audio.render;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.audio.AudioBlock;

/** The order blocks render in, what is played, and the lines for what cannot be wired. */
class GraphTest {
    private static final AudioBlock SILENT = (out, ctx) -> { };
    private final Map<String, BlockState> states = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private static Graph.Member m(String name, String... inputs) {
        return new Graph.Member(name, SILENT, inputs, 1, true);
    }

    private Graph graph(Graph before, Graph.Member... members) {
        return Graph.of(List.of(members), 32, n -> states.computeIfAbsent(n, BlockState::new), before, problems::add);
    }

    private static List<String> order(Graph g) {
        return g.nodes().stream().map(Node::name).toList();
    }

    @Test
    void inputsRenderFirstAndOnlyWhatNoOneTakesIsPlayed() {
        Graph g = graph(null, m("filter", "env"), m("env", "osc", "seq"), m("seq"), m("osc", "seq"), m("drone"));
        assertEquals(List.of("drone", "seq", "osc", "env", "filter"), order(g));
        assertEquals(List.of("drone", "filter"), g.nodes().stream().filter(Node::played).map(Node::name).toList());
        assertSame(g.nodes().get(1).out, g.nodes().get(3).inputs[1], "env reads seq's own buffer");
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void aMissingInputReadsSilenceAndACycleReadsTheBufferBefore() {
        Graph g = graph(null, m("a", "b"), m("b", "a"), m("c", "ghost"));
        assertEquals(List.of("b", "a", "c"), order(g));
        assertTrue(problems.contains("c takes ghost as input, which no block is (yet): it reads silence"), problems.toString());
        assertTrue(problems.stream().anyMatch(l -> l.contains("a cycle")), problems.toString());
        assertSame(g.silence, g.nodes().get(2).inputs[0]);
        assertSame(g.nodes().get(1).out, g.nodes().get(0).inputs[0], "b reads a's buffer: the one before, as a renders after it");
    }

    @Test
    void aBlockKeepsItsBufferAndItsStateAcrossGraphs() {
        Graph g1 = graph(null, m("osc"));
        Graph g2 = graph(g1, m("osc"), m("filter", "osc"));
        assertSame(g1.nodes().get(0).out, g2.nodes().get(0).out);
        assertSame(g1.nodes().get(0).state, g2.nodes().get(0).state);
        assertFalse(g2.nodes().get(0).played());
    }
}
