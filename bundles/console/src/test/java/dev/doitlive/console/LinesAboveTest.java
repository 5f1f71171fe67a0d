package dev.doitlive.console;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class LinesAboveTest {
    private static final long WAIT_MS = 10_000;

    private final List<String> printed = Collections.synchronizedList(new ArrayList<>());
    private final List<String> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<String> fallback = Collections.synchronizedList(new ArrayList<>());

    /** Counted down when the printer has a batch in hand. */
    private final CountDownLatch printing = new CountDownLatch(1);

    private LinesAbove lines(CountDownLatch printerMayGo) {
        return new LinesAbove(text -> {
            printing.countDown();
            try {
                printerMayGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batches.add(text);
            printed.addAll(List.of(text.split("\n", -1)));
        }, fallback::add);
    }

    @Test
    void linesFromSeveralThreadsArePrintedWholeInTheOrderTheyCameAndInBatches() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        LinesAbove above = lines(go);
        above.start();
        above.line("first");
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            PrintStream out = new PrintStream(above.stream(), true, Charset.defaultCharset());
            writers.add(new Thread(() -> IntStream.range(0, 1000).forEach(i -> out.println("w" + writer + " " + i))));
        }
        writers.forEach(Thread::start);
        go.countDown();
        for (Thread t : writers) {
            t.join(WAIT_MS);
        }
        await(() -> printed.size() == 4001, () -> "every line printed: " + printed.size());
        assertEquals("first", printed.get(0));
        for (int w = 0; w < 4; w++) {
            String prefix = "w" + w + " ";
            List<String> mine = printed.stream().filter(l -> l.startsWith(prefix)).toList();
            assertEquals(IntStream.range(0, 1000).mapToObj(i -> prefix + i).toList(), mine, "each writer's lines whole and in order");
        }
        assertTrue(batches.size() < printed.size(), "lines that wait are printed together: " + batches.size() + " batches");
        above.stop();
        assertEquals(List.of(), fallback);
    }

    @Test
    void aWriterIsHeldBackWhileThePrinterIsStuckButNeverForGoodNorLosesALine() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        LinesAbove above = lines(go);
        above.start();
        String big = "x".repeat(LinesAbove.MAX_PENDING / 2);
        above.line("taken by the printer, which is stuck");
        assertTrue(printing.await(WAIT_MS, TimeUnit.MILLISECONDS), "the printer has the first line");
        Thread writer = new Thread(() -> IntStream.range(0, 4).forEach(i -> above.line(i + big)));
        writer.start();
        writer.join(WAIT_MS);
        assertFalse(writer.isAlive(), "the writer goes on after waiting a bounded time for room");
        go.countDown();
        await(() -> printed.size() == 5, () -> "every line printed: " + printed.size());
        assertEquals(IntStream.range(0, 4).mapToObj(i -> i + big).toList(), printed.subList(1, 5));
        above.stop();
    }

    @Test
    void stopPrintsWhatIsQueuedAndALineLeftUnfinishedThenHandsLaterLinesToTheFallback() {
        LinesAbove above = lines(new CountDownLatch(0));
        above.start();
        above.line("queued");
        PrintStream out = new PrintStream(above.stream(), true, Charset.defaultCharset());
        out.print("no line break yet");
        above.stop();
        assertEquals(List.of("queued", "no line break yet"), printed);
        above.line("after the stop");
        out.println("also after");
        assertEquals(List.of("after the stop", "also after"), fallback);
    }

    @Test
    void aCarriageReturnBeforeTheLineBreakIsNotPartOfTheLine() {
        LinesAbove above = lines(new CountDownLatch(0));
        above.start();
        PrintStream out = new PrintStream(above.stream(), true, Charset.defaultCharset());
        out.print("windows\r\nunix\n");
        above.stop();
        assertEquals(List.of("windows", "unix"), printed);
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what.get());
            }
            Thread.onSpinWait();
        }
    }
}
