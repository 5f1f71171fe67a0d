package dev.doitlive.runtime.loop;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.Step;
import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.runtime.guard.RunawayCalls;
import dev.doitlive.runtime.refresh.Stalls;

/**
 * One loop: a thread that calls a step, through its proxy, at a fixed rate.
 *
 * <p>Fixed rate without drift: step k is due at {@code start + k * period}. A loop that fell behind (the machine
 * did not run its thread, a GC, a slow step) runs the steps it owes back to back, so that none is missed; one that
 * fell more than {@link #CATCH_UP_NANOS} (or one period, if longer) behind skips what it owes instead, counts it,
 * and goes on on the same grid: a long pause never turns into a long burst. A refresh of the step happens
 * between two steps (the proxy's gate holds the next call until the swap is done). A step that throws is
 * handled by the proxy first (probation, error policy: the version is reverted and the step retried); if it
 * still reaches the loop and no revert happened, the loop pauses and says why. The thread survives anything
 * the step does.
 *
 * <p>On the beat ({@link #perBeat} steps per beat): tick k is due when the beat clock reaches beat {@code k / perBeat},
 * its time read from the clock for each tick, so a tempo change or a downbeat moves the ticks that follow and nothing
 * drifts; the same catch-up and skip rules hold, in ticks. Without a clock it runs at 120 beats per minute.
 */
final class LoopRunner implements Runnable {
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** A step that has not returned after this long (or ten periods, if longer) is said to hang. */
    private static final long HANG_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How far behind a loop still catches up by running the steps it owes back to back. */
    static final long CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** A beat at 120 beats per minute: what a loop on the beat follows without a clock. */
    private static final double NANOS_PER_BEAT_WITHOUT_CLOCK = 0.5e9;
    /** The longest a loop on the beat parks before reading the clock again (a tempo change moves its next tick). */
    private static final long MAX_BEAT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    final String name;
    private final LoopHost host;
    private final Object signal = new Object();
    private final Thread thread;

    private volatile String stepName;
    private volatile Step step;
    private volatile double rate;
    /** The rate its declaration gives ({@code @Loop} or its configuration); {@link #rate} differs when set by hand. */
    private volatile double declaredRate;
    /** Steps per beat of the beat clock, 0: by {@link #rate}; and what its declaration gives. */
    private volatile double perBeat;
    private volatile double declaredPerBeat;
    private volatile LoopDTO.State state;
    private volatile String reason;
    private volatile boolean closed;

    // Written by the loop thread only; read by the shell.
    private volatile long steps;
    private volatile long errors;
    private volatile long overruns;
    private volatile long skipped;
    private volatile long reverts;
    private volatile long lastStep;
    private volatile long worstStep;
    private volatile long runningSince;
    private volatile double measuredRate;
    /** Set when the rate changes or the loop resumes: the measurement starts again. */
    private volatile boolean remeasure;
    /** When the step last said to hang started: it is said once. */
    private volatile long hangReported;
    private long windowStart;
    private long windowSteps;
    private long lastSlowReport;

    /**
     * @param state  how it starts: running, not started, or paused (by hand, before a restart: {@code reason} says so)
     */
    LoopRunner(String name, String stepName, double declaredRate, double rate, LoopDTO.State state, String reason, LoopHost host) {
        this.name = name;
        this.stepName = stepName;
        this.declaredRate = declaredRate;
        this.rate = rate;
        this.host = host;
        this.state = state;
        this.reason = reason;
        this.thread = new Thread(this, "doitlive-loop-" + name);
        thread.setDaemon(true);
        RunawayCalls.watch(thread); // an interrupt of it (a hung step paused, the loop closed) also stops a step that spins
        thread.start();
    }

    // ------------------------------------------------------------------ control (any thread)

    void attach(String stepName, Step step) {
        this.stepName = stepName;
        this.step = step;
        wake();
    }

    void detach() {
        this.step = null;
    }

    String stepName() {
        return stepName;
    }

    boolean hasStep() {
        return step != null;
    }

    /**
     * {@code loop show running at 60 Hz (step show)}, and what was kept from before the restart (a rate set by hand, a
     * pause); {@code waits}: why it steps nothing yet, or empty.
     */
    String announce(String where, String waits) {
        LoopDTO.State s = state;
        String line = "loop " + name + (s == LoopDTO.State.RUNNING && !waits.isEmpty() ? " declared at "
                : s == LoopDTO.State.RUNNING ? " running at " : s == LoopDTO.State.PAUSED ? " paused at " : " declared at ")
                + pace() + " (" + where + ")" + waits;
        if (rateSetByHand()) {
            line += "; its rate was set by live:rate (it declares " + rateText(declaredRate) + ": live:rate " + name
                    + " default goes back to it)";
        }
        if (s == LoopDTO.State.PAUSED) {
            line += "; " + reason + " (live:start " + name + " resumes it)";
        }
        return line;
    }

    /** Why a running loop steps nothing: no refreshable Step of its step's name is live. */
    String waitsForStep() {
        return "waits for its step " + stepName + " (no refreshable Step of that name is live; a refreshable that is no Step"
                + " cannot be one)";
    }

    /** Why it is paused, or null. */
    String reason() {
        return reason;
    }

    boolean attachedTo(Step s) {
        return step == s;
    }

    double rate() {
        return rate;
    }

    double perBeat() {
        return perBeat;
    }

    double declaredPerBeat() {
        return declaredPerBeat;
    }

    void declaredPerBeat(double perBeat) {
        this.declaredPerBeat = perBeat;
    }

    /** Runs on the beat ({@code perBeat} steps per beat), or by its rate again with 0. */
    void perBeat(double perBeat) {
        this.perBeat = perBeat;
        remeasure = true;
        wake();
    }

    void rate(double rate) {
        this.rate = rate;
        remeasure = true;
        wake();
    }

    double declaredRate() {
        return declaredRate;
    }

    void declaredRate(double rate) {
        this.declaredRate = rate;
    }

    /** A rate given with live:rate is in force instead of the declared one. */
    boolean rateSetByHand() {
        return rate != declaredRate || perBeat != declaredPerBeat;
    }

    String start() {
        LoopDTO.State s = state;
        if (s == LoopDTO.State.RUNNING) {
            return name + (step == null ? " " + waitsForStep() : " is already running");
        }
        reason = null;
        remeasure = true;
        state = LoopDTO.State.RUNNING;
        wake();
        String said = name + (s == LoopDTO.State.NOT_STARTED ? " started" : " resumed") + " at " + pace();
        return step == null ? said + "; it " + waitsForStep() : said;
    }

    String pause(String why) {
        long since = runningSince;
        boolean hung = hung(since);
        if (state == LoopDTO.State.PAUSED && !hung) {
            return name + " is already paused";
        }
        reason = why;
        state = LoopDTO.State.PAUSED;
        if (hung) {
            // The way out of a step that waits forever (sleep, wait, blocking I/O); a step that spins in a refreshable's
            // loop ends at its next turn (the thread is watched by RunawayCalls).
            thread.interrupt();
            return name + " paused; its step had been running for " + millis(System.nanoTime() - since) + ": interrupted it";
        }
        return name + " paused" + (since != 0 ? " (after the step running now)" : "");
    }

    /** Says once that the running step has not returned for long; called by the loops' watchdog. */
    void watch() {
        long since = runningSince;
        if (!hung(since) || since == hangReported) {
            return;
        }
        hangReported = since;
        String line = "loop " + name + ": a step of " + stepName + " (seq " + host.liveSeq(stepName) + ") has been running for "
                + millis(System.nanoTime() - since) + " and has not returned; the loop waits for it (live:stop " + name
                + " interrupts it)";
        host.error(stepName, "loop " + name, line, null);
        host.say(line);
    }

    private boolean hung(long since) {
        double r = effectiveRate();
        return since != 0 && System.nanoTime() - since > Math.max(HANG_NANOS, r == 0 ? 0 : (long) (10e9 / r));
    }

    LoopDTO.State state() {
        return state;
    }

    /** Stops the thread: interrupts a step that waits, and gives it a moment to end. */
    void close() {
        closed = true;
        wake();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
        LockSupport.unpark(thread);
    }

    /** {@code 60 Hz}, or {@code 4 steps per beat}. */
    String pace() {
        return perBeat > 0 ? beatText(perBeat) : rateText(rate);
    }

    static String beatText(double perBeat) {
        return (perBeat == Math.rint(perBeat) ? String.valueOf((long) perBeat) : String.valueOf(perBeat))
                + (perBeat == 1 ? " step per beat" : " steps per beat");
    }

    static String rateText(double rate) {
        return rate == 0 ? "free-running" : (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate)) + " Hz";
    }

    LoopDTO toDTO() {
        LoopDTO d = new LoopDTO();
        d.name = name;
        d.step = stepName;
        LoopDTO.State s = state;
        String waits = s == LoopDTO.State.RUNNING ? host.waitingFor(stepName) : null;
        d.state = s == LoopDTO.State.RUNNING && (step == null || waits != null) ? LoopDTO.State.WAITING : s;
        d.reason = waits != null ? waits : s == LoopDTO.State.RUNNING && step == null ? waitsForStep() : reason;
        d.targetRate = effectiveRate();
        d.perBeat = perBeat;
        d.declaredRate = declaredRate;
        d.measuredRate = s == LoopDTO.State.RUNNING && System.nanoTime() - windowStart < 2_000_000_000L ? measuredRate : 0;
        d.lastStepNanos = lastStep;
        d.worstStepNanos = worstStep;
        long since = runningSince;
        d.runningNanos = since == 0 ? 0 : System.nanoTime() - since;
        d.steps = steps;
        d.errors = errors;
        d.overruns = overruns;
        d.skipped = skipped;
        d.reverts = reverts;
        d.liveSeq = host.liveSeq(stepName);
        return d;
    }

    // ------------------------------------------------------------------ the loop thread

    @Override
    public void run() {
        long next = System.nanoTime();
        long tick = -1; // the next tick on the beat; -1: not on the beat
        windowStart = next;
        while (!closed) {
            try {
                Thread.interrupted(); // an interrupt is meant for a hung step (pause), never for the loop's own waits
                Step s = step;
                if (state != LoopDTO.State.RUNNING || s == null || host.waitingFor(stepName) != null) {
                    idle();
                    next = System.nanoTime();
                    tick = -1; // on the beat again from the next tick
                    continue;
                }
                double beats = perBeat;
                if (beats > 0) {
                    tick = onTheBeat(s, beats, tick);
                    next = System.nanoTime();
                    continue;
                }
                tick = -1;
                long period = rate == 0 ? 0 : (long) (1e9 / rate);
                if (period > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(this, wait);
                        continue; // woken early (rate change, pause) or on time: look again
                    }
                }
                once(s, period);
                if (period > 0) {
                    next += period;
                    long behind = System.nanoTime() - next;
                    if (behind > Math.max(CATCH_UP_NANOS, period)) {
                        long owed = behind / period; // steps due by now besides the one that runs next
                        skipped += owed;
                        next += owed * period; // on the same grid: the step due now runs, no drift
                    }
                } else {
                    next = System.nanoTime();
                }
            } catch (Throwable t) {
                // Nothing the step does may end this thread.
                host.say("loop " + name + ": " + t + " in the loop itself; it goes on");
            }
        }
    }

    /**
     * One turn on the beat: waits for tick {@code tick} (the next one from now when -1) and steps, or returns early to
     * be asked again (a wake, a change of the clock). Returns the tick due next.
     */
    private long onTheBeat(Step s, double beats, long tick) {
        BeatClock c = host.clock();
        long now = System.nanoTime();
        double beatNow = c != null ? c.beatAt(now) : now / NANOS_PER_BEAT_WITHOUT_CLOCK;
        if (tick < 0) {
            tick = (long) Math.floor(beatNow * beats) + 1; // the first step lands on a tick, never between two
        }
        long due = c != null ? c.nanosAt(tick / beats) : (long) (tick / beats * NANOS_PER_BEAT_WITHOUT_CLOCK);
        long wait = due - now;
        if (wait > 0) {
            LockSupport.parkNanos(this, Math.min(wait, MAX_BEAT_WAIT_NANOS)); // the tempo may change meanwhile: look again
            return tick;
        }
        long period = (long) (c != null ? 60e9 / c.bpm() / beats : NANOS_PER_BEAT_WITHOUT_CLOCK / beats);
        once(s, period);
        tick++;
        long after = System.nanoTime();
        double behindTicks = (c != null ? c.beatAt(after) : after / NANOS_PER_BEAT_WITHOUT_CLOCK) * beats - tick;
        if (behindTicks * period > Math.max(CATCH_UP_NANOS, period)) {
            long owed = (long) Math.floor(behindTicks) + 1;
            skipped += owed;
            tick += owed; // on the same grid of ticks: the one due next runs on time
        }
        return tick;
    }

    /** The rate it steps at now: its own, or its steps per beat at the clock's tempo. */
    private double effectiveRate() {
        double beats = perBeat;
        if (beats <= 0) {
            return rate;
        }
        BeatClock c = host.clock();
        return (c != null ? c.bpm() : 120) / 60 * beats;
    }

    private void idle() {
        synchronized (signal) {
            if (!closed && (state != LoopDTO.State.RUNNING || step == null || host.waitingFor(stepName) != null)) {
                try {
                    signal.wait(100);
                } catch (InterruptedException e) {
                    // closing, or a spurious interrupt: the loop condition decides
                }
            }
        }
    }

    private void once(Step s, long period) {
        String refreshable = stepName;
        // Counted by the runtime, not read off the live version: the step may wait at the gate for a new version and
        // fail on it, and the revert then brings back the very version that was live before the step.
        long revertsBefore = host.revertCount(refreshable);
        Stalls.clear();
        long t0 = System.nanoTime();
        runningSince = t0;
        if (remeasure) {
            remeasure = false;
            measuredRate = 0;
            windowStart = t0;
            windowSteps = 0;
        }
        Throwable failure = null;
        try {
            s.step();
        } catch (Throwable t) {
            failure = t;
        }
        long t1 = System.nanoTime();
        runningSince = 0;
        long took = t1 - t0;
        lastStep = took;
        if (took > worstStep) {
            worstStep = took;
        }
        steps++;
        windowSteps++;
        if (t1 - windowStart >= 1_000_000_000L) {
            measuredRate = windowSteps * 1e9 / (t1 - windowStart);
            windowStart = t1;
            windowSteps = 0;
        }
        if (period > 0 && took > period) {
            overruns++;
            String cause = Stalls.take();
            if (took > Math.max(2 * period, 50_000_000L) && t1 - lastSlowReport > REPORT_EVERY_NANOS) {
                lastSlowReport = t1;
                String line = "loop " + name + ": a step took " + millis(took) + ", " + (took / period) + "x its period of "
                        + millis(period) + (cause == null ? "" : ", waiting for " + cause + " to be reverted");
                // The one that made it slow gets the entry: a revert of a pattern is not the show's fault.
                host.error(cause == null ? refreshable : cause, "loop " + name, line, null);
            }
        }
        boolean reverted = host.revertCount(refreshable) > revertsBefore;
        if (reverted) {
            reverts++;
        }
        if (failure != null) {
            errors++;
            if (!reverted && !closed) {
                String why = "its step threw " + describe(failure) + " and there was nothing to revert to";
                String line = "loop " + name + " paused: " + why + "; fix " + refreshable + ", then live:restart " + name;
                host.error(refreshable, "loop " + name, line, failure);
                host.say(line);
                pause(why);
            }
        }
    }

    private static String millis(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
