package dev.doitlive.runtime.state;

import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that save and read states: each with a stack deep enough for Kryo to go {@link StateKryo#MAX_DEPTH}
 * objects down (it recurses once per nested object). The JVM reserves the stack's address space and uses only what
 * is touched.
 */
final class StateThreads {
    private static final long STACK_BYTES = 128L * 1024 * 1024;
    private static final AtomicInteger COUNT = new AtomicInteger();

    private StateThreads() {
    }

    static ThreadFactory factory(String name) {
        return r -> {
            Thread t = new Thread(null, r, name, STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs {@code task} on a thread of its own with the deep stack, and waits for it. */
    static <T> T call(Callable<T> task) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = factory("doitlive-state-" + COUNT.incrementAndGet()).newThread(() -> {
            try {
                result[0] = task.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.start();
        t.join(); // the join orders the thread's writes before the reads below
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }
}
