package dev.doitlive.runtime.guard;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import dev.doitlive.runtime.weave.RunawayGuard;

/**
 * The check woven at each loop's next turn (RunawayGuard) and the stops it throws (Runaway, Stop), on classes compiled
 * here and loaded woven, spinning on threads of their own.
 */
class RunawayTest {
    @TempDir
    Path dir;

    private static final String SPINNER = """
            package t;
            public class Spinner {
                public volatile long turns;
                public void whileTrue() { long x = 0; while (true) { x++; turns = x; } }
                public void forEver() { for (;;) { turns++; } }
                public void doWhile() { long x = 1; do { x++; turns = x; } while (x != 0); }
                public void inLambda() { Runnable r = () -> { while (true) { turns++; } }; r.run(); }
                public void swallowsExceptions() {
                    while (true) {
                        try { turns++; } catch (RuntimeException e) { }
                    }
                }
                public int sum(int[] pixels) { int s = 0; for (int p : pixels) { s += p; } return s; }
            }
            """;

    private static final String PLAIN = """
            package t;
            public class Plain {
                public String hello(boolean loud) { return loud ? "HELLO" : "hello"; }
            }
            """;

    private final AtomicReference<Throwable> ended = new AtomicReference<>();
    private final AtomicBoolean interruptedAfter = new AtomicBoolean();

    @AfterEach
    void noStopLeft() {
        for (Stop s : Runaway.pending()) {
            s.end(Stop.Outcome.WITHDRAWN);
        }
    }

    private byte[] compiled(String name, String source) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/t")).resolve(name + ".java");
        Files.writeString(src, source);
        Path out = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString()));
        return Files.readAllBytes(out.resolve("t/" + name + ".class"));
    }

    /** t.Spinner (and the classes javac made of it) as the weaving hook leaves them, in a loader of their own. */
    private Object wovenSpinner() throws Exception {
        byte[] rewritten = RunawayGuard.rewrite(compiled("Spinner", SPINNER));
        assertNotNull(rewritten, "the class has loops: it is rewritten");
        return new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass("t.Spinner", rewritten, 0, rewritten.length);
            }
        }.define().getDeclaredConstructor().newInstance();
    }

    /** Runs {@code method} of {@code target} on a thread of its own; what ends it goes to {@link #ended}. */
    private Thread spinning(Object target, String method) {
        Thread t = new Thread(() -> {
            try {
                target.getClass().getMethod(method).invoke(target);
            } catch (InvocationTargetException e) {
                interruptedAfter.set(Thread.currentThread().isInterrupted());
                ended.set(e.getCause());
            } catch (ReflectiveOperationException e) {
                ended.set(e);
            }
        }, "spinner-" + method);
        t.setDaemon(true);
        t.start();
        long before = turns(target);
        until(() -> turns(target) > before + 1000, "the loop of " + method + " to turn");
        return t;
    }

    private static long turns(Object spinner) {
        try {
            return spinner.getClass().getField("turns").getLong(spinner);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private Stop stopOf(Thread t) {
        Stop s = new Stop(t, null, " by the test", null, false, null);
        Runaway.ask(s);
        return s;
    }

    private void assertStopped(Thread t, Stop s, String loop) throws InterruptedException {
        t.join(10_000);
        assertFalse(t.isAlive(), "the spinning thread ended");
        assertInstanceOf(RunawayStopped.class, ended.get());
        assertEquals("loop in " + loop + " stopped by the test", ended.get().getMessage());
        assertEquals(Stop.Outcome.STOPPED, s.outcome());
        assertEquals(0, Runaway.pending().length, "no stop left pending: woven code runs unchecked again");
    }

    @Test
    void everyKindOfLoopEndsAtItsNextTurnWhenItsThreadIsAskedToStop() throws Exception {
        for (String[] loop : new String[][] {{"whileTrue", "Spinner.whileTrue()"}, {"forEver", "Spinner.forEver()"},
                {"doWhile", "Spinner.doWhile()"}, {"inLambda", "Spinner.lambda$inLambda$0()"}}) {
            ended.set(null);
            Thread t = spinning(wovenSpinner(), loop[0]);
            assertStopped(t, stopOf(t), loop[1]);
        }
    }

    @Test
    void aLoopThatCatchesExceptionsAroundItsBodyStillEnds() throws Exception {
        Thread t = spinning(wovenSpinner(), "swallowsExceptions");
        assertStopped(t, stopOf(t), "Spinner.swallowsExceptions()");
    }

    @Test
    void onlyTheThreadAskedForStops() throws Exception {
        Object other = wovenSpinner();
        Thread untouched = spinning(other, "forEver");
        Thread asked = spinning(wovenSpinner(), "forEver");
        Stop s = stopOf(asked);
        assertStopped(asked, s, "Spinner.forEver()");
        long now = turns(other);
        until(() -> turns(other) > now + 1000, "the other loop to go on");
        assertTrue(untouched.isAlive());
        ended.set(null);
        assertStopped(untouched, stopOf(untouched), "Spinner.forEver()");
    }

    @Test
    void aStopWaitsForItsMomentThenStops() throws Exception {
        Object spinner = wovenSpinner();
        Thread t = spinning(spinner, "forEver");
        AtomicBoolean live = new AtomicBoolean();
        Stop s = new Stop(t, null, " by the test", live::get, false, null);
        Runaway.ask(s);
        long now = turns(spinner);
        until(() -> turns(spinner) > now + 1000, "the loop to go on while the stop is not due");
        assertTrue(t.isAlive());
        live.set(true);
        assertStopped(t, s, "Spinner.forEver()");
    }

    @Test
    void aStopForACallThatIsNotOnTheStackEndsWithoutStoppingAnything() throws Exception {
        Object spinner = wovenSpinner();
        Thread t = spinning(spinner, "forEver");
        Stop s = new Stop(t, "dev.doitlive.generated.Proxy0$Gone", " by the test", null, false, null);
        Runaway.ask(s);
        until(() -> s.outcome() == Stop.Outcome.ENDED, "the stop to see that its call ended");
        long now = turns(spinner);
        until(() -> turns(spinner) > now + 1000, "the loop to go on");
        assertTrue(t.isAlive());
        assertStopped(t, stopOf(t), "Spinner.forEver()");
    }

    @Test
    void aStopAskedBecauseOfAnInterruptTakesTheInterruptOrEndsWhenTheThreadNoLongerHasOne() throws Exception {
        Object spinner = wovenSpinner();
        Thread t = spinning(spinner, "forEver");
        Stop stale = new Stop(t, null, ": its thread was interrupted", null, true, null);
        Runaway.ask(stale);
        until(() -> stale.outcome() == Stop.Outcome.ENDED, "a stop for an interrupt the thread does not have to end");
        assertTrue(t.isAlive());

        t.interrupt();
        Stop s = new Stop(t, null, ": its thread was interrupted", null, true, null);
        Runaway.ask(s);
        t.join(10_000);
        assertFalse(t.isAlive());
        assertEquals("loop in Spinner.forEver() stopped: its thread was interrupted", ended.get().getMessage());
        assertFalse(interruptedAfter.get(), "the stop took the interrupt, as an InterruptedException does");
        assertEquals(Stop.Outcome.STOPPED, s.outcome());
    }

    /**
     * live:interrupt wakes a call that waits instead of looping, while its stop is pending; once the stop is thrown
     * the thread is in the proxy's failure handling, which waits for the revert that answers the call: an interrupt
     * there gave the caller the failure (CI's RunawayCallTest, when the asking thread looked at the state late).
     */
    @Test
    void aStopThrownInterruptsNothingAfterItAndAPendingOneWakesACallThatWaits() throws Exception {
        Object spinner = wovenSpinner();
        java.util.concurrent.CountDownLatch revert = new java.util.concurrent.CountDownLatch(1);
        AtomicBoolean handlerInterrupted = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                spinner.getClass().getMethod("forEver").invoke(spinner);
            } catch (InvocationTargetException e) {
                ended.set(e.getCause());
                try {
                    revert.await(); // what Probation does: waits for the revert, then retries the call
                } catch (InterruptedException x) {
                    handlerInterrupted.set(true);
                }
            } catch (ReflectiveOperationException e) {
                ended.set(e);
            }
        }, "caller");
        t.setDaemon(true);
        t.start();
        long before = turns(spinner);
        until(() -> turns(spinner) > before + 1000, "the loop to turn");
        Stop s = stopOf(t);
        until(() -> t.getState() == Thread.State.WAITING, "the stopped caller to wait for its revert");
        assertEquals(Stop.Outcome.STOPPED, s.outcome());
        assertFalse(s.wake(stack -> true), "a stop thrown already wakes nothing");
        revert.countDown();
        t.join(10_000);
        assertFalse(handlerInterrupted.get(), "the wait after the stop was not interrupted");

        Thread sleeper = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                ended.set(e);
            }
        }, "sleeper");
        sleeper.setDaemon(true);
        sleeper.start();
        until(() -> sleeper.getState() == Thread.State.TIMED_WAITING, "the call to sleep");
        Stop asleep = new Stop(sleeper, null, " by the test", null, false, null);
        Runaway.ask(asleep);
        assertFalse(asleep.wake(stack -> false), "waiting outside the call: not woken");
        assertTrue(sleeper.isAlive());
        assertTrue(asleep.wake(stack -> true), "waiting inside the call: woken");
        sleeper.join(10_000);
        assertInstanceOf(InterruptedException.class, ended.get());
    }

    @Test
    void wovenCodeComputesWhatItDidAndAClassWithoutLoopsIsLeftAsItIs() throws Exception {
        Object spinner = wovenSpinner();
        int[] pixels = new int[150];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        assertEquals(149 * 150 / 2, spinner.getClass().getMethod("sum", int[].class).invoke(spinner, (Object) pixels));
        assertNull(RunawayGuard.rewrite(compiled("Plain", PLAIN)), "no backward jump: not rewritten");
    }

    @Test
    void aSwitchThatJumpsBackIsALoopToo() throws Exception {
        // javac never makes one; other compilers may: `L: iconst_0; tableswitch 0..0 -> L, default -> L`.
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC, "t/Switcher", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "spin", "()V", null, null);
        mv.visitCode();
        Label top = new Label();
        mv.visitLabel(top);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitTableSwitchInsn(0, 0, top, top);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        byte[] rewritten = RunawayGuard.rewrite(cw.toByteArray());
        assertNotNull(rewritten);
        Class<?> type = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass("t.Switcher", rewritten, 0, rewritten.length);
            }
        }.define();
        AtomicBoolean started = new AtomicBoolean();
        Thread t = new Thread(() -> {
            started.set(true);
            try {
                type.getMethod("spin").invoke(null);
            } catch (InvocationTargetException e) {
                ended.set(e.getCause());
            } catch (ReflectiveOperationException e) {
                ended.set(e);
            }
        });
        t.setDaemon(true);
        t.start();
        until(started::get, "the switch loop to start");
        assertStopped(t, stopOf(t), "Switcher.spin()");
    }
}
