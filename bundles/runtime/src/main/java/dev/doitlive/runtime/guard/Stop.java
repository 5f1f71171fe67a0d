package dev.doitlive.runtime.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One stop asked of one thread: end the call it is in at its loop's next turn in a refreshable's code. Pending until
 * it ends one way ({@link Outcome}); a stop that ends is never asked again.
 */
final class Stop {
    enum Outcome {
        PENDING,
        /** Thrown at the next turn of a loop. */
        STOPPED,
        /** The call returned or failed by itself (or took the interrupt itself) before its loop came round. */
        ENDED,
        /** Not come round a loop in a refreshable's code in time: blocked elsewhere, it runs on. */
        EXPIRED,
        /** Its moment never came (the new version it waited for did not go live). */
        NOT_ARMED,
        /** The runtime went away. */
        WITHDRAWN
    }

    final Thread thread;
    /** The proxy class of the call to stop: the stop ends once no frame of it is on the thread's stack; null: any. */
    final String call;
    /** How the stop is told, after "loop in X.m() stopped": " by live:interrupt x", ": its thread was interrupted". */
    final String why;
    /** When the stop may be thrown (a new version live); null: at once. */
    private final BooleanSupplier armed;
    /** Asked because the thread was interrupted: due only while it still is, and the throw takes the interrupt. */
    final boolean whileInterrupted;
    final long askedAt = System.nanoTime();
    private volatile boolean armedSeen;
    private volatile long armedAt;
    private volatile String where;
    /** Whether {@link #wake} interrupted the thread: the throw then takes that interrupt too. Under this stop's monitor. */
    private boolean woke;
    private final AtomicReference<Outcome> outcome = new AtomicReference<>(Outcome.PENDING);
    private final Consumer<Stop> onEnd;

    Stop(Thread thread, String call, String why, BooleanSupplier armed, boolean whileInterrupted, Consumer<Stop> onEnd) {
        this.thread = thread;
        this.call = call;
        this.why = why;
        this.armed = armed;
        this.whileInterrupted = whileInterrupted;
        this.onEnd = onEnd;
    }

    /** Whether its moment has come; notes when it first did. Any thread. */
    boolean armed() {
        if (armedSeen) {
            return true;
        }
        if (armed != null && !armed.getAsBoolean()) {
            return false;
        }
        armedAt = System.nanoTime();
        armedSeen = true;
        return true;
    }

    /** Nanos since {@link #armed()} first said yes. */
    long armedFor(long now) {
        return armedSeen ? now - armedAt : -1;
    }

    /**
     * On its own thread, at a loop's turn: whether to throw now. A stop whose call has ended, or whose thread took
     * its interrupt itself, ends here instead: it must not stop what the thread does next.
     */
    boolean due(Frames frames) {
        if (outcome.get() != Outcome.PENDING || !armed()) {
            return false;
        }
        if (call != null && !frames.classes().contains(call)) {
            end(Outcome.ENDED);
            return false;
        }
        if (whileInterrupted && !thread.isInterrupted()) {
            end(Outcome.ENDED);
            return false;
        }
        return true;
    }

    /**
     * Ends as thrown at {@code loop}; false if it had ended otherwise meanwhile. On its own thread. Under the monitor
     * that {@link #wake} holds, so that an interrupt this stop sent is either taken here or never sent: the proxy's
     * failure handling, which waits for a revert, must not find it.
     */
    synchronized boolean stopped(String loop) {
        where = loop;
        if (!end(Outcome.STOPPED)) {
            return false;
        }
        if (whileInterrupted || woke) {
            Thread.interrupted(); // the interrupt is taken by the throw, as an InterruptedException takes it
        }
        return true;
    }

    /**
     * Interrupts the thread if, while this stop is pending, it waits (sleep, wait, a lock, blocking I/O) inside the
     * call ({@code inCall} of its stack): a call that waits does not come round a loop. Not once the stop is thrown:
     * the thread is then in the proxy's failure handling, which may wait for the revert that answers the call, and
     * an interrupt there gave the caller the failure instead (seen in CI, when the asking thread was slow to look).
     *
     * @return whether it interrupted the thread
     */
    synchronized boolean wake(Predicate<StackTraceElement[]> inCall) {
        if (outcome.get() != Outcome.PENDING || !waiting(thread.getState()) || !inCall.test(thread.getStackTrace())
                || !waiting(thread.getState())) {
            return false; // read the state again after the stack: still waiting where the stack said
        }
        woke = true;
        thread.interrupt();
        return true;
    }

    /** Set once the throw reached the proxy's failure handling: the call left the code that spun. */
    private volatile boolean reachedProxy;

    void reachedProxy() {
        reachedProxy = true;
    }

    /** Thrown, and caught on its way by the refreshable's own code: the call runs on. */
    boolean caught() {
        return outcome.get() == Outcome.STOPPED && !reachedProxy && thread.isAlive() && call != null
                && callRunsIn(thread.getStackTrace());
    }

    private boolean callRunsIn(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals(call)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@link #wake} interrupted the thread. */
    synchronized boolean woke() {
        return woke;
    }

    private static boolean waiting(Thread.State state) {
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
    }

    /** Ends the stop (once): no longer pending. */
    boolean end(Outcome how) {
        if (!outcome.compareAndSet(Outcome.PENDING, how)) {
            return false;
        }
        Runaway.remove(this);
        if (onEnd != null) {
            onEnd.accept(this);
        }
        return true;
    }

    Outcome outcome() {
        return outcome.get();
    }

    /** Where it was thrown ({@code Class.method()}), once stopped. */
    String where() {
        return where;
    }

    /** What the stopping thread's stack holds: the classes of its frames and the method whose loop turns. */
    record Frames(List<String> classes, String loop) {
        private static final String RUNAWAY = Runaway.class.getName();

        /** The current thread's: the frame below {@link Runaway#check()} is the woven loop's. */
        static Frames here() {
            List<String> classes = new ArrayList<>();
            String[] loop = {null};
            boolean[] belowCheck = {false};
            StackWalker.getInstance().forEach(f -> {
                classes.add(f.getClassName());
                if (loop[0] == null && belowCheck[0] && !f.getClassName().equals(RUNAWAY)) {
                    String c = f.getClassName();
                    loop[0] = c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName() + "()";
                }
                belowCheck[0] |= f.getClassName().equals(RUNAWAY) && f.getMethodName().equals("check");
            });
            return new Frames(classes, loop[0] == null ? "a refreshable" : loop[0]);
        }
    }
}
