package dev.doitlive.runtime.proxy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Base class of every generated proxy: holds the live target and the call gate.
 *
 * <p>A generated method does {@code g = enter(); t = target(); try { r = t.m(args); } catch (Throwable e) {...} exit(g);}.
 * {@link #enter()} counts the call as in flight and returns the target; the swap closes the gate, waits
 * until no call is in flight, copies the state and sets the new target, so a call is served whole by one
 * version and every update the old version made is in the state carried across. Counting uses two
 * {@link LongAdder}s (started, finished): one contention-friendly atomic add at each end of a call, no
 * allocation, no reflection.
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
    private volatile boolean closed;
    /** The thread that closed the gate may call through it (a postRefresh hook calling its own proxy). */
    private volatile Thread closer;

    protected RefreshableProxy(Link link) {
        this.handler = link.handler;
        this.name = link.name;
        this.target = link.initialTarget;
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

    /** Counts the call as in flight (waiting while the gate is closed) and returns the gate it is counted in. */
    protected final Gate doitlive$enter() {
        for (;;) {
            Gate g = gate;
            g.started.increment();
            if (!closed) {
                return g;
            }
            if (closer == Thread.currentThread()) {
                return g;
            }
            g.finished.increment();
            g.backedOut.increment();
            awaitOpen();
        }
    }

    /** The target for a call counted by {@link #doitlive$enter()}: it cannot change until the call exits. */
    protected final Object doitlive$target() {
        return target;
    }

    protected final void doitlive$exit(Gate g) {
        g.finished.increment();
    }

    protected final int doitlive$failed(Throwable failure, Object usedTarget, String method, int attempt) throws Throwable {
        return handler.failed(failure, usedTarget, method, attempt);
    }

    // --- used by the runtime ---

    /** The live target. */
    public final Object target() {
        return target;
    }

    /** Sets the target; only while the gate is closed by the caller, or before the proxy is published. */
    public final void target(Object newTarget) {
        this.target = newTarget;
    }

    /**
     * Closes the gate and waits until no call is in flight.
     *
     * @return true when drained (the gate stays closed until {@link #open()}); false on timeout, with the gate
     *         open again, so that a call that re-enters the proxy can finish (the caller retries later)
     */
    public final boolean close(long timeout, TimeUnit unit) {
        closer = Thread.currentThread(); // before closed: whoever sees the gate closed sees who closed it
        closed = true;
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        int spins = 0;
        while (!drained()) {
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
    }

    /**
     * No call in flight. Reads finished before started: both only grow and every finish follows its start, so
     * equal sums mean that at the moment started was read, every started call had finished.
     */
    private boolean drained() {
        return inFlight(gate) == 0;
    }

    private static long inFlight(Gate g) {
        long f = g.finished.sum();
        long s = g.started.sum();
        return s - f;
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
        closer = Thread.currentThread();
        closed = true;
        Gate old = gate;
        // A call that is merely slow (or came in just before the gate closed) finishes within a moment; what is still
        // in flight after it is stuck.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        while (inFlight(old) > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(this, 20_000);
        }
        long stuck = inFlight(old);
        gate = new Gate();
        retired.add(old.finished.sum() - old.backedOut.sum());
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
        Gate g = gate;
        return retired.sum() + g.finished.sum() - g.backedOut.sum();
    }

    /** The counters of one generation of calls: started and finished; backed out ones are counted in both. */
    public static final class Gate {
        final LongAdder started = new LongAdder();
        final LongAdder finished = new LongAdder();
        final LongAdder backedOut = new LongAdder();
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
