package dev.doitlive.cluster;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One two-phase refresh as the leader sees it: the members it was sent to, who said ready, who cannot (the first
 * cause wins), who left; then where each landed. Written by the engine's receiving thread, waited on by the leader's.
 */
final class Round {
    final String tx;
    final String name;
    final Set<String> expected;
    private final Set<String> ready = new TreeSet<>();
    private final Map<String, Long> landed = new LinkedHashMap<>();
    private final Map<String, String> notLanded = new LinkedHashMap<>();
    private String failure;

    Round(String tx, String name, List<String> members) {
        this.tx = tx;
        this.name = name;
        this.expected = new TreeSet<>(members);
    }

    synchronized void ready(String from, boolean ok, String text) {
        if (!expected.contains(from)) {
            return;
        }
        if (ok) {
            ready.add(from);
        } else if (failure == null) {
            failure = "node " + from + " cannot prepare it: " + text;
        }
        notifyAll();
    }

    synchronized void landed(String from, boolean ok, long frame, String text) {
        if (ok) {
            landed.put(from, frame);
        } else {
            notLanded.put(from, text);
        }
        notifyAll();
    }

    /** The members now: one that was expected and left fails the round before it is ready, or is no longer waited for. */
    synchronized void members(Collection<String> now) {
        for (String e : new TreeSet<>(expected)) {
            if (!now.contains(e)) {
                if (!ready.containsAll(expected) && failure == null) {
                    failure = "node " + e + " left the stage before it was ready";
                }
                expected.remove(e);
            }
        }
        notifyAll();
    }

    /** Waits until every member is ready (null) or one cannot be (the cause), for at most {@code millis}. */
    synchronized String awaitReady(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (failure == null && !ready.containsAll(expected)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                Set<String> silent = new TreeSet<>(expected);
                silent.removeAll(ready);
                failure = (silent.size() == 1 ? "node " : "nodes ") + String.join(", ", silent) + " did not say ready within "
                        + millis + " ms";
                break;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return failure;
    }

    /** Waits until every member said where it landed, for at most {@code millis}; returns node to frame. */
    synchronized Map<String, Long> awaitLanded(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (landed.size() + notLanded.size() < expected.size() && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
        }
        return new LinkedHashMap<>(landed);
    }

    synchronized Map<String, String> notLanded() {
        return new LinkedHashMap<>(notLanded);
    }
}
