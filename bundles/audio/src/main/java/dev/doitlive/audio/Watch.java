package dev.doitlive.audio;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.audio.render.BlockState;
import dev.doitlive.audio.render.Node;
import dev.doitlive.audio.render.Player;

/**
 * The engine's voice, on a thread of its own, so that the audio thread never allocates, locks or prints: woken by the
 * audio thread when it flags something (and every quarter second anyway), it asks the runtime to revert a block whose
 * samples failed ({@link LiveRuntime#callFailed}), silences one that nothing reverts until its next version, and says
 * in one line, at most every ten seconds each, a block slower than its buffer and buffers that came late.
 */
final class Watch implements AutoCloseable {
    private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long THROTTLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Engine engine;
    private final LiveRuntime runtime;
    private final Thread thread;
    private volatile boolean running = true;
    private final Map<String, Long> slowSaidAt = new HashMap<>();
    private long lateSaid;
    private long lateSaidAt;
    private Player lastPlayer;

    Watch(Engine engine, LiveRuntime runtime) {
        this.engine = engine;
        this.runtime = runtime;
        this.thread = new Thread(this::run, "doitlive-audio-watch");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Something is flagged: look now. Any thread; never blocks, never allocates. */
    void wake() {
        LockSupport.unpark(thread);
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(EVERY_NANOS);
            try {
                look();
            } catch (RuntimeException e) {
                runtime.report("audio", "audio: the engine's watch failed: " + e + "; it goes on");
            }
        }
    }

    private void look() {
        Player p = engine.player();
        if (p == null) {
            return;
        }
        if (p != lastPlayer) {
            lastPlayer = p;
            lateSaid = 0;
        }
        Throwable broke = p.takeBroke();
        if (broke != null) {
            runtime.report("audio", "audio: the engine failed on a buffer: " + broke + "; it goes on");
        }
        long now = System.nanoTime();
        for (Node n : engine.nodes()) {
            BlockState s = n.state();
            // A flag raised before the block's latest swap is about a version gone: not the live one's to answer for.
            boolean current = s.badSwap() == s.swaps();
            Throwable thrown = s.takeThrown();
            if (thrown != null && current && s.muted() == null) {
                String why = "render() threw " + thrown.getClass().getSimpleName() + (thrown.getMessage() == null ? "" : ": "
                        + thrown.getMessage().lines().findFirst().orElse(""));
                s.mute(why, s.badSwap());
                runtime.report("audio", "audio: " + s.name() + ": " + why + " and nothing reverted it: " + s.name()
                        + " is silent until its next version");
            }
            String bad = s.takeBad();
            if (bad != null && current && s.muted() == null) {
                // The runtime reverts it (on probation, or by its error policy) or says why not; meanwhile it is silenced.
                if (!runtime.callFailed(s.name(), bad)) {
                    s.mute(bad, s.badSwap());
                    runtime.report("audio", "audio: " + s.name() + ": " + bad + " and nothing reverts it: " + s.name()
                            + " is silent until its next version");
                }
            }
            long slow = s.takeSlow();
            if (slow > 0 && now - slowSaidAt.getOrDefault(s.name(), now - THROTTLE_NANOS) >= THROTTLE_NANOS) {
                slowSaidAt.put(s.name(), now);
                runtime.report("audio", "audio: " + s.name() + " was slower than its buffer " + slow + (slow == 1 ? " time" : " times")
                        + " (its worst render " + Views.ms(s.worstNanos()) + ", a buffer plays " + Views.ms(p.periodNanos())
                        + "): the sound drops out when the blocks together are slower; live:audio shows each");
            }
        }
        long late = p.late();
        if (late > lateSaid && now - lateSaidAt >= THROTTLE_NANOS) {
            runtime.report("audio", "audio: " + (late - lateSaid) + (late - lateSaid == 1 ? " buffer" : " buffers")
                    + " came late (the output ran dry: a dropout); the slowest buffer took " + Views.ms(p.worstRenderNanos()) + " of its "
                    + Views.ms(p.periodNanos()));
            lateSaid = late;
            lateSaidAt = now;
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
