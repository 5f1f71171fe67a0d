package dev.doitlive.runtime.proxy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A full fence on every running Java thread, paid by the caller: what lets the call gate's callers go without one.
 *
 * <p>The JVM runs some of its operations at a safepoint, where every thread running Java code stops at a poll and
 * waits in the VM (through locks: a full fence), and threads in native code or blocked have passed a fence on
 * their way out of Java; when the operation returns, every write a thread made before it is visible to the
 * caller, and every read a thread makes after it sees what the caller wrote before it. A thread dump of one
 * thread, one frame deep, is such an operation ("ThreadDump" in -Xlog:safepoint, on JDK 17 and 25 alike, about
 * 0.1 ms here); it is the cheapest one the JDK offers without native code. This is the JVM's behaviour, not the
 * Java memory model's promise: the stress tests (stress/, jcstress) are what shows it holds on a given JDK.
 */
final class GlobalBarrier {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GlobalBarrier() {
    }

    /** Returns once every live Java thread has passed a full fence since the call began. */
    static void await() {
        THREADS.getThreadInfo(new long[] {Thread.currentThread().getId()}, 1);
    }
}
