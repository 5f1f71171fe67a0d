package dev.doitlive.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.OutcomeDTO;

/**
 * A node that joins (or a minority's node when the stage is whole again) takes the leader's live versions: each
 * refreshable it has is prepared from the leader's bytes and landed at once, unless it runs them already. At a start
 * the refreshables come up after the cluster has joined (the watched folder's bundles start later), so each is waited
 * for, up to a minute; one this node has no file of is said in one line. On a thread of its own.
 */
final class CatchUp {
    private static final long WAIT_MILLIS = 60_000;

    private final LiveRuntime runtime;
    private final long prepareMillis;
    private final Consumer<String> report;
    private final Consumer<String> say;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "doitlive-cluster-catchup");
        t.setDaemon(true);
        return t;
    });
    private volatile String status;

    CatchUp(LiveRuntime runtime, long prepareMillis, Consumer<String> report, Consumer<String> say) {
        this.runtime = runtime;
        this.prepareMillis = prepareMillis;
        this.report = report;
        this.say = say;
    }

    /** Runs the engine's request for a snapshot off the engine's threads. */
    void ask(Runnable asking) {
        status = "catching up with the stage: asking for its live versions";
        thread.execute(asking);
    }

    /** The leader's live versions came (on an engine thread): applied on the catch-up thread, after the request returns. */
    void apply(Map<String, byte[]> live) {
        status = "catching up with the stage: " + String.join(", ", live.keySet());
        thread.execute(() -> catchUp(live));
    }

    private void catchUp(Map<String, byte[]> live) {
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : live.entrySet()) {
            String name = e.getKey();
            if (!await(name)) {
                report.accept("cluster: " + name + " is live on the stage but this node has no file of it: drop its jar into this"
                        + " node's watched folder and the stage brings it to its live version");
                continue;
            }
            OutcomeDTO o = runtime.prepare(name, e.getValue(), null, prepareMillis);
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
            } else {
                report.accept("cluster: cannot catch up " + name + " with the stage: " + l.message);
            }
        }
        status = null;
        say.accept("cluster: caught up with the stage" + (done.isEmpty() ? ": this node ran its live versions already"
                : ": " + String.join(", ", done)));
    }

    private boolean await(String name) {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        for (;;) {
            try {
                runtime.describe(name);
                return true;
            } catch (IllegalArgumentException e) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    Thread.sleep(200); // the watched folder's bundles are still starting
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    return false;
                }
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
