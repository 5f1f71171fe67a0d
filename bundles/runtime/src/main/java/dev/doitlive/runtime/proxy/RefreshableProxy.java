package dev.doitlive.runtime.proxy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Base class of every generated proxy: holds the live target and the call gate.
 *
 * <p>A generated method does {@code g = enter(); t = target(); try { r = t.m(args); } catch (Throwable e) {...} exit(g);},
 * where {@code target()} is an invokedynamic call site of the proxy's class ({@link TargetSite}).
 * {@link #doitlive$enter()} counts the call as in flight; the swap closes the gate, waits until no call is in
 * flight, copies the state and sets the new target, so a call is served whole by one version and every update the
 * old version made is in the state carried across.
 *
 * <p>The gate is asymmetric, the way biased locks and RCU are: a calling thread counts its calls in a slot of
 * its own ({@link Slot}), with plain ordered writes and no fence, and the rare swap pays for the ordering instead.
 * A caller writes "started" and then reads {@code closed}; the swap writes {@code closed} and then reads every
 * slot. Without a fence on the caller's side both could miss each other (the caller's write still in its core's
 * store buffer); so between its write and its reads the swap runs {@link GlobalBarrier}, a VM operation at a
 * safepoint, which every running Java thread passes through with a full fence. After it, a caller that read the
 * gate open has its "started" visible, and a caller that had not yet read it reads it closed. A thread whose slot
 * is taken by another live thread counts in the shared {@link LongAdder}s (one fenced add at each end, as before).
 * The stress tests in stress/ (jcstress) check it: no lost update, no call split across versions.
 *
 * <p>Callers that meet a closed gate park on a lock-free list that {@link #open()} empties, unparking each:
 * the swap thread never waits for a monitor that a preempted caller might hold.
 */
public abstract class RefreshableProxy {
    /** The counters of the calls now; replaced only when a swap goes on without calls that never return. */
    private volatile Gate gate = new Gate();
    /** Calls served through gates replaced since. */
    private final LongAdder retired = new LongAdder();
    /** Callers parked at the closed gate, newest first; emptied by {@link #open()}. */
    private final AtomicReference<Waiter> waiters = new AtomicReference<>();
    private final FailureHandler handler;
    private final String name;

    private volatile Object target;
    private final TargetSite site;
    private volatile boolean closed;
    /** The thread that closed the gate may call through it (a postRefresh hook calling its own proxy). */
    private volatile Thread closer;

    protected RefreshableProxy(Link link) {
        this.handler = link.handler;
        this.name = link.name;
        this.target = link.initialTarget;
        this.site = TargetSite.of(getClass());
        site.claim(this, link.initialTarget);
    }

    /** Constructor argument of generated proxies; one class so that the generated constructor stays trivial. */
    public static final class Link {
        final FailureHandler handler;
        final String name;
        final Object initialTarget;

        public Link(String name, Object initialTarget, FailureHandler handler) {
            this.name = name;
            this.initialTarget = initialTarget;
            this.handler = handler;
        }
    }

    // --- called by generated code; names chosen not to clash with any service interface method ---

    /** Counts the call as in flight (waiting while the gate is closed) and returns the slot it is counted in. */
    protected final Slot doitlive$enter() {
        Gate g = gate;
        Thread me = Thread.currentThread();
        Slot s = g.slots[g.index(me)];
        if (s != null && s.owner == me) {
            Slot.STARTED.setOpaque(s, s.started + 1);
            if (!closed) { // a volatile read: the target is read after it (the TargetSite)
                return s;
            }
            return enterClosed(g, me, s);
        }
        return enterUnowned(g, me);
    }

    /**
     * The target for a call counted by {@link #doitlive$enter()}: it cannot change until the call exits. Generated
     * methods read the same through their class's {@link TargetSite}.
     */
    protected final Object doitlive$target() {
        return target;
    }

    /**
     * The bootstrap of the generated proxies' target reads (invokedynamic): the call site of the calling proxy class,
     * whose target cannot change while a call counted by {@link #doitlive$enter()} is in flight.
     */
    public static java.lang.invoke.CallSite doitlive$bootstrap(MethodHandles.Lookup caller, String name, java.lang.invoke.MethodType type) {
        return TargetSite.bootstrap(caller, type);
    }

    /** Counts the call entered in {@code s} as finished. */
    protected final void doitlive$exit(Slot s) {
        Gate shared = s.shared;
        if (shared == null) {
            // Release: the call's writes are visible to the swap that sees it finished.
            Slot.FINISHED.setRelease(s, s.finished + 1);
        } else {
            shared.finished.increment();
        }
    }

    protected final int doitlive$failed(Throwable failure, Object usedTarget, String method, int attempt) throws Throwable {
        return handler.failed(failure, usedTarget, method, attempt);
    }

    /** A thread whose slot is not yet its own: it claims it, or counts in the shared adders when another has it. */
    private Slot enterUnowned(Gate g, Thread me) {
        Slot s = g.own(me);
        if (s == null) {
            return enterShared(g, me);
        }
        Slot.STARTED.setOpaque(s, s.started + 1);
        return closed ? enterClosed(g, me, s) : s;
    }

    /** The gate was closed after this thread counted its call in its slot: go through (the closer) or back out. */
    private Slot enterClosed(Gate g, Thread me, Slot s) {
        for (;;) {
            if (closer == me) {
                return s;
            }
            s.backedOut++; // before finished: calls() never counts a backed-out call as served
            Slot.FINISHED.setRelease(s, s.finished + 1);
            awaitOpen();
            g = gate;
            s = g.own(me);
            if (s == null) {
                return enterShared(g, me);
            }
            Slot.STARTED.setOpaque(s, s.started + 1);
            if (!closed) {
                return s;
            }
        }
    }

    /** A thread without a slot of its own: fenced counts in the gate's adders. */
    private Slot enterShared(Gate g, Thread me) {
        for (;;) {
            g.started.increment();
            if (!closed || closer == me) {
                return g.shared;
            }
            g.backedOut.increment();
            g.finished.increment();
            awaitOpen();
            g = gate;
            Slot s = g.own(me);
            if (s != null) {
                Slot.STARTED.setOpaque(s, s.started + 1);
                return closed ? enterClosed(g, me, s) : s;
            }
        }
    }

    // --- used by the runtime ---

    /** The live target. */
    public final Object target() {
        return target;
    }

    /** Sets the target; only while the gate is closed by the caller, or before the proxy is published. */
    public final void target(Object newTarget) {
        this.target = newTarget;
        site.moved(this, newTarget);
    }

    /** Whether generated code sees the target as a constant (the proxy is its class's only instance). */
    final boolean hasConstantTarget() {
        return site.isConstant();
    }

    /**
     * Closes the gate and waits until no call is in flight.
     *
     * @return true when drained (the gate stays closed until {@link #open()}); false on timeout, with the gate
     *         open again, so that a call that re-enters the proxy can finish (the caller retries later)
     */
    public final boolean close(long timeout, TimeUnit unit) {
        site.loosen(this); // the JIT's code that holds the target as a constant is thrown away before callers are held
        closer = Thread.currentThread(); // before closed: whoever sees the gate closed sees who closed it
        closed = true;
        GlobalBarrier.await();
        long deadline = 0;
        int spins = 0;
        while (gate.inFlight() > 0) {
            if (spins == 0) {
                deadline = System.nanoTime() + unit.toNanos(timeout);
            }
            if (System.nanoTime() - deadline > 0) {
                open();
                return false;
            }
            if (++spins < 200) {
                Thread.onSpinWait();
            } else {
                // A call still in flight after the spin is likely preempted: give the core away for it to finish.
                LockSupport.parkNanos(this, 20_000);
            }
        }
        gate.freeEnded();
        return true;
    }

    /** Whether the gate is closed (a swap is copying state). */
    public final boolean isClosed() {
        return closed;
    }

    /** Reopens the gate and wakes the callers waiting at it. */
    public final void open() {
        closed = false;
        closer = null;
        // A caller that pushed itself before this sees the gate open or is unparked here; one that pushes later
        // reads closed after its push, so it sees the gate open (or closed again, and waits for the next open).
        for (Waiter w = waiters.getAndSet(null); w != null; w = w.next) {
            w.released = true;
            LockSupport.unpark(w.thread);
        }
        site.settle(this); // after the callers are on their way: the site's deoptimization holds none of them
    }

    /**
     * Closes the gate without waiting for the calls in flight that have not returned after every {@link #close}
     * attempt (a loop that never ends, a call blocked for good): they are left to run on the old target, and the
     * calls from now on are counted apart, so that they never hold a swap again. Calls that came in while this
     * closed wait for the open as usual.
     *
     * @return how many calls were left behind
     */
    public final long closeLeavingStuck() {
        site.loosen(this);
        closer = Thread.currentThread();
        closed = true;
        GlobalBarrier.await();
        Gate old = gate;
        // A call that is merely slow (or came in just before the gate closed) finishes within a moment; what is still
        // in flight after it is stuck.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        while (old.inFlight() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(this, 20_000);
        }
        long stuck = old.inFlight();
        gate = new Gate();
        retired.add(old.served());
        return stuck;
    }

    /**
     * Parks until the gate opens. A node taken by {@link #open()} is not looked at again: if the gate closed again
     * meanwhile, the caller puts a new node on the list. Allocates, on this slow path only.
     */
    private void awaitOpen() {
        boolean interrupted = false;
        Waiter w = null;
        while (closed) {
            if (w == null || w.released) {
                w = new Waiter(Thread.currentThread());
                Waiter head;
                do {
                    head = waiters.get();
                    w.next = head;
                } while (!waiters.compareAndSet(head, w));
                continue; // read closed again after the push, before parking
            }
            LockSupport.park(this);
            interrupted |= Thread.interrupted(); // park returns at once while interrupted: clear it, keep waiting
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Waiter {
        final Thread thread;
        Waiter next;
        volatile boolean released;

        Waiter(Thread thread) {
            this.thread = thread;
        }
    }

    /** Calls served (finished), not counting calls that backed out at a closed gate. */
    public final long calls() {
        return retired.sum() + gate.served();
    }

    /**
     * The counters of one generation of calls. {@link #SLOTS} slots, each owned by the first thread whose id maps
     * to it, until a swap finds that thread ended; the owner alone writes its counters. Threads whose slot another
     * thread owns count in the shared adders (through the {@link #shared} slot). Backed-out calls are counted in
     * started, finished and backed out.
     */
    public static final class Gate {
        static final int SLOTS = 64;
        final Slot[] slots = new Slot[SLOTS];
        /** What a thread without a slot of its own enters with: its exit counts in the adders. */
        final Slot shared = new Slot(null, this);
        final LongAdder started = new LongAdder();
        final LongAdder finished = new LongAdder();
        final LongAdder backedOut = new LongAdder();
        private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Slot[].class);

        int index(Thread t) {
            return (int) t.getId() & (SLOTS - 1);
        }

        /** The thread's own slot, claimed if free, or null when it has none (its slot is another live thread's). */
        Slot own(Thread t) {
            int i = index(t);
            Slot s = slots[i];
            if (s != null && s.owner == t) {
                return s;
            }
            return claim(t, i, s);
        }

        /**
         * Takes a free slot. A slot is freed only by a swap with no call in flight (its owner has died), so a thread
         * counts a call's start and its end in the same place: its slot, or the shared adders.
         */
        private Slot claim(Thread t, int i, Slot s) {
            if (s == null) {
                Slot mine = new Slot(t, null);
                if (SLOT.compareAndSet(slots, i, null, mine)) {
                    return mine;
                }
                s = slots[i];
            }
            return s != null && s.owner == t ? s : null;
        }

        /**
         * Frees the slots of threads that have ended, their counts moved to the adders; only while no call is in flight
         * (the gate drained), by the thread that drained it.
         */
        void freeEnded() {
            for (int i = 0; i < SLOTS; i++) {
                Slot s = slots[i];
                if (s != null && s.owner.getState() == Thread.State.TERMINATED) {
                    started.add(s.started);
                    backedOut.add(s.backedOut);
                    finished.add(s.finished);
                    SLOT.setVolatile(slots, i, null);
                }
            }
        }

        /**
         * Started minus finished, read finished first: both only grow, so 0 means none was in flight. Exact only after
         * {@link GlobalBarrier#await()} with the gate closed. A slot is read as a volatile: a slot claimed after this
         * read its empty place was claimed after the gate closed, so its owner sees the gate closed.
         */
        long inFlight() {
            long f = 0;
            for (int i = 0; i < SLOTS; i++) {
                Slot s = (Slot) SLOT.getVolatile(slots, i);
                f += s == null ? 0 : (long) Slot.FINISHED.getAcquire(s);
            }
            f += finished.sum();
            long n = 0;
            for (int i = 0; i < SLOTS; i++) {
                Slot s = (Slot) SLOT.getVolatile(slots, i);
                n += s == null ? 0 : (long) Slot.STARTED.getAcquire(s);
            }
            n += started.sum();
            return n - f;
        }

        long served() {
            long n = finished.sum() - backedOut.sum();
            for (int i = 0; i < SLOTS; i++) {
                Slot s = (Slot) SLOT.getVolatile(slots, i);
                if (s != null) {
                    n += (long) Slot.FINISHED.getOpaque(s) - (long) Slot.BACKED_OUT.getOpaque(s);
                }
            }
            return n;
        }
    }

    /** Padding before a slot's counters: two slots' counters never share a cache line, nor its neighbour (128 B). */
    abstract static class SlotPadding {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /** The counters, laid out after the superclass's padding and before the subclass's (fields go superclass first). */
    abstract static class SlotCounts extends SlotPadding {
        long started;
        long finished;
        long backedOut;
    }

    /**
     * One thread's counters in a gate, written by that thread alone with plain ordered writes; or, for a thread
     * without one, the gate's {@link Gate#shared} slot. A generated method exits the call with the slot it entered with.
     */
    public static final class Slot extends SlotCounts {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
        final Thread owner;
        /** The gate whose adders count this thread's calls; null for a thread's own slot. */
        final Gate shared;
        static final VarHandle STARTED;
        static final VarHandle FINISHED;
        static final VarHandle BACKED_OUT;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                STARTED = l.findVarHandle(SlotCounts.class, "started", long.class);
                FINISHED = l.findVarHandle(SlotCounts.class, "finished", long.class);
                BACKED_OUT = l.findVarHandle(SlotCounts.class, "backedOut", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        Slot(Thread owner, Gate shared) {
            this.owner = owner;
            this.shared = shared;
        }
    }

    /** The refreshable's name. */
    public final String doitlive$name() {
        return name;
    }

    @Override
    public String toString() {
        return "RefreshableProxy[" + name + " -> " + target + "]";
    }
}
