package dev.doitlive.runtime.guard;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import dev.doitlive.runtime.proxy.ProxyGenerator;
import dev.doitlive.runtime.proxy.RefreshableProxy;

/**
 * Finds the calls running in a refreshable's code and asks them to stop at their loop's next turn ({@link Runaway}):
 * on command ({@code live:interrupt}), when a thread that the runtime watches is interrupted (Ctrl-C on
 * {@code live:call}, {@code live:stop} of a loop whose step hangs), and when a new version goes live while calls are
 * stuck in the old one.
 *
 * <p>A call is found on the threads' stacks: a frame of the refreshable's generated proxy class with the target's
 * code above it. That leaves alone the calls waiting at the gate or in the proxy's failure handling, and every thread
 * a refreshable starts itself (no proxy frame below its loop): nobody asked to stop those. Reading every thread's
 * stack is slow (a safepoint), and done only when a stop is asked; the call path itself records nothing.
 *
 * <p>Stops that do not come round a loop in a refreshable's code (a call blocked in I/O, or looping in library code)
 * end after {@link #WINDOW_MS}: the slow check does not stay on for them. A sweeper thread, every
 * {@link #SWEEP_MS} while a thread is watched or a stop pending, turns interrupts of watched threads into stops and
 * ends the stops whose call has ended.
 */
public final class RunawayCalls {
    /** How long a stop may take to come round a loop, once due. */
    static final long WINDOW_MS = 2000;
    /** How long a stop waits for its moment (a new version going live) before it is dropped. */
    static final long ARM_WITHIN_MS = 30_000;
    static final long SWEEP_MS = 50;
    /** How long a stopped call has to leave its call before it is told to have caught the stop. */
    static final long LEAVE_MS = 200;
    /** The generated proxies' classes (ProxyGenerator names them so) and their base class (whose methods are the gate). */
    private static final String GENERATED = "dev.doitlive.generated.Proxy";
    private static final String PROXY_BASE = RefreshableProxy.class.getName();

    /** Threads whose interrupt means: stop the call you are in (loop threads, the thread of a live:call). */
    private static final Set<Thread> WATCHED = ConcurrentHashMap.newKeySet();
    private static ScheduledExecutorService sweeper;
    private static ScheduledFuture<?> sweeping;

    private RunawayCalls() {
    }

    /** Starts the sweeper; the runtime's activation. It sweeps only while a thread is watched or a stop pending. */
    public static synchronized void open() {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "doitlive-runaway");
                t.setDaemon(true);
                return t;
            });
            sweepWhileNeeded();
        }
    }

    /**
     * Sweeps from now on, until nothing is left to sweep for: a runtime at rest (no loop, no live:call, no stop) wakes
     * no thread for it. Called after a thread is watched or a stop asked; the sweep that ends itself looks, under the
     * same lock, whether one came meanwhile.
     */
    private static synchronized void sweepWhileNeeded() {
        if (sweeper != null && sweeping == null && (!WATCHED.isEmpty() || Runaway.pending().length > 0)) {
            sweeping = sweeper.scheduleWithFixedDelay(RunawayCalls::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether a sweep is scheduled (for the tests). */
    static synchronized boolean sweeping() {
        return sweeping != null;
    }

    private static synchronized void sweepNoMoreIfIdle() {
        if (sweeping != null && WATCHED.isEmpty() && Runaway.pending().length == 0) {
            sweeping.cancel(false);
            sweeping = null;
        }
    }

    /** Stops the sweeper and drops every pending stop, so that woven code runs unchecked again. */
    public static synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
            sweeping = null;
        }
        WATCHED.clear();
        for (Stop s : Runaway.pending()) {
            s.end(Stop.Outcome.WITHDRAWN);
        }
    }

    private static synchronized boolean isOpen() {
        return sweeper != null;
    }

    /**
     * From now on an interrupt of {@code thread} also stops a call of it that spins in a refreshable's code.
     *
     * @return false if it was watched already (then leave {@link #unwatch} to whoever watched it first)
     */
    public static boolean watch(Thread thread) {
        boolean added = WATCHED.add(thread);
        sweepWhileNeeded();
        return added;
    }

    public static void unwatch(Thread thread) {
        WATCHED.remove(thread);
    }

    /**
     * Stops the calls running in the code behind a refreshable's proxy now: each one at its loop's next turn; a call
     * that waits (sleep, wait, blocking I/O) is interrupted too. Waits until each one has ended, at most a little over
     * {@link #WINDOW_MS}.
     *
     * @param proxyClass the class of the refreshable's proxy
     * @return one line: how many calls were stopped
     */
    public static String interrupt(String name, Class<?> proxyClass) {
        String call = proxyClass.getName();
        List<Thread> found = callsInto(call);
        if (found.isEmpty()) {
            return name + ": no call is running in its code";
        }
        Batch batch = new Batch(found.size(), null);
        for (Thread t : found) {
            Stop s = new Stop(t, call, " by live:interrupt " + name, null, false, batch::ended);
            ask(s);
            s.wake(stack -> call.equals(callIn(stack, call)));
        }
        try {
            batch.done.get(WINDOW_MS + 4 * SWEEP_MS, TimeUnit.MILLISECONDS);
            batch.awaitLeft();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // told as still running
        }
        return name + ": " + batch.told(n -> "");
    }

    /** The service property of {@link #stopCallOf}'s service ({@code java.util.function.Predicate<Thread>}). */
    public static final String STOP_CALL_PROPERTY = "doitlive.calls";

    /**
     * Ctrl-C on the console: stops the call {@code thread} is in, in a refreshable's code, at its loop's next turn, as
     * live:interrupt does, and wakes it only if it waits inside the call. Not by interrupting it: Gogo writes what a
     * command prints through an interruptible channel, and an interrupt that finds the thread writing (a call that
     * prints as it spins) closes that channel and the terminal under it, and the console showed nothing any more.
     *
     * @return whether the thread is in such a call (else the console interrupts it, as for any command)
     */
    public static boolean stopCallOf(Thread thread, String why) {
        String call = callIn(thread.getStackTrace(), null);
        if (call == null || !isOpen()) {
            return false;
        }
        Stop s = new Stop(thread, call, why, null, false, null);
        ask(s);
        s.wake(stack -> call.equals(callIn(stack, call)));
        return true;
    }

    /**
     * Asks the calls still running in the old version, through a proxy whose swap went on without them, to stop at
     * their loop's next turn once the new version is live: the proxy then serves each again from the live version.
     * Does not wait (the swap thread calls it); says in one line what became of them once each has stopped, returned
     * or run past {@link #WINDOW_MS}.
     *
     * @param proxyClass the class of the refreshable's proxy
     * @param fixLive    whether the new version is live and the gate open (any thread asks it)
     * @param oldLabel   the old version, as the runtime names it ({@code seq 2 (1.0.1)})
     */
    public static void stopLeftBehind(String name, Class<?> proxyClass, BooleanSupplier fixLive, String oldLabel,
            Consumer<String> out) {
        String call = proxyClass.getName();
        List<Thread> found = callsInto(call);
        if (found.isEmpty()) {
            return;
        }
        // Told off the stopping thread, once a stopped call has had a moment to leave (or is seen to catch the stop).
        Batch batch = new Batch(found.size(), b -> CompletableFuture.runAsync(() -> {
            try {
                b.awaitLeft();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.accept(name + ": left behind in " + oldLabel + ", "
                    + b.told(n -> " (the live version serves " + (n == 1 ? "its caller" : "their callers") + " again)"));
        }));
        for (Thread t : found) {
            // Due once the gate opens on the new version: the proxy's retry then reaches it at once.
            ask(new Stop(t, call, ": left behind in " + oldLabel + " when a new version went live", fixLive, false, batch::ended));
        }
    }

    /** The threads other than this one in a call through the proxy class {@code call}, running the target's code. */
    private static List<Thread> callsInto(String call) {
        List<Thread> found = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey() != Thread.currentThread() && call.equals(callIn(e.getValue(), call))) {
                found.add(e.getKey());
            }
        }
        return found;
    }

    private static void ask(Stop s) {
        if (isOpen()) {
            Runaway.ask(s);
            sweepWhileNeeded();
        } else {
            s.end(Stop.Outcome.WITHDRAWN);
        }
    }

    /**
     * The proxy class of the call the stack is in, when it runs the target's code: the topmost frame of a generated
     * proxy ({@code call}, or any when null) with a frame above it that is not the proxy's own (the gate, the failure
     * handler). Null when none.
     */
    static String callIn(StackTraceElement[] stack, String call) {
        for (int i = 0; i < stack.length; i++) {
            String c = stack[i].getClassName();
            if (call != null ? c.equals(call) : c.startsWith(GENERATED)) {
                return i > 0 && !stack[i - 1].getClassName().equals(PROXY_BASE) ? c : null;
            }
        }
        return null;
    }

    /** Every {@link #SWEEP_MS}: interrupted watched threads get a stop; stops that can no longer be thrown end. */
    private static void sweep() {
        try {
            for (Thread t : WATCHED) {
                if (!t.isAlive()) {
                    WATCHED.remove(t);
                } else if (t.isInterrupted() && !pendingFor(t)) {
                    String call = callIn(t.getStackTrace(), null);
                    if (call != null) {
                        ask(new Stop(t, call, ": its thread was interrupted", null, true, null));
                    }
                }
            }
            long now = System.nanoTime();
            for (Stop s : Runaway.pending()) {
                long armedFor = s.armed() ? s.armedFor(now) : -1;
                if (!s.thread.isAlive() || s.whileInterrupted && !s.thread.isInterrupted()) {
                    s.end(Stop.Outcome.ENDED);
                } else if (armedFor < 0 && now - s.askedAt > TimeUnit.MILLISECONDS.toNanos(ARM_WITHIN_MS)) {
                    s.end(Stop.Outcome.NOT_ARMED);
                } else if (armedFor > TimeUnit.MILLISECONDS.toNanos(WINDOW_MS)) {
                    s.end(Stop.Outcome.EXPIRED);
                } else if (s.call != null && !onStack(s.thread.getStackTrace(), s.call)) {
                    s.end(Stop.Outcome.ENDED);
                }
            }
            sweepNoMoreIfIdle();
        } catch (RuntimeException e) {
            // The sweeper must survive anything; the next sweep looks again.
        }
    }

    private static boolean pendingFor(Thread t) {
        for (Stop s : Runaway.pending()) {
            if (s.thread == t) {
                return true;
            }
        }
        return false;
    }

    private static boolean onStack(StackTraceElement[] stack, String call) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals(call)) {
                return true;
            }
        }
        return false;
    }

    /** The stops asked together: how each ended, told in one line once all have. */
    private static final class Batch {
        final CompletableFuture<Batch> done = new CompletableFuture<>();
        private final AtomicInteger left;
        private final Map<Stop.Outcome, Integer> counts = new EnumMap<>(Stop.Outcome.class);
        private final List<Stop> stops = new ArrayList<>();
        private final int size;

        Batch(int size, Consumer<Batch> whenDone) {
            this.size = size;
            this.left = new AtomicInteger(size);
            if (whenDone != null) {
                done.thenAccept(whenDone);
            }
        }

        void ended(Stop s) {
            synchronized (counts) {
                counts.merge(s.outcome(), 1, Integer::sum);
                stops.add(s);
            }
            if (left.decrementAndGet() == 0) {
                done.complete(this);
            }
        }

        /**
         * Waits, at most {@link #LEAVE_MS}, until each stopped call has left its call: a loop that catches the stop
         * ({@code catch (Throwable e)} around it) runs on, and must not be told stopped.
         */
        void awaitLeft() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEAVE_MS);
            while (caught() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
        }

        /** The stops thrown that never reached the proxy while their call runs on: caught by the call's own code. */
        private int caught() {
            List<Stop> thrown;
            synchronized (counts) {
                thrown = List.copyOf(stops);
            }
            return (int) thrown.stream().filter(Stop::caught).count();
        }

        /** E.g. "1 call stopped at its loop's next turn; 1 returned by itself". */
        String told(IntFunction<String> afterStopped) {
            Map<Stop.Outcome, Integer> c;
            int woken;
            synchronized (counts) {
                c = new EnumMap<>(counts);
                woken = (int) stops.stream().filter(s -> s.outcome() == Stop.Outcome.ENDED && s.woke()).count();
            }
            int caught = caught();
            int stopped = c.getOrDefault(Stop.Outcome.STOPPED, 0) - caught;
            int ended = c.getOrDefault(Stop.Outcome.ENDED, 0) - woken;
            int notArmed = c.getOrDefault(Stop.Outcome.NOT_ARMED, 0) + c.getOrDefault(Stop.Outcome.WITHDRAWN, 0);
            int running = size - stopped - caught - ended - woken - notArmed;
            List<String> parts = new ArrayList<>();
            if (stopped > 0) {
                parts.add(calls(stopped) + " stopped at " + (stopped == 1 ? "its loop's" : "their loops'") + " next turn" + afterStopped.apply(stopped));
            }
            if (caught > 0) {
                parts.add(calls(caught) + (caught == 1 ? " caught the stop and runs on" : " caught the stop and run on")
                        + " (a catch of Throwable or Error around its loop?); each live:interrupt throws it again");
            }
            if (woken > 0) {
                parts.add(calls(woken) + (woken == 1 ? " was" : " were") + " waiting in its code: interrupted, "
                        + (woken == 1 ? "it has" : "they have") + " ended");
            }
            if (ended > 0) {
                parts.add(calls(ended) + (ended == 1 ? " has" : " have") + " ended by " + (ended == 1 ? "itself" : "themselves"));
            }
            if (running > 0) {
                parts.add(calls(running) + " did not come round a loop in the refreshable's code within " + WINDOW_MS / 1000
                        + " s (blocked outside it?) and " + (running == 1 ? "runs" : "run") + " on");
            }
            if (notArmed > 0) {
                parts.add(calls(notArmed) + " not stopped: no new version went live");
            }
            return String.join("; ", parts);
        }

        private static String calls(int n) {
            return n + (n == 1 ? " call" : " calls");
        }
    }
}
