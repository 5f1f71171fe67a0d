package dev.doitlive.audio;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.audio.render.BlockState;
import dev.doitlive.audio.render.Node;
import dev.doitlive.audio.render.Player;
import dev.doitlive.audio.render.Scrub;

/**
 * The engine's voice, on a thread of its own, so that the audio thread never allocates, locks or prints: woken by the
 * audio thread when it flags something (and every quarter second anyway), it asks the runtime to revert a block whose
 * samples failed ({@link LiveRuntime#callFailed}), silences one that nothing reverts and lets it play again with the
 * NaNs and infinities of its state set to 0, says a render that does not return (and on probation stops it), and says
 * in one line, at most every ten seconds each, a block slower than its buffer and buffers that came late.
 */
final class Watch implements AutoCloseable {
    private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long THROTTLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long a block tried again must play without failing before a line says it plays again. */
    private static final long PLAYS_AGAIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Engine engine;
    private final LiveRuntime runtime;
    private final Thread thread;
    private volatile boolean running = true;
    /** A render that has not returned for this long is said (the sound stops while it runs). */
    static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The first try again of a block silenced for bad samples, doubled at each failure up to {@link #THROTTLE_NANOS}. */
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Map<String, Long> slowSaidAt = new HashMap<>();
    private final java.util.Set<String> saidSlow = new java.util.HashSet<>();
    private final Map<String, Long> stuckSaidAt = new HashMap<>();
    private final Map<String, Long> stuckLineAt = new HashMap<>();
    private final Map<String, Recovery> recovering = new HashMap<>();
    private long startedAt;
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
        long now = System.nanoTime();
        if (p != lastPlayer) {
            lastPlayer = p;
            lateSaid = 0;
            startedAt = now;
        }
        Throwable broke = p.takeBroke();
        if (broke != null) {
            runtime.report("audio", "audio: the engine failed on a buffer: " + broke + "; it goes on");
        }
        for (Node n : engine.nodes()) {
            BlockState s = n.state();
            try {
                n.warm();
            } catch (RuntimeException e) {
                // what reflection cannot read stays unwarmed: the swap's walk finds it then, as before
            }
            stuck(n, s, now);
            // A flag raised before the block's latest swap is about a version gone: not the live one's to answer for.
            boolean current = s.badSwap() == s.swaps();
            Throwable thrown = s.takeThrown();
            if (thrown != null && current && (s.muted() == null || s.muted() == BlockState.THREW)) {
                String why = "render() threw " + thrown.getClass().getSimpleName() + (thrown.getMessage() == null ? "" : ": "
                        + thrown.getMessage().lines().findFirst().orElse(""));
                s.mute(why, s.badSwap());
                runtime.report("audio", "audio: " + s.name() + ": " + why + " and nothing reverted it: " + s.name()
                        + " is silent until its next version");
            }
            if (s.muted() == BlockState.THREW && !current) {
                s.unmute(); // silenced as a version that threw, while the next one came: the next one plays
            }
            Recovery r = recovering.get(s.name());
            if (r != null && (r.swaps != s.swaps() || (s.muted() == null && now - r.triedAt > THROTTLE_NANOS))) {
                recovering.remove(s.name()); // a new version came, or it has played since its last try: over
                r = null;
            }
            if (r != null && r.unsure && s.muted() == null && now - r.triedAt > PLAYS_AGAIN_NANOS) {
                // Its last try's line could not promise it (nothing to set to 0, or a try after failed ones): it plays now.
                r.unsure = false;
                runtime.report("audio", "audio: " + s.name() + " plays again (tried " + r.tries + (r.tries == 1 ? " time)" : " times)"));
            }
            String bad = s.takeBad();
            if (bad != null && current && s.muted() == null) {
                if (r != null) {
                    // Tried again and failed again: silent again, and the next try waits longer (never every buffer).
                    s.mute(bad, s.badSwap());
                    r.retryAt = now + Math.min(THROTTLE_NANOS, RETRY_NANOS << Math.min(4, r.tries));
                    r.bad = bad;
                } else if (!runtime.callFailed(s.name(), bad)) {
                    // The runtime reverts it (on probation, or by its error policy) or says why not; meanwhile it is silenced.
                    s.mute(bad, s.badSwap());
                    recovering.put(s.name(), new Recovery(bad, s.swaps(), p.played() + 2, now));
                }
            }
            if (r != null && s.muted() != null && now >= r.retryAt && p.played() >= r.afterBuffer) {
                retry(n, s, r, now);
            }
            long slow = s.unsaidSlow();
            if (slow > 0 && now - slowSaidAt.getOrDefault(s.name(), now - THROTTLE_NANOS) >= THROTTLE_NANOS) {
                slowSaidAt.put(s.name(), now);
                s.takeSlow();
                runtime.report("audio", "audio: " + s.name() + " was slower than its buffer " + slow + (slow == 1 ? " time" : " times")
                        + (saidSlow.add(s.name()) ? "" : " since the last line") + " (its worst render " + Views.ms(s.takeSlowWorst())
                        + ", a buffer plays " + Views.ms(p.periodNanos()) + "): the sound drops out when the blocks together are slower;"
                        + " live:audio shows each");
            }
        }
        long late = p.late();
        if (now - startedAt < BlockState.WARMING_NANOS) {
            // The audio thread's first seconds: the JIT is cold and the framework is starting beside it. Counted, not said.
            lateSaid = late;
            p.takeLateGap();
        } else if (late > lateSaid && now - lateSaidAt >= THROTTLE_NANOS) {
            long[] gap = p.takeLateGap();
            long n = late - lateSaid;
            String why = gap[0] == 0 ? "" : "; the longest wait between two buffers was " + Views.ms(gap[0]) + " (a buffer plays "
                    + Views.ms(p.periodNanos()) + "), " + Views.ms(gap[1]) + " of it rendering: " + (gap[1] * 2 > gap[0]
                            ? "the blocks are too slow (live:audio shows each)"
                            : "the audio thread did not get to run in time (a busy machine, a pause of the JVM)");
            runtime.report("audio", "audio: " + n + (n == 1 ? " buffer" : " buffers") + " came late (the output ran dry: a dropout)" + why);
            lateSaid = late;
            lateSaidAt = now;
        }
    }

    /** A render running for more than {@link #STUCK_NANOS}: said, and on probation stopped as live:interrupt does. */
    private void stuck(Node n, BlockState s, long now) {
        long since = s.renderingSince();
        if (since == 0 || now - since < STUCK_NANOS) {
            return;
        }
        String name = s.name();
        String line = "audio: " + name + "'s render has not returned for " + String.format(java.util.Locale.ROOT, "%.1f s", (now - since) / 1e9)
                + " (the sound stops)";
        Long tried = stuckSaidAt.get(name);
        dev.doitlive.api.RefreshableDTO d = null;
        if (tried == null || tried != since) {
            try {
                d = runtime.describe(name);
            } catch (IllegalArgumentException e) {
                // not a refreshable (yet): no probation to stop it on
            }
        }
        if (d != null && d.status == dev.doitlive.api.RefreshableDTO.Status.PROBATION) {
            // Once for this render: if the interrupt cannot end it (blocked outside its loops), the line below repeats.
            stuckSaidAt.put(name, since);
            stuckLineAt.put(name, now);
            runtime.report("audio", line + "; it is on probation: stopping it as live:interrupt " + name + " does");
            runtime.interrupt(name); // the proxy reverts it and renders the buffer through the version before
            return;
        }
        Long lineAt = stuckLineAt.get(name);
        if (lineAt == null || now - lineAt >= THROTTLE_NANOS) {
            stuckLineAt.put(name, now);
            runtime.report("audio", line + ": live:interrupt " + name + " stops it");
        }
    }

    /** Lets a block silenced for bad samples play again, its state's NaNs and infinities set to 0 first. */
    private void retry(Node n, BlockState s, Recovery r, long now) {
        Scrub.Found found;
        try {
            found = Scrub.nonFinite(n.block());
        } catch (RuntimeException e) {
            found = new Scrub.Found(java.util.Set.of(), java.util.Set.of());
        }
        String what = String.join(" and ", found.kinds());
        String fields = String.join(", ", found.fields());
        String line = "audio: " + s.name() + ": " + r.bad + " and nothing reverts it; " + (found.isEmpty()
                ? "its state holds no NaN, infinity or runaway number to set to 0: it is tried again now and at most every 10 s"
                        + " while it fails (live:set a knob back, or a new version)"
                : r.tries == 0 ? "its state held " + what + " (" + fields + "): set to 0, it plays again"
                : "its state held " + what + " (" + fields + ") again: set to 0, tried again");
        r.unsure = found.isEmpty() || r.tries > 0; // a line that promised nothing: a later one says when it plays
        if (r.tries == 0 || now - r.saidAt >= THROTTLE_NANOS) {
            runtime.report("audio", r.tries == 0 ? line : line + " (try " + (r.tries + 1) + ")");
            r.saidAt = now;
        }
        r.tries++;
        r.triedAt = now;
        r.retryAt = Long.MAX_VALUE; // until it fails again
        s.unmute();
    }

    /** A block silenced for bad samples that nothing reverts: when the engine tries it again. */
    private static final class Recovery {
        String bad;
        final long swaps;
        final long afterBuffer;
        long retryAt;
        long triedAt;
        long saidAt;
        int tries;
        /** Whether the last try's line left it open whether it plays (then a line says when it does). */
        boolean unsure;

        Recovery(String bad, long swaps, long afterBuffer, long now) {
            this.bad = bad;
            this.swaps = swaps;
            this.afterBuffer = afterBuffer; // a render running as it was silenced has ended: no render beside the scrub
            this.retryAt = now;
            this.triedAt = now;
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
