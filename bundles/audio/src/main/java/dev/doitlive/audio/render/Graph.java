package dev.doitlive.audio.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.doitlive.api.audio.AudioBlock;
import dev.doitlive.api.audio.AudioBuffer;
import dev.doitlive.api.audio.Block;

/**
 * The blocks as the audio thread renders them: in an order where each comes after the blocks it reads (a cycle is
 * broken where it closes: that input is the buffer before), with its buffers made, and which of them are played.
 * Immutable once made; made off the audio thread whenever a block comes, goes or changes its {@link Block}
 * properties, and published whole.
 */
public final class Graph {
    /** A block as it is bound: its proxy and what it declares. */
    public record Member(String name, AudioBlock block, String[] inputs, int channels, boolean play) {
    }

    final Node[] nodes;
    final Node[] played;
    /** What a missing input reads: cleared before every buffer, so that a block writing into it harms no one. */
    final AudioBuffer silence;

    private Graph(Node[] nodes, Node[] played, AudioBuffer silence) {
        this.nodes = nodes;
        this.played = played;
        this.silence = silence;
    }

    public static Graph empty(int frames) {
        return new Graph(new Node[0], new Node[0], new AudioBuffer(Block.MAX_CHANNELS, frames));
    }

    public List<Node> nodes() {
        return List.of(nodes);
    }

    /**
     * Makes the graph of {@code members}.
     *
     * @param states   each block's state by name (made when missing): kept across graphs
     * @param previous the graph it replaces: a block of the same name and shape keeps its buffers (and so what a
     *                 cycle reads)
     * @param problems one line per input that names no block and per cycle broken
     */
    public static Graph of(List<Member> members, int frames, Function<String, BlockState> states, Graph previous, Consumer<String> problems) {
        Map<String, Member> byName = new LinkedHashMap<>();
        for (Member m : members) {
            byName.putIfAbsent(m.name(), m);
        }
        Map<String, Node> old = new HashMap<>();
        if (previous != null) {
            for (Node n : previous.nodes) {
                old.put(n.name, n);
            }
        }
        // Depth first from each block in name order, inputs before the block: a stable order for the same blocks.
        List<Member> order = new ArrayList<>();
        Map<String, Integer> mark = new HashMap<>(); // 1: on the path, 2: placed
        for (String name : new java.util.TreeSet<>(byName.keySet())) {
            visit(byName.get(name), byName, mark, order, problems);
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (Member m : order) {
            for (String in : m.inputs()) {
                if (byName.containsKey(in) && !in.equals(m.name())) {
                    taken.add(in);
                } else if (!byName.containsKey(in)) {
                    problems.accept(m.name() + " takes " + in + " as input, which no block is (yet): it reads silence");
                }
            }
        }
        AudioBuffer silence = new AudioBuffer(Block.MAX_CHANNELS, frames);
        Map<String, AudioBuffer> outs = new HashMap<>();
        Map<String, AudioBuffer> fades = new HashMap<>();
        for (Member m : order) {
            Node was = old.get(m.name());
            boolean keep = was != null && was.out.channels() == m.channels() && was.out.frames() == frames;
            outs.put(m.name(), keep ? was.out : new AudioBuffer(m.channels(), frames));
            fades.put(m.name(), new AudioBuffer(m.channels(), frames));
        }
        List<Node> nodes = new ArrayList<>();
        List<Node> played = new ArrayList<>();
        for (Member m : order) {
            AudioBuffer[] ins = new AudioBuffer[m.inputs().length];
            for (int i = 0; i < ins.length; i++) {
                ins[i] = outs.getOrDefault(m.inputs()[i], silence);
            }
            Node n = new Node(m.name(), m.block(), outs.get(m.name()), fades.get(m.name()), ins, m.inputs().clone(), states.apply(m.name()),
                    m.play() && !taken.contains(m.name()));
            nodes.add(n);
            if (n.played) {
                played.add(n);
            }
        }
        return new Graph(nodes.toArray(new Node[0]), played.toArray(new Node[0]), silence);
    }

    private static void visit(Member m, Map<String, Member> byName, Map<String, Integer> mark, List<Member> order,
            Consumer<String> problems) {
        Integer seen = mark.get(m.name());
        if (seen != null) {
            return;
        }
        mark.put(m.name(), 1);
        for (String in : m.inputs()) {
            Member input = byName.get(in);
            if (input == null) {
                continue;
            }
            if (Integer.valueOf(1).equals(mark.get(in))) {
                problems.accept(m.name() + " takes " + in + " as input, which takes " + m.name()
                        + (in.equals(m.name()) ? "" : " (through its inputs)") + ": a cycle; " + m.name() + " reads the buffer before of " + in);
                continue;
            }
            visit(input, byName, mark, order, problems);
        }
        mark.put(m.name(), 2);
        order.add(m);
    }

    @Override
    public String toString() {
        return Arrays.stream(nodes).map(n -> n.name + (n.played ? "*" : "")).toList().toString();
    }
}
