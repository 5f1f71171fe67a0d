package dev.doitlive.runtime.guard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.doitlive.runtime.weave.RunawayGuard;

/**
 * The check the runtime weaves in front of every backward jump (the next turn of a loop) of a refreshable's classes
 * (RunawayGuard): where a loop that never ends is stopped, when asked, with {@link RunawayStopped}.
 *
 * <p>What it costs: one read of a volatile boolean and a branch never taken while no stop is asked (a plain load on
 * x86; the JIT keeps it in the loop, and with it the loop's safepoint poll). An earlier version switched a
 * {@code MutableCallSite} between an empty and a checking target, so that compiled loops carried no check at all;
 * once in a while HotSpot's C2 then compiled a spinning loop with no safepoint poll left in it (the call it counted
 * on for one was inlined to nothing), and the thread could be neither stopped nor even have its stack read: the
 * framework could not stop. A load per turn is the price of a stop that always arrives. Asking a stop sets the flag;
 * a thread that no stop is asked for then pays a scan of the few stops pending at each turn of its loops.
 *
 * <p>Public only because woven classes call {@link #check()}; the rest is the runtime's.
 */
public final class Runaway {
    private static final Object LOCK = new Object();
    /** The stops asked and not ended, copied on write under {@link #LOCK}; the slow check reads it without a lock. */
    private static volatile Stop[] pending = {};
    /** Whether any stop is pending: the one thing every loop turn reads. Written under {@link #LOCK}. */
    private static volatile boolean asked;

    private Runaway() {
    }

    /** Woven in front of every backward jump of a refreshable's methods. */
    public static void check() {
        if (asked) {
            asked();
        }
    }

    /** The slow path, while a stop is pending: stops this thread's call if it is the one asked for. */
    private static void asked() {
        Thread me = Thread.currentThread();
        List<Stop> mine = null;
        for (Stop s : pending) {
            if (s.thread == me) {
                if (mine == null) {
                    mine = new ArrayList<>(2);
                }
                mine.add(s);
            }
        }
        if (mine == null || mine.stream().noneMatch(Stop::armed)) {
            return; // not asked for, or not yet due: no stack walk at every turn
        }
        Stop.Frames frames = Stop.Frames.here();
        Stop deliver = null;
        for (Stop s : mine) {
            if (s.due(frames) && deliver == null) {
                deliver = s;
            }
        }
        if (deliver == null) {
            return;
        }
        // One throw answers every stop asked for this call: none may stay to stop the retry that the proxy makes.
        List<Stop> thrown = new ArrayList<>(mine.size());
        for (Stop s : mine) {
            if (s.stopped(frames.loop())) {
                thrown.add(s);
            }
        }
        if (!thrown.isEmpty()) {
            throw new RunawayStopped("loop in " + frames.loop() + " stopped" + deliver.why, thrown);
        }
    }

    static void ask(Stop s) {
        synchronized (LOCK) {
            Stop[] before = pending;
            Stop[] now = Arrays.copyOf(before, before.length + 1);
            now[before.length] = s;
            pending = now;
            asked = true;
        }
    }

    static void remove(Stop s) {
        synchronized (LOCK) {
            Stop[] before = pending;
            Stop[] now = Arrays.stream(before).filter(p -> p != s).toArray(Stop[]::new);
            if (now.length == before.length) {
                return;
            }
            pending = now;
            asked = now.length > 0;
        }
    }

    /** The stops pending now. */
    static Stop[] pending() {
        return pending;
    }
}
