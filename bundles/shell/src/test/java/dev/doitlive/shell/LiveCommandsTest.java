package dev.doitlive.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.doitlive.api.ErrorDTO;
import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;

/** What each command prints, called as Gogo would call the methods, against an in-memory runtime. */
class LiveCommandsTest {
    private final FakeRuntime runtime = new FakeRuntime();
    private final LiveCommands live = new LiveCommands(runtime, ZoneOffset.UTC, "/srv/live");

    @BeforeEach
    void twoRefreshables() {
        FakeRuntime.Entry counter = runtime.add("counter");
        counter.dto.bundleId = 12;
        counter.dto.location = "file:/srv/live/counter-1.0.2.jar";
        counter.dto.liveSeq = 3;
        counter.dto.liveBundleVersion = "1.0.2";
        counter.dto.historyDepth = 2;
        counter.dto.status = RefreshableDTO.Status.PROBATION;
        counter.dto.calls = 1042;
        counter.dto.errors = 1;
        counter.history.add(version(3, "1.0.2", "2026-11-24T10:03:12Z", 4312, VersionDTO.Status.LIVE, true, null));
        counter.history.add(version(2, "1.0.1", "2026-11-24T10:01:40Z", 4300, VersionDTO.Status.REPLACED, true, null));
        counter.history.add(version(1, "1.0.1", "2026-11-24T09:59:05Z", 812, VersionDTO.Status.FAILED, false,
                "postRefresh threw IllegalStateException: not ready"));
        counter.state.put("count", "41");
        counter.state.put("step", "1");
        counter.state.put("label", "\"beats\"");
        counter.defaults.add("step");
        counter.errors.add(error("counter", "2026-11-24T10:03:15Z", 3, "call next",
                "counter-1.0.2.jar: ArithmeticException: / by zero; reverted to 2",
                "java.lang.ArithmeticException: / by zero\n\tat demo.CounterImpl.next(CounterImpl.java:12)\n"));

        FakeRuntime.Entry leds = runtime.add("leds");
        leds.dto.bundleId = 7;
        leds.dto.location = "reference:file:/srv/live/leds.jar";
        leds.dto.liveSeq = 1;
        leds.dto.liveBundleVersion = "0.3.0";
        leds.dto.status = RefreshableDTO.Status.FAILED;
        leds.dto.errors = 1;
        leds.dto.lastError = "leds.jar: bundle does not resolve: missing import org.foo";
        leds.errors.add(error("leds", "2026-11-24T10:04:00Z", 2, "refresh", leds.dto.lastError, null));
    }

    @Test
    void listShowsOneRowPerRefreshableAndWhyAFailedOneFailed() {
        assertEquals("""
                NAME     BUNDLE  FILE               SEQ  VERSION  HISTORY  STATUS     CALLS  ERRORS
                counter      12  counter-1.0.2.jar    3  1.0.2          2  probation   1042       1
                leds          7  leds.jar             1  0.3.0          0  failed         0       1
                leds failed: leds.jar: bundle does not resolve: missing import org.foo""", live.list());
    }

    @Test
    void listOfAnEmptyRuntimeSaysWhereToDropABundle() {
        runtime.entries.clear();

        assertEquals("No refreshables yet. Drop a refreshable bundle's jar into /srv/live and it shows up here.",
                live.list());
        assertEquals("No refreshables yet. Drop a refreshable bundle's jar into the watched folder"
                + " and it shows up here.",
                new LiveCommands(runtime, ZoneOffset.UTC, null).list());
    }

    @Test
    void refreshPrintsTheOutcomeAndWaitsTenSecondsByDefault() {
        runtime.entries.get("counter").nextOutcome = OutcomeDTO.of(true, "counter: 4 (1.0.3) is live", 4);

        assertEquals("counter: 4 (1.0.3) is live", live.refresh("10000", "", "counter"));
        assertEquals("counter", runtime.lastName);
        assertEquals(10_000, runtime.lastTimeout);
    }

    @Test
    void aFailedRefreshFailsTheCommandWithTheOutcomeLine() {
        runtime.entries.get("counter").nextOutcome = OutcomeDTO.of(false,
                "counter: 4 failed in postRefresh (IllegalStateException: not ready); 3 is live", 3);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> live.refresh("2500", "", "counter"));
        assertEquals("counter: 4 failed in postRefresh (IllegalStateException: not ready); 3 is live",
                e.getMessage());
        assertEquals(2_500, runtime.lastTimeout);
    }

    @Test
    void anOutcomeWithoutMessageStillSaysWhatIsLive() {
        runtime.entries.get("counter").nextOutcome = OutcomeDTO.of(false, null, 3);

        assertEquals("revert of counter failed; version 3 is live",
                assertThrows(IllegalStateException.class, () -> live.revert(Args.PREVIOUS, "10000", "counter")).getMessage());
    }

    @Test
    void revertGoesOneStepBackByDefaultOrToTheGivenVersion() {
        runtime.entries.get("counter").nextOutcome = OutcomeDTO.of(true, "counter: 2 (1.0.1) is live again", 2);

        assertEquals("counter: 2 (1.0.1) is live again", live.revert(Args.PREVIOUS, "10000", "counter"));
        assertEquals(-1, runtime.lastToSeq);

        live.revert("1", "500", "counter");
        assertEquals(1, runtime.lastToSeq);
        assertEquals(500, runtime.lastTimeout);
    }

    @Test
    void badArgumentsGetOneClearLine() {
        assertMessage("--to expects a sequence number of 0 or more, got -5.", () -> live.revert("-5", "10000", "counter"));
        assertMessage("--to expects a version's sequence number (live:history NAME shows them), got 'two'.",
                () -> live.revert("two", "10000", "counter"));
        assertMessage("--timeout expects milliseconds above 0, got 0.", () -> live.refresh("0", "", "counter"));
        assertMessage("--timeout expects milliseconds, got '10s'.", () -> live.refresh("10s", "", "counter"));
        assertMessage("Give the refreshable's name (live:list shows them).", () -> live.history(" "));
        assertMessage("Give a field name (live:state NAME shows them).", () -> live.set("counter", "", "1"));
    }

    @Test
    void unknownNamesGetTheRuntimesMessage() {
        assertMessage("No refreshable named 'nope'.", () -> live.refresh("10000", "", "nope"));
        assertMessage("No refreshable named 'nope'.", () -> live.state("nope"));
    }

    @Test
    void purgeSaysHowManyVersionsWentAndThatLiveOnesStay() {
        assertEquals("Purged 2 versions from counter's history; the live version stays.", live.purge("counter"));
        assertEquals("Purged 2 versions from the history of every refreshable; live versions stay.", live.purge());
        assertEquals("Nothing to purge: leds has no history.", live.purge("leds"));

        runtime.entries.get("counter").dto.historyDepth = 1;
        assertEquals("Purged 1 version from counter's history; the live version stays.", live.purge("counter"));
    }

    @Test
    void historyListsVersionsNewestFirstAndMarksTheLiveOne() {
        assertEquals("""
                   SEQ  VERSION  WHEN                 CHECKSUM         SIZE  STATUS
                *    3  1.0.2    2026-11-24 10:03:12  00000000000a  4.2 KiB  live
                     2  1.0.1    2026-11-24 10:01:40  000000000009  4.2 KiB  replaced
                     1  1.0.1    2026-11-24 09:59:05  000000000008    812 B  failed (not revertable): postRefresh threw IllegalStateException: not ready""",
                live.history("counter"));
    }

    @Test
    void stateShowsOneAlignedLinePerField() {
        assertEquals("""
                count = 41
                step  = 1
                label = "beats\"""", live.state("counter"));
        runtime.entries.get("leds").state.clear();
        assertEquals("leds has no fields.", live.state("leds"));
    }

    @Test
    void setPrintsTheRuntimesLine() {
        assertEquals("counter.count: 41 -> 100", live.set("counter", "count", "100"));
        assertMessage("counter has no field 'nope'.", () -> live.set("counter", "nope", "1"));
    }

    @Test
    void errorsShowTheFailureLineThenItsStackTrace() {
        assertEquals("""
                2026-11-24 10:03:15 counter seq 3, call next: counter-1.0.2.jar: ArithmeticException: / by zero; reverted to 2
                    java.lang.ArithmeticException: / by zero
                    \tat demo.CounterImpl.next(CounterImpl.java:12)""", live.errors(false, "counter"));
    }

    @Test
    void briefErrorsAreATableOfEveryRefreshable() {
        assertEquals("""
                WHEN                 NAME     SEQ  WHERE      MESSAGE
                2026-11-24 10:03:15  counter    3  call next  counter-1.0.2.jar: ArithmeticException: / by zero; reverted to 2
                2026-11-24 10:04:00  leds       2  refresh    leds.jar: bundle does not resolve: missing import org.foo""",
                live.errors(true));
    }

    @Test
    void aKitsReportReadsAsItsSourceThenItsLine() {
        runtime.entries.values().forEach(e -> e.errors.clear());
        runtime.entries.get("leds").errors.add(error("osc", "2026-11-24T10:05:00Z", 0, null,
                "osc: from 127.0.0.1:40747: bad packet (5 bytes): not an OSC message", null));
        runtime.entries.get("leds").errors.add(error("pixels", "2026-11-24T10:06:00Z", 0, null, "cannot send to 10.0.0.9", null));

        assertEquals("""
                2026-11-24 10:05:00 osc: from 127.0.0.1:40747: bad packet (5 bytes): not an OSC message

                2026-11-24 10:06:00 pixels: cannot send to 10.0.0.9""", live.errors(false));
        assertEquals("""
                WHEN                 NAME    SEQ  WHERE  MESSAGE
                2026-11-24 10:05:00  osc       -  -      osc: from 127.0.0.1:40747: bad packet (5 bytes): not an OSC message
                2026-11-24 10:06:00  pixels    -  -      cannot send to 10.0.0.9""", live.errors(true));
    }

    @Test
    void errorsSayWhenThereAreNone() {
        runtime.entries.values().forEach(e -> e.errors.clear());

        assertEquals("No errors recorded.", live.errors(false));
        assertEquals("No errors recorded for leds.", live.errors(true, "leds"));
    }

    @Test
    void callPrintsTheResult() throws Exception {
        assertEquals("42", live.call("counter", "next"));
        assertMessage("counter has no method nope taking 1 arguments", () -> live.call("counter", "nope", "x"));
    }

    @Test
    void interruptPrintsTheRuntimesLine() {
        assertEquals("counter: no call is running in its code", live.interrupt("counter"));
        assertMessage("No refreshable named 'nope'.", () -> live.interrupt("nope"));
    }

    @Test
    void forgetPrintsTheRuntimesLineAndLetsItsRefusalThrough() {
        assertMessage("counter is live (from counter.jar): delete counter.jar first", () -> live.forget("counter"));
        runtime.entries.get("counter").dto.status = dev.doitlive.api.RefreshableDTO.Status.DETACHED;
        assertEquals("counter forgotten", live.forget("counter"));
        assertMessage("No refreshable named 'counter'.", () -> live.forget("counter"));
    }

    @Test
    void initDefaultsNamesTheFieldsReset() {
        assertEquals("Reset 1 @Default field of counter: step", live.initDefaults("counter"));
        assertEquals("leds has no @Default fields: nothing reset.", live.initDefaults("leds"));
    }

    @Test
    void withoutTheRuntimeEveryCommandSaysItIsNotRunning() {
        LiveCommands orphan = new LiveCommands(null, ZoneOffset.UTC, null);

        IllegalStateException e = assertThrows(IllegalStateException.class, orphan::list);
        assertEquals("The doitlive runtime is not running (is bundle dev.doitlive.runtime active?).", e.getMessage());
        e = assertThrows(IllegalStateException.class, orphan::loops);
        assertEquals("The doitlive runtime is not running (is bundle dev.doitlive.runtime active?).", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> orphan.rate("show", "60"));
        assertEquals("The doitlive runtime is not running (is bundle dev.doitlive.runtime active?).", e.getMessage());
    }

    /** Five loops, one in each state, one with a hung step; time columns in µs, ms and s. */
    private void loops() {
        LoopDTO show = runtime.addLoop("show", "leds", LoopDTO.State.RUNNING, 60);
        show.measuredRate = 59.94;
        show.lastStepNanos = 1_234_000;
        show.worstStepNanos = 16_700_000;
        show.steps = 123_456;
        show.errors = 2;
        show.overruns = 3;
        show.skipped = 12;
        show.reverts = 1;
        show.liveSeq = 4;

        LoopDTO blink = runtime.addLoop("blink", "leds", LoopDTO.State.PAUSED, 59.94);
        blink.reason = "its step threw IllegalStateException: no port\n  and there was nothing to revert to";
        blink.lastStepNanos = 850_000;
        blink.worstStepNanos = 2_500_000_000L;
        blink.steps = 10;
        blink.errors = 1;
        blink.liveSeq = 4;

        LoopDTO poll = runtime.addLoop("poll", "counter", LoopDTO.State.RUNNING, 0);
        poll.measuredRate = 1234.56;
        poll.lastStepNanos = 400;
        poll.worstStepNanos = 999_960;
        poll.runningNanos = 3_210_000_000L;
        poll.steps = 99;
        poll.liveSeq = 3;

        LoopDTO idle = runtime.addLoop("idle", "counter", LoopDTO.State.NOT_STARTED, 30);
        idle.liveSeq = 3;

        LoopDTO orphan = runtime.addLoop("orphan", "gone", LoopDTO.State.WAITING, 10);
        orphan.steps = 5;
        orphan.lastStepNanos = 2_000;
        orphan.worstStepNanos = 3_000;
    }

    @Test
    void loopsShowOneRowPerLoopThenWhyPausedOnesArePausedAndWhichStepsHang() {
        loops();

        assertEquals("""
                NAME    STEP     STATE            RATE   MEASURED    LAST    WORST   STEPS  ERRORS  OVERRUNS  SKIPPED  REVERTS  SEQ
                blink   leds     paused       59.94 Hz     0.0 Hz  850 µs    2.5 s      10       1         0        0        0    4
                idle    counter  not started     30 Hz     0.0 Hz       -        -       0       0         0        0        0    3
                orphan  gone     waiting         10 Hz     0.0 Hz  2.0 µs   3.0 µs       5       0         0        0        0    -
                poll    counter  running          free  1234.6 Hz  0.4 µs   1.0 ms      99       0         0        0        0    3
                show    leds     running         60 Hz    59.9 Hz  1.2 ms  16.7 ms  123456       2         3       12        1    4
                blink paused: its step threw IllegalStateException: no port and there was nothing to revert to (live:restart blink resumes it)
                poll: step running for 3.2 s""", live.loops());
    }

    @Test
    void aStepRunningForASecondOrLessIsNotReportedAsHung() {
        runtime.addLoop("show", "leds", LoopDTO.State.RUNNING, 60).runningNanos = 1_000_000_000L;

        assertEquals("""
                NAME  STEP  STATE     RATE  MEASURED  LAST  WORST  STEPS  ERRORS  OVERRUNS  SKIPPED  REVERTS  SEQ
                show  leds  running  60 Hz    0.0 Hz     -      -      0       0         0        0        0    -""",
                live.loops());
    }

    @Test
    void aPausedLoopSaysHowToResumeItWithOrWithoutAReason() {
        runtime.addLoop("show", "leds", LoopDTO.State.PAUSED, 60);

        assertEquals("show paused (live:restart show resumes it)", live.loops().lines().reduce((a, b) -> b).get());
        runtime.loops.get("show").reason = "paused by live:stop";
        assertEquals("show paused by live:stop (live:restart show resumes it)",
                live.loops().lines().reduce((a, b) -> b).get());
    }

    @Test
    void loopsOfARuntimeWithoutLoopsSayHowToDeclareOne() {
        assertEquals("No loops yet. Put @Loop(rate = 60) on a refreshable Step, or drop a dev.doitlive.loop-NAME.cfg"
                + " with step = REFRESHABLE and rate = 60 into /srv/live.", live.loops());
        assertEquals("No loops yet. Put @Loop(rate = 60) on a refreshable Step, or drop a dev.doitlive.loop-NAME.cfg"
                + " with step = REFRESHABLE and rate = 60 into the watched folder.",
                new LiveCommands(runtime, ZoneOffset.UTC, null).loops());
    }

    @Test
    void startStopAndRestartPrintTheRuntimesLine() {
        loops();

        assertEquals("idle started at 30 Hz", live.start("idle"));
        assertEquals("startLoop", runtime.lastLoopCall);
        assertEquals("show paused", live.stop("show"));
        assertEquals("stopLoop", runtime.lastLoopCall);
        assertEquals("show resumed at 60 Hz", live.restart("show"));
        assertEquals("restartLoop", runtime.lastLoopCall);
        assertEquals("show", runtime.lastLoop);
        assertEquals("poll is not paused (running)", live.restart("poll"));
        assertEquals("blink resumed at 59.94 Hz", live.start("blink"));
    }

    @Test
    void rateTakesDecimalsAndFree() {
        loops();

        assertEquals("show: 60 Hz -> 59.94 Hz", live.rate("show", "59.94"));
        assertEquals(59.94, runtime.lastRate);
        assertEquals("show: 59.94 Hz -> 30 Hz", live.rate("show", " 30 "));
        assertEquals("show: 30 Hz -> free-running", live.rate("show", "free"));
        assertEquals(0.0, runtime.lastRate);
        live.rate("show", "FREE");
        assertEquals(0.0, runtime.lastRate);
        live.rate("show", "-0");
        assertEquals(0.0, runtime.lastRate); // not -0.0
        live.rate("show", "1e4");
        assertEquals(10_000, runtime.lastRate);
        live.rate("show", ".5");
        assertEquals(0.5, runtime.lastRate);
        assertEquals("show: 0.5 Hz -> 60 Hz (the rate it declares)", live.rate("show", "default"));
        assertEquals("resetRate", runtime.lastLoopCall);
    }

    @Test
    void badRatesGetOneLineNamingTheArgumentAndNeverReachTheRuntime() {
        loops();

        assertMessage("HZ must be 0 or more ('free' runs steps back to back), got -5.", () -> live.rate("show", "-5"));
        assertMessage("HZ must be a number of steps per second, not NaN.", () -> live.rate("show", "NaN"));
        assertMessage("HZ must be a finite number of steps per second, got Infinity.",
                () -> live.rate("show", "Infinity"));
        assertMessage("HZ must be a finite number of steps per second, got -inf.", () -> live.rate("show", "-inf"));
        assertMessage("HZ must be a finite number of steps per second, got 1e999.", () -> live.rate("show", "1e999"));
        assertMessage("HZ must be at most 10000 steps per second, got 10000.5.", () -> live.rate("show", "10000.5"));
        assertMessage("HZ expects steps per second as a decimal number (60, 59.94), 'free' or 'default', got '60Hz'.",
                () -> live.rate("show", "60Hz"));
        assertMessage("HZ expects steps per second as a decimal number (60, 59.94), 'free' or 'default', got '59,94'.",
                () -> live.rate("show", "59,94"));
        assertMessage("HZ expects steps per second as a decimal number (60, 59.94), 'free' or 'default', got '0x10'.",
                () -> live.rate("show", "0x10"));
        assertMessage("HZ expects steps per second as a decimal number (60, 59.94), 'free' or 'default', got '60d'.",
                () -> live.rate("show", "60d"));
        assertMessage("HZ expects steps per second as a decimal number (60, 59.94), 'free' or 'default', got ''.",
                () -> live.rate("show", ""));
        assertEquals(null, runtime.lastLoopCall);
        assertEquals(60, runtime.loops.get("show").targetRate);
    }

    @Test
    void loopCommandsNeedALoopName() {
        assertMessage("Give the loop's name (live:loops shows them).", () -> live.start(" "));
        assertMessage("Give the loop's name (live:loops shows them).", () -> live.stop(""));
        assertMessage("Give the loop's name (live:loops shows them).", () -> live.restart(null));
        assertMessage("Give the loop's name (live:loops shows them).", () -> live.rate("", "60"));
    }

    @Test
    void unknownLoopsGetTheRuntimesMessage() {
        assertMessage("no loop named 'nope'", () -> live.start("nope"));
        assertMessage("no loop named 'nope'", () -> live.stop("nope"));
        assertMessage("no loop named 'nope'", () -> live.restart("nope"));
        assertMessage("no loop named 'nope'", () -> live.rate("nope", "60"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable command) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, command).getMessage());
    }

    private static VersionDTO version(long seq, String bundleVersion, String when, long size, VersionDTO.Status status,
            boolean revertable, String reason) {
        VersionDTO v = new VersionDTO();
        v.seq = seq;
        v.bundleVersion = bundleVersion;
        v.time = Instant.parse(when).toEpochMilli();
        v.checksum = ("%012x".formatted(seq + 7)).repeat(5) + "abcd"; // 64 hex chars, like a SHA-256
        v.size = size;
        v.status = status;
        v.revertable = revertable;
        v.reason = reason;
        return v;
    }

    private static ErrorDTO error(String name, String when, long seq, String where, String message, String trace) {
        ErrorDTO e = new ErrorDTO();
        e.name = name;
        e.time = Instant.parse(when).toEpochMilli();
        e.seq = seq;
        e.where = where;
        e.message = message;
        e.stackTrace = trace;
        return e;
    }
}
