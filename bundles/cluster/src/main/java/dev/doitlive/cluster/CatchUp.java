package dev.doitlive.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.OutcomeDTO;

/**
 * A node that joins (or a minority's node when the stage is whole again) takes the leader's live versions: each
 * refreshable it has is prepared from the leader's bytes and landed at once, unless it runs them already. At a start
 * the refreshables come up after the cluster has joined (the watched folder's bundles start later), so the catch-up
 * waits until the watched folder has been brought in (up to a minute); then one this node has no file of is said in one
 * line at once, and the catch-up goes on with what the node has. On a thread of its own.
 */
final class CatchUp {
    private static final long WAIT_MILLIS = 60_000;

    private final LiveRuntime runtime;
    private final long prepareMillis;
    private final BooleanSupplier settled;
    private final Consumer<String> report;
    private final Consumer<String> say;
    private final OwnFile ownFile;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "doitlive-cluster-catchup");
        t.setDaemon(true);
        return t;
    });
    private volatile String status;

    /** @param settled whether this node's watched folder has been brought in: until then, a refreshable may still come */
    CatchUp(LiveRuntime runtime, long prepareMillis, BooleanSupplier settled, Consumer<String> report, Consumer<String> say,
            OwnFile ownFile) {
        this.ownFile = ownFile;
        this.runtime = runtime;
        this.prepareMillis = prepareMillis;
        this.settled = settled;
        this.report = report;
        this.say = say;
    }

    /** Runs the engine's request for a snapshot off the engine's threads. */
    void ask(Runnable asking) {
        status = "catching up with the stage: asking for its live versions";
        thread.execute(asking);
    }

    /** The leader's live versions came (on an engine thread): applied on the catch-up thread, after the request returns. */
    void apply(Map<String, Wire.Live> live, String leader) {
        status = "catching up with the stage: " + String.join(", ", live.keySet());
        thread.execute(() -> catchUp(live, leader));
    }

    private void catchUp(Map<String, Wire.Live> live, String leader) {
        awaitSettled();
        List<String> done = new ArrayList<>();
        List<String> lacking = new ArrayList<>();
        for (Map.Entry<String, Wire.Live> e : live.entrySet()) {
            String name = e.getKey();
            if (!has(name)) {
                lacking.add(name);
                String file = e.getValue().file();
                report.accept("cluster: " + name + " is live on the stage (" + (file == null ? "" : "from " + file + " ") + "on node " + leader
                        + ") but this node has no file of it; it catches up without it: put " + (file == null ? "a copy of its file"
                                : "a copy of " + file) + " into this node's watched folder to have it here");
                continue;
            }
            status = "catching up with the stage: " + name;
            OutcomeDTO o = runtime.prepare(name, e.getValue().jar(), null, prepareMillis);
            if (!o.ok) {
                report.accept("cluster: cannot catch up " + name + " with the stage: " + o.message);
                continue;
            }
            if (runtime.describe(name).heldSeq == 0) {
                continue; // runs the stage's version already
            }
            OutcomeDTO l = runtime.land(name, 0, " (caught up with the stage)", prepareMillis);
            if (l.ok) {
                done.add(name + " seq " + l.liveSeq);
                ownFile.warn(name, l.liveSeq, "caught up from node " + leader);
            } else {
                report.accept("cluster: cannot catch up " + name + " with the stage: " + l.message);
            }
        }
        status = null;
        say.accept("cluster: caught up with the stage" + (done.isEmpty() ? ": this node ran its live versions already"
                : ": " + String.join(", ", done)) + (lacking.isEmpty() ? "" : " (without " + String.join(", ", lacking) + ")"));
    }

    private boolean has(String name) {
        try {
            runtime.describe(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Waits, up to a minute, until the watched folder's files are in: at a start the refreshables come up after the join. */
    private void awaitSettled() {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        while (!settled.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100); // the watched folder's first scan is still on
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One line while catching up, else null. */
    String status() {
        return status;
    }

    void close() {
        thread.shutdownNow();
    }
}
