package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.RefreshableDTO;
import test.api.Counter;

/**
 * Faults of the state a failed candidate hands back, and of code held in fields: a version that fails on probation
 * cannot leave its breakage in the state of the version it goes back to, and lambdas, anonymous and local classes
 * are code (the new version's), not data matched by the compiler's numbers.
 */
class StateFaultsTest extends FaultTest {

    /** A counter whose describe() is {@code describe} (a Java expression) and whose members are given. */
    private static Map<String, String> counter(String refreshable, String describe, String members) {
        return Sources.of("t.counter.CounterImpl", """
                package t.counter;

                import java.util.*;
                import java.util.function.*;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;

                @Component(service = Counter.class)
                @Refreshable(name = "counter"%s)
                public class CounterImpl implements Counter, RefreshHooks {
                    %s
                    public String describe() { return %s; }
                }
                """.formatted(refreshable.isEmpty() ? "" : ", " + refreshable, members, describe));
    }

    /** v1 of the lambda tests: counts through a lambda held in a field. */
    private static final Map<String, String> LAMBDA_V1 = counter("", "\"v1\"", """
            long count;
            java.util.function.LongUnaryOperator op = x -> x + 1;
            public long next() { count = op.applyAsLong(count); return count; }
            public long get() { return count; }
            """);

    private static byte[] jar(String version, Map<String, String> sources) {
        return counterJar(version, sources);
    }

    @Test
    void anAutoNoneFieldIsGivenBackWhenItsVersionFailsOnProbation() {
        fw.drop("counter.jar", jar("1.0.0", counter("", "\"v1 \" + label", """
                long count;
                StringBuilder label = new StringBuilder("kept");
                public long next() { label.length(); return ++count; }
                public long get() { return count; }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        for (int i = 0; i < COUNT; i++) {
            c.next();
        }
        // v2 cannot carry `label` (a new type): AUTO_NONE makes it null, and its first call fails on it.
        fw.drop("counter.jar", jar("1.0.1", counter("autoNone = true", "\"v2\"", """
                long count;
                Integer label;
                public long next() { count++; return count + label; }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(COUNT + 2, c.next(), "the failed call is answered by v1, on the count v2 really changed");
        String line = seenRevert("NullPointerException", "counter.jar", "reverting counter to seq 1");
        awaitSettled(1);
        assertEquals("v1 kept", c.describe(), "v1 has its own label back, not the null v2 left in it");
        assertEquals(COUNT + 3, c.next(), "and its later calls work");
        stderr.await(WAIT, "gave back label"); // the line says what was given back (after the history's write)
        report("F41", "a version that fails on probation after AUTO_NONE nulled a field (`StringBuilder label` -> `Integer label`)",
                "the revert gives the field back as v1 had it; what v2 changed for real (the count) is carried; the failed call"
                        + " is answered by v1", line);
    }

    @Test
    void aTransientFieldIsNotSaidToBeGivenBack() {
        fw.drop("counter.jar", jar("1.0.0", counter("", "\"v1 \" + mood", """
                long count;
                transient String mood = "calm";
                public long next() { return ++count; }
                public long get() { return count; }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        fw.drop("counter.jar", jar("1.0.1", counter("", "\"v2 \" + mood", """
                long count;
                transient String mood = "wild";
                public long next() { throw new IllegalStateException("v2 breaks"); }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v2 wild");
        assertEquals(2, c.next(), "the failed call is answered by v1");
        String back = stderr.await(WAIT, "counter: seq 1 (1.0.0) is live");
        assertFalse(back.contains("gave back"), "a transient field is no state to give back: " + back);
        assertEquals("v1 calm", c.describe());
    }

    @Test
    void aDefaultFieldAndAConvertedFieldAreGivenBack() {
        fw.drop("counter.jar", jar("1.0.0", counter("", "\"v1 by \" + step + \" \" + small", """
                long count;
                long step = 1;
                int small = 7;
                public long next() { count += step; return count; }
                public long get() { return count; }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        fw.shell("live:set counter step 5");
        c.next();
        // v2 takes its @Default for `step` (a String now) and widens `small` to a long it changes; then fails.
        fw.drop("counter.jar", jar("1.0.1", counter("", "\"v2\"", """
                long count;
                @Default String step = "ten";
                long small;
                public long next() { small += 1000; throw new IllegalStateException("v2 fails"); }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(10, c.next(), "answered by v1, counting by the step it had");
        seenRevert("v2 fails", "counter.jar", "reverting counter to seq 1");
        awaitSettled(1);
        assertEquals("v1 by 5 7", c.describe(), "the @Default and the converted field come back as v1 had them");
        assertEquals(15, c.next());
    }

    @Test
    void anAnonymousClassTakesTheNewVersionsCodeNotTheOneWithItsNumber() {
        fw.drop("counter.jar", jar("1.0.0", counter("", "zero.get() + \",\" + first.get()", """
                long count;
                Supplier<String> zero = new Supplier<>() { public String get() { return "zero1"; } };
                Supplier<String> first = new Supplier<>() { public String get() { return "first1"; } };
                public long next() { return ++count; }
                public long get() { return count; }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        // v2 declares a new anonymous class first: it is CounterImpl$1 now, zero's is $2, first's $3.
        fw.drop("counter.jar", jar("1.0.1", counter("", "zero.get() + \",\" + first.get()", """
                long count;
                Supplier<String> extra = new Supplier<>() { public String get() { return "extra"; } };
                Supplier<String> zero = new Supplier<>() { public String get() { return "zero2"; } };
                Supplier<String> first = new Supplier<>() { public String get() { return "first2"; } };
                public long next() { return ++count; }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "zero2,first2");
        assertEquals(2, c.next(), "the count is carried");
        String line = stderr.await(WAIT, "counter: seq 2", "is live", "code in fields");
        assertTrue(line.contains("first") && line.contains("zero"), line);
    }

    @Test
    void aLambdaFieldTakesTheNewCodeAndPuttingTheOldVersionBackWorks() {
        fw.drop("counter.jar", jar("1.0.0", LAMBDA_V1));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        fw.drop("counter.jar", jar("1.0.1", counter("", "\"v2\"", """
                long count;
                java.util.function.LongUnaryOperator op = x -> x + 10;
                public long next() { count = op.applyAsLong(count); return count; }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(11, c.next(), "v2's lambda runs on v1's count");
        stderr.await(WAIT, "counter: seq 2", "is live", "code in field op");
        assertTrue(runtime.revert("counter", -1, WAIT.toMillis()).ok, "putting v1 back works");
        RefreshTest.awaitDescribe(c, "v1");
        assertEquals(12, c.next(), "v1's lambda again, on the count");
        assertNotEquals(RefreshableDTO.Status.UPDATING, runtime.describe("counter").status);
    }

    /** Eight lambda fields: the lines that name them name three and count the rest, at a refresh and at a restart. */
    @Test
    void theLinesNamingManyCodeFieldsStayShort() throws Exception {
        StringBuilder fields = new StringBuilder("long count;\n");
        for (int i = 1; i <= 8; i++) {
            fields.append("Runnable on").append(i).append(" = () -> { };\n");
        }
        fields.append("public long next() { on1.run(); return ++count; }\npublic long get() { return count; }\n");
        fw.drop("counter.jar", jar("1.0.0", counter("", "\"v1\"", fields.toString())));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        fw.drop("counter.jar", jar("1.0.1", counter("", "\"v2\"", fields.toString())));
        RefreshTest.awaitDescribe(c, "v2");
        String line = stderr.await(WAIT, "counter: seq 2", "is live");
        assertTrue(line.contains("code in fields on1, on2, on3 and 5 more (lambdas, anonymous or local classes) is the new version's"), line);
        assertFalse(line.contains("on8"), line);

        fw.restart();
        runtime = fw.awaitService(dev.doitlive.api.LiveRuntime.class, null, WAIT);
        assertEquals(2, fw.awaitService(Counter.class, null, WAIT).next(), "the count restored");
        String restored = stderr.await(WAIT, "counter: state restored");
        assertTrue(restored.contains("kept as the new instance made them: on1, on2, on3 and 5 more (holds a lambda or method"
                + " reference, which is not data)"), restored);
        assertFalse(restored.contains("on8"), restored);
    }

    @Test
    void aLambdaTheNewVersionLeavesNullKeepsTheOldCode() {
        fw.drop("counter.jar", jar("1.0.0", LAMBDA_V1));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        fw.drop("counter.jar", jar("1.0.1", counter("", "\"v2\"", """
                long count;
                java.util.function.LongUnaryOperator op;
                public long next() { count = op.applyAsLong(count) * 2; return count; }
                public long get() { return count; }
                """)));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(4, c.next(), "the old lambda (+1) stays in the field v2 leaves null");
        stderr.await(WAIT, "counter: seq 2", "leaves field op null", "old code");
    }

    @Test
    void migrateDoesNotRunWhenTheSameVersionIsLoadedAgain() {
        // A migrate() written for an upgrade from a version that had `cnt`: given the same bytes again, it must not run.
        fw.drop("counter.jar", jar("1.0.0", counter("", "\"v1\"", """
                long count;
                public long next() { return ++count; }
                public long get() { return count; }
                public void migrate(OldState old) { count = old.get("cnt", Long.class, 0L); }
                """)));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
        c.next();
        assertTrue(fw.shell("live:refresh counter").contains("reloaded seq 1"), "the same version again");
        assertEquals(3, c.next(), "the count carried by name; migrate() did not reset it");
    }
}
