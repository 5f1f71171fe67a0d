package dev.doitlive.runtime.guard;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweeper sweeps only while there is something to sweep for: at rest it wakes no thread. */
class RunawayCallsSweepTest {
    @AfterEach
    void close() {
        RunawayCalls.close();
    }

    private static void until(java.util.function.BooleanSupplier c, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            LockSupport.parkNanos(5_000_000);
        }
    }

    @Test
    void aWatchedThreadStartsTheSweepAndItsEndStopsIt() {
        RunawayCalls.open();
        assertFalse(RunawayCalls.sweeping(), "nothing watched, no stop: no sweep");
        Thread t = new Thread(() -> LockSupport.park(), "watched");
        t.start();
        try {
            assertTrue(RunawayCalls.watch(t));
            assertTrue(RunawayCalls.sweeping(), "a watched thread is swept for its interrupt");
            RunawayCalls.unwatch(t);
            until(() -> !RunawayCalls.sweeping(), "the sweep ending once nothing is watched");
            RunawayCalls.watch(t);
            assertTrue(RunawayCalls.sweeping(), "and starting again for the next");
        } finally {
            LockSupport.unpark(t);
        }
        until(() -> !RunawayCalls.sweeping(), "the sweep ending once the watched thread has ended");
    }
}
