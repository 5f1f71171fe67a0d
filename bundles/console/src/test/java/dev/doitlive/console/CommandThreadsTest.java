package dev.doitlive.console;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ctrl-C on a real Gogo session: the command's own thread is interrupted and its answer printed; twice, the job goes. */
class CommandThreadsTest {
    private static final long WAIT_MS = 10_000;

    /**
     * One ThreadIO for the class: Gogo's ThreadIOImpl puts its own streams back into System.out whenever a thread
     * sets or closes its streams, so a job thread finishing after a per-test stop() left System.out set and the
     * next test's start() failed with 'Thread Print Stream already set' (seen twice in CI).
     */
    private static final ThreadIOImpl threadIO = new ThreadIOImpl();
    /** The threads the runtime says it stops itself (a call in a refreshable's code): none unless a test adds one. */
    private final java.util.Set<Thread> stoppedByTheRuntime = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean stopAsked = new java.util.concurrent.atomic.AtomicBoolean();
    /** What the console said. */
    private final java.util.List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CommandThreads threads = new CommandThreads(t -> {
        if (!stoppedByTheRuntime.contains(t)) {
            return false;
        }
        stopAsked.set(true);
        return true;
    }, said::add);
    private final CountDownLatch release = new CountDownLatch(1);
    private CommandSession session;
    /** The threads run() started: joined after each test, so none runs on into the next. */
    private final java.util.List<Thread> started = new java.util.ArrayList<>();

    /** The commands: one that waits until interrupted and answers, one that does not heed interrupts. */
    public final class Commands {
        public String patient() {
            try {
                Thread.sleep(WAIT_MS * 10);
                return "slept";
            } catch (InterruptedException e) {
                return "answered after the interrupt";
            }
        }

        /** A call in a refreshable's code, as the runtime stops it: at its loop's next turn, once asked. */
        public String spinning() {
            stoppedByTheRuntime.add(Thread.currentThread());
            while (!stopAsked.get()) {
                Thread.onSpinWait();
            }
            return Thread.currentThread().isInterrupted() ? "interrupted" : "stopped without an interrupt";
        }

        public String stubborn() {
            while (true) {
                try {
                    release.await();
                    return "released";
                } catch (InterruptedException e) {
                    // goes on waiting
                }
            }
        }
    }

    @BeforeAll
    static void startThreadIO() {
        threadIO.start();
    }

    @AfterAll
    static void stopThreadIO() {
        threadIO.stop();
    }

    @BeforeEach
    void open() {
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("test", new Commands());
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        session = threads.create(() -> processor.createSession(new ByteArrayInputStream(new byte[0]), out, out));
    }

    @AfterEach
    void close() {
        release.countDown();
        for (Thread t : started) {
            try {
                t.join(WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (session != null) {
            session.close();
        }
    }

    private CompletableFuture<Object> run(String command) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(session.execute(command));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "console");
        t.setDaemon(true);
        started.add(t);
        t.start();
        await(() -> session.foregroundJob() != null && !threads.running().isEmpty(), command + " to run");
        return result;
    }

    @Test
    void theFirstCtrlCInterruptsTheCommandWhichAnswers() throws Exception {
        CompletableFuture<Object> result = run("test:patient");
        threads.ctrlC(session);
        assertEquals("answered after the interrupt", result.get(WAIT_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    void aSecondCtrlCCancelsACommandThatDoesNotHeedInterrupts() throws Exception {
        CompletableFuture<Object> result = run("test:stubborn");
        threads.ctrlC(session);
        assertThrows(java.util.concurrent.TimeoutException.class, () -> result.get(300, TimeUnit.MILLISECONDS), "it runs on");
        await(() -> said.contains(CommandThreads.GOES_ON), "the console to say the command goes on");
        threads.ctrlC(session);
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(WAIT_MS, TimeUnit.MILLISECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause(), "the job is cancelled, as Gogo's own Ctrl-C does");
        assertEquals("interrupted", ErrorLine.of(e.getCause(), java.util.List.of()));
    }

    @Test
    void aCallTheRuntimeStopsItselfIsNotInterrupted() throws Exception {
        CompletableFuture<Object> result = run("test:spinning");
        await(() -> !stoppedByTheRuntime.isEmpty(), "the call to spin");
        threads.ctrlC(session);
        assertEquals("stopped without an interrupt", result.get(WAIT_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    void ctrlCWithoutACommandDoesNothing() {
        threads.ctrlC(session);
        assertTrue(threads.running().isEmpty());
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }
}
