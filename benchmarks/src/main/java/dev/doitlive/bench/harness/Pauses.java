package dev.doitlive.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Why a thread was slow, from a Flight Recorder recording of the harness's own JVM: how long threads waited on
 * monitors (the proxy's gate is one: a caller that meets it closed waits on it), and how long the JVM stopped every
 * thread (GC pauses, safepoints). A long call that none of these explain was the thread not running: the operating
 * system gave its core to another thread or process.
 */
final class Pauses implements AutoCloseable {
    /** -Dbench.jfr=FILE keeps the whole recording, with more events, for a closer look. */
    private static final String KEEP = System.getProperty("bench.jfr");
    private final Recording recording = new Recording();
    private List<RecordedEvent> events = List.of();

    Pauses() {
        recording.enable("jdk.JavaMonitorWait").withThreshold(Duration.ZERO);
        recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ZERO);
        recording.enable("jdk.ThreadPark").withThreshold(Duration.ofMillis(1)); // the gate parks callers on the proxy
        recording.enable("jdk.GCPhasePause").withThreshold(Duration.ZERO);
        recording.enable("jdk.SafepointBegin").withThreshold(Duration.ZERO);
        recording.enable("jdk.SafepointEnd").withThreshold(Duration.ZERO);
        // What else can keep a thread from running on 2 cores: compiler threads taking a core, VM operations.
        recording.enable("jdk.Compilation").withThreshold(Duration.ofMillis(1));
        recording.enable("jdk.ExecuteVMOperation").withThreshold(Duration.ofMillis(1));
        if (KEEP != null) {
            // Investigating: every event that can hold a thread up, with stacks, kept for `jfr print`.
            recording.enable("jdk.ThreadPark").withThreshold(Duration.ofMillis(2)).withStackTrace();
            recording.enable("jdk.ThreadSleep").withThreshold(Duration.ofMillis(1)).withStackTrace();
            recording.enable("jdk.Deoptimization").withStackTrace();
            recording.enable("jdk.ClassLoad").withThreshold(Duration.ofMillis(1)).withStackTrace();
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        }
        recording.setToDisk(true);
        recording.start();
    }

    /** Stops the recording and reads its events. */
    void stop() {
        recording.stop();
        try {
            Path file = Files.createTempFile("doitlive-bench", ".jfr");
            recording.dump(file);
            if (KEEP != null) {
                Files.copy(file, Path.of(KEEP), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            events = RecordingFile.readAllEvents(file);
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the flight recording: " + e.getMessage(), e);
        }
    }

    /**
     * Whether an event is a thread waiting at a proxy's gate: parked on the proxy (the runtime's gate parks callers
     * with the proxy as blocker), or, for a runtime built before that, waiting on a monitor.
     */
    private static boolean gateWait(RecordedEvent e) {
        String type = e.getEventType().getName();
        if (type.equals("jdk.ThreadPark")) {
            jdk.jfr.consumer.RecordedClass c = e.getClass("parkedClass");
            return c != null && c.getName().startsWith("dev.doitlive.generated.");
        }
        return type.equals("jdk.JavaMonitorWait") || type.equals("jdk.JavaMonitorEnter");
    }

    /** The longest wait at the gate by threads whose name matches, in [from, to], with what it waited on; waits under 1 ms are not recorded. */
    String longestGateWait(Predicate<String> thread, Instant from, Instant to) {
        RecordedEvent worst = null;
        for (RecordedEvent e : events) {
            if (gateWait(e) && in(e, from, to) && thread.test(threadName(e))
                    && (worst == null || e.getDuration().compareTo(worst.getDuration()) > 0)) {
                worst = e;
            }
        }
        if (worst == null) {
            return "none over 1 ms";
        }
        String on = worst.getEventType().getName().equals("jdk.ThreadPark") ? "parked at the gate"
                : worst.getEventType().getLabel() + " on " + worst.getClass("monitorClass").getName();
        return Stats.us(worst.getDuration().toNanos()) + " (" + on + ")";
    }

    /**
     * What overlapped the span [from, to] among what can hold a thread up: a GC pause, a wait at the gate by a thread
     * whose name matches, a JIT compilation of 1 ms or more (a compiler thread holding a core), another VM operation
     * of 1 ms or more. Empty: none of these; the thread was not running (the other threads, other processes).
     */
    java.util.Set<String> overlapping(Predicate<String> thread, Instant from, Instant to) {
        java.util.Set<String> found = new java.util.TreeSet<>();
        for (RecordedEvent e : events) {
            if (!e.getStartTime().isBefore(to) || !e.getEndTime().isAfter(from)) {
                continue;
            }
            String type = e.getEventType().getName();
            if (type.equals("jdk.GCPhasePause")) {
                found.add(GC);
            } else if (gateWait(e) && thread.test(threadName(e))) {
                found.add(GATE);
            } else if (type.equals("jdk.Compilation")) {
                found.add(JIT);
            } else if (type.equals("jdk.ExecuteVMOperation") && !e.getString("operation").contains("G1")) {
                found.add(VM);
            }
        }
        return found;
    }

    static final String GC = "a GC pause";
    static final String GATE = "a wait at the gate";
    static final String JIT = "a JIT compilation";
    static final String VM = "another VM operation";

    /**
     * For spans of a thread held up (each {@code [start, end]} in System.nanoTime, placed on the recording's clock by
     * {@code baseNanos} and {@code baseInstant}, taken together): how many overlapped each thing {@link #overlapping}
     * knows (a span can overlap several), and how many overlapped none.
     */
    Tally tally(Predicate<String> thread, long[] startsAndEnds, long baseNanos, Instant baseInstant) {
        Map<String, Integer> counts = new HashMap<>();
        int none = 0;
        for (int i = 0; i + 1 < startsAndEnds.length; i += 2) {
            java.util.Set<String> found = overlapping(thread, baseInstant.plusNanos(startsAndEnds[i] - baseNanos),
                    baseInstant.plusNanos(startsAndEnds[i + 1] - baseNanos));
            found.forEach(c -> counts.merge(c, 1, Integer::sum));
            none += found.isEmpty() ? 1 : 0;
        }
        return new Tally(startsAndEnds.length / 2, counts, none);
    }

    /** What {@link #tally} found. */
    record Tally(int spans, Map<String, Integer> counts, int none) {
        int of(String what) {
            return counts.getOrDefault(what, 0);
        }
    }

    /** The longest GC pause in [from, to], in nanoseconds. */
    long longestGcPause(Instant from, Instant to) {
        long worst = 0;
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals("jdk.GCPhasePause") && in(e, from, to)) {
                worst = Math.max(worst, e.getDuration().toNanos());
            }
        }
        return worst;
    }

    /** How many GC pauses there were in [from, to]. */
    int gcPauses(Instant from, Instant to) {
        int n = 0;
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals("jdk.GCPhasePause") && in(e, from, to)) {
                n++;
            }
        }
        return n;
    }

    /** The longest safepoint (all Java threads stopped: GC, deoptimization, class redefinition...) in [from, to]. */
    long longestSafepoint(Instant from, Instant to) {
        Map<Long, Instant> begins = new HashMap<>();
        long worst = 0;
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.SafepointBegin")) {
                begins.put(e.getLong("safepointId"), e.getStartTime());
            }
        }
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals("jdk.SafepointEnd")) {
                Instant b = begins.get(e.getLong("safepointId"));
                if (b != null && !b.isBefore(from) && !e.getEndTime().isAfter(to)) {
                    worst = Math.max(worst, Duration.between(b, e.getEndTime()).toNanos());
                }
            }
        }
        return worst;
    }

    private static boolean in(RecordedEvent e, Instant from, Instant to) {
        return !e.getStartTime().isBefore(from) && !e.getEndTime().isAfter(to);
    }

    private static String threadName(RecordedEvent e) {
        RecordedThread t = e.getThread();
        return t == null || t.getJavaName() == null ? "" : t.getJavaName();
    }

    @Override
    public void close() {
        recording.close();
    }
}
