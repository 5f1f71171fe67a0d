package dev.doitlive.runtime.guard;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.doitlive.runtime.weave.RunawayGuard;

/**
 * The check the runtime weaves in front of every backward jump (the next turn of a loop) of a refreshable's classes
 * (RunawayGuard): where a loop that never ends is stopped, when asked, with {@link RunawayStopped}.
 *
 * <p>What it costs: {@link #check()} calls through one {@link MutableCallSite} whose target is an empty method
 * while no stop is asked. The JIT inlines a call site's target and records that the compiled code depends on it,
 * so a compiled loop carries no check at all, not even a load: its code is what it was unwoven. Asking a stop
 * sets the slow target, which throws away (deoptimizes) every compiled method that inlined the empty one; a thread
 * spinning in one goes on in the interpreter from its next safepoint poll (every loop that may not end has one) and
 * meets the slow check at its loop's next turn. Once no stop is pending the empty target is set again and the code
 * is compiled again as before. Both switches are rare (a command, an interrupt, a stuck swap); in between, a
 * thread that no stop is asked for pays a scan of the few stops pending at each turn of its loops.
 *
 * <p>Public only because woven classes call {@link #check()}; the rest is the runtime's.
 */
public final class Runaway {
    private static final MutableCallSite SITE = new MutableCallSite(MethodType.methodType(void.class));
    private static final MethodHandle CHECK = SITE.dynamicInvoker();
    private static final MethodHandle PASS;
    private static final MethodHandle ASKED;
    private static final Object LOCK = new Object();
    /** The stops asked and not ended, copied on write under {@link #LOCK}; the slow check reads it without a lock. */
    private static volatile Stop[] pending = {};

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PASS = lookup.findStatic(Runaway.class, "pass", MethodType.methodType(void.class));
            ASKED = lookup.findStatic(Runaway.class, "asked", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        SITE.setTarget(PASS);
    }

    private Runaway() {
    }

    /** Woven in front of every backward jump of a refreshable's methods. */
    public static void check() {
        try {
            CHECK.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t); // neither target throws a checked exception
        }
    }

    private static void pass() {
    }

    /** The slow target, while a stop is pending: stops this thread's call if it is the one asked for. */
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
        boolean any = false;
        for (Stop s : mine) {
            any |= s.stopped(frames.loop());
        }
        if (any) {
            throw new RunawayStopped("loop in " + frames.loop() + " stopped" + deliver.why);
        }
    }

    static void ask(Stop s) {
        synchronized (LOCK) {
            Stop[] before = pending;
            Stop[] now = Arrays.copyOf(before, before.length + 1);
            now[before.length] = s;
            pending = now;
            if (before.length == 0) {
                target(ASKED);
            }
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
            if (now.length == 0) {
                target(PASS);
            }
        }
    }

    /** The stops pending now. */
    static Stop[] pending() {
        return pending;
    }

    private static void target(MethodHandle target) {
        SITE.setTarget(target);
        MutableCallSite.syncAll(new MutableCallSite[] {SITE}); // interpreted loops see it at their next turn too
    }
}
