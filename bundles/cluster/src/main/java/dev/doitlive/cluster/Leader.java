package dev.doitlive.cluster;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The leader's part of the stage: one two-phase refresh at a time, on a thread of its own. The proposed bytes go to
 * every member (PREPARE); when all are ready, the commit names a frame far enough ahead (COMMIT); one that cannot
 * prepare, leaves, or stays silent aborts it everywhere (ABORT), in one line naming it. On a minority side, nothing is
 * prepared: the proposal is aborted at once.
 */
final class Leader {
    /** What the leader reads of the stage as a round begins. */
    interface Side {
        List<String> members();

        boolean minority();

        int total();
    }

    private final Settings settings;
    private final Engine engine;
    private final Frames frames;
    private final Offsets offsets;
    private final Side side;
    private final Consumer<String> say;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "doitlive-cluster-leader");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong txs = new AtomicLong();
    private volatile Round round;

    Leader(Settings settings, Engine engine, Frames frames, Offsets offsets, Side side, Consumer<String> say) {
        this.settings = settings;
        this.engine = engine;
        this.frames = frames;
        this.offsets = offsets;
        this.side = side;
        this.say = say;
    }

    /** A member proposed a version (engine thread): its round comes after the ones before it. */
    void proposed(String origin, Wire p) {
        thread.execute(() -> lead(origin, p));
    }

    /** READY or LANDED from a member (engine thread). */
    void answered(String from, Wire w) {
        Round r = round;
        if (r == null || !r.tx.equals(w.tx())) {
            return;
        }
        if (w.kind() == Wire.Kind.READY) {
            r.ready(from, w.ok(), w.text());
        } else {
            r.landed(from, w.ok(), w.a(), w.text());
        }
    }

    void members(List<String> now) {
        Round r = round;
        if (r != null) {
            r.members(now);
        }
    }

    void close() {
        thread.shutdownNow();
    }

    private void send(Wire.Kind kind, String tx, String name, String text, byte[] jar, long frame) {
        engine.send(null, Wire.of(kind, tx, name, text, jar, frame, 0, false).encode());
    }

    /**
     * Where the nodes landed: " on frame N" when all on one; else on the frame most landed on, and the others named,
     * "on frame N (c on N+1, 1 frame later)".
     */
    static String onFrames(Map<String, Long> landed) {
        if (landed.isEmpty()) {
            return "";
        }
        Map<Long, Integer> count = new java.util.TreeMap<>();
        landed.values().forEach(f -> count.merge(f, 1, Integer::sum));
        long most = count.entrySet().stream().max(Map.Entry.<Long, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
        List<String> others = new java.util.ArrayList<>();
        new java.util.TreeMap<>(landed).forEach((node, f) -> {
            if (f != most) {
                others.add(node + " on " + f + ", " + frames(Math.abs(f - most)) + (f > most ? " later" : " earlier"));
            }
        });
        return " on frame " + most + (others.isEmpty() ? "" : " (" + String.join("; ", others) + ")");
    }

    /** "1 frame", "2 frames". */
    static String frames(long n) {
        return n + (Math.abs(n) == 1 ? " frame" : " frames");
    }

    private static String notLanded(Map<String, String> notLanded) {
        List<String> l = new java.util.ArrayList<>();
        new java.util.TreeMap<>(notLanded).forEach((node, why) -> l.add(node + " (" + why + ")"));
        return String.join(", ", l);
    }

    private void lead(String origin, Wire p) {
        String name = p.name();
        List<String> expected = side.members();
        String tx = engine.self() + "-" + txs.incrementAndGet();
        if (side.minority()) {
            send(Wire.Kind.ABORT, tx, name, "cluster: " + name + " from node " + origin + " does not land: this side of the stage ("
                    + String.join(", ", expected) + ") is a minority of " + side.total() + "; it holds its versions until the stage"
                    + " is whole again", null, 0);
            return;
        }
        Round r = new Round(tx, name, expected);
        round = r;
        try {
            send(Wire.Kind.PREPARE, tx, name, p.text(), p.jar(), 0);
            String failure = r.awaitReady(settings.prepareMillis());
            if (failure != null) {
                send(Wire.Kind.ABORT, tx, name, "cluster: " + name + " from node " + origin + " does not land anywhere, nothing changes: "
                        + failure, null, 0);
                return;
            }
            // Never less lead than twice the slowest member's delivery time: the commit reaches everyone before its frame.
            long lead = Math.max(settings.leadMillis() * 1_000_000L, 2 * offsets.slowest(r.expected));
            long frame = frames.frameAt(frames.now() + lead) + 1;
            send(Wire.Kind.COMMIT, tx, name, origin, null, frame); // the origin: a member whose file is a source says it is behind
            Map<String, Long> landed = r.awaitLanded(settings.prepareMillis() + lead / 1_000_000L);
            Map<String, String> notLanded = r.notLanded();
            say.accept("cluster: " + name + " from node " + origin + " landed on " + String.join(", ", new TreeSet<>(landed.keySet()))
                    + onFrames(landed) + (notLanded.isEmpty() ? "" : "; not on " + notLanded(notLanded)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            round = null;
        }
    }
}
