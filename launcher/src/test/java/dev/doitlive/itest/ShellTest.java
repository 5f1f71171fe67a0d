package dev.doitlive.itest;

import static dev.doitlive.itest.RefreshTest.awaitDescribe;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import test.api.Counter;

/** Every live: command through a real Gogo CommandSession on the real runtime. */
class ShellTest extends LiveTest {
    Counter c;

    @BeforeEach
    void dropCounter() {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.0", Sources.counter("", "v1", """
                long count;
                @Default long step = 1;
                String label = "beats";
                public long next() { count += step; return count; }
                public long get() { return count; }
                public void preRefresh() { label = "refreshed"; }
                """)));
        c = fw.awaitService(Counter.class, null, WAIT);
        c.next();
    }

    private String shell(String command) throws Exception {
        return fw.shell(command);
    }

    @Test
    void listShowsTheRefreshable() throws Exception {
        String out = shell("live:list");
        assertTrue(out.contains("counter") && out.contains("counter.jar") && out.contains("1.0.0"), out);
        assertTrue(out.contains("probation"), "a new version is on probation for its first 5 s: " + out);
    }

    @Test
    void stateSetCallAndInitDefaults() throws Exception {
        String state = shell("live:state counter");
        assertTrue(state.contains("count") && state.contains("1") && state.contains("\"beats\""), state);

        assertTrue(shell("live:set counter step 5").contains("1 -> 5"));
        assertEquals("6", shell("live:call counter next"));
        assertEquals(6, c.get(), "the shell and callers share the live instance");

        assertTrue(shell("live:initdefaults counter").contains("step"));
        assertEquals("7", shell("live:call counter next"), "step is back to its initializer 1");

        assertShellError("live:set counter step many", "step");
        assertShellError("live:set counter nope 1", "no field 'nope'");
        assertShellError("live:call counter nope", "no method nope");
    }

    @Test
    void refreshRevertHistoryAndPurge() throws Exception {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "2.0.0", Sources.plainCounter("v2", 10)));
        awaitDescribe(c, "v2");
        String refreshed = shell("live:refresh counter");
        assertTrue(refreshed.contains("counter") && refreshed.contains("seq 2"), refreshed);
        assertEquals("v2", c.describe());

        String history = shell("live:history counter");
        assertTrue(history.contains("2.0.0") && history.contains("1.0.0") && history.toLowerCase().contains("replaced"), history);
        // How long the swaps held callers at the gate: a swap closes it, so it is more than nothing.
        assertTrue(runtime.describe("counter").longestHoldNanos > 0);
        assertTrue(history.lines().anyMatch(l -> l.matches("Callers were held \\d+\\.\\d\\d ms at the last swap \\(longest since start: \\d+\\.\\d\\d ms\\)\\.")),
                history);

        String reverted = shell("live:revert counter");
        assertTrue(reverted.contains("seq 1"), reverted);
        assertEquals("v1", c.describe());
        String forward = shell("live:revert --to 2 counter");
        assertTrue(forward.contains("seq 2"), forward);
        assertEquals("v2", c.describe());

        assertEquals("Purged 1 version from counter's history; the live version stays.", shell("live:purge counter"));
        assertTrue(shell("live:revert counter").contains("nothing to revert"));
        assertTrue(shell("live:purge").startsWith("Nothing to purge"), "nothing left to drop");
    }

    @Test
    void errorsShowFailuresWithTraces() throws Exception {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "2.0.0", Sources.counter("", "v2", """
                long count;
                public long next() { throw new IllegalStateException("v2 is broken"); }
                public long get() { return count; }
                """)));
        awaitDescribe(c, "v2");
        assertEquals(2, c.next(), "reverted and answered by v1");
        String errors = shell("live:errors counter");
        assertTrue(errors.contains("v2 is broken") && errors.contains("at t.counter.CounterImpl.next"), errors);
        assertTrue(shell("live:errors").contains("v2 is broken"));
    }

    @Test
    void helpAndBadInput() throws Exception {
        String help = shell("help live:revert");
        assertTrue(help.contains("--to"), help);
        // live:new's method is _new (new is a Java keyword): help still names the command, once, with its usage.
        String newHelp = shell("help live:new");
        assertTrue(newHelp.startsWith("live:new [--loop | --signal | --synth] NAME"), newHelp);
        assertEquals(1, newHelp.split("live:new \\[", -1).length - 1, newHelp);
        assertFalse(newHelp.contains("_new") || newHelp.contains("No methods found"), newHelp);
        assertShellError("live:revert nope", "no refreshable named 'nope'");
        assertShellError("live:history nope", "no refreshable named 'nope'");
        assertShellError("live:revert --to x counter", "--to");
        assertShellError("live:revert --to 99 counter", "no version 99");
    }

    @Test
    void callConvertsArgumentsNamingLiveCallAndAVoidMethodPrintsNothing() throws Exception {
        fw.drop("echo.jar", TestBundles.bundle("t.echo", "1.0.0", Sources.of("t.echo.EchoImpl", """
                package t.echo;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Echo;
                @Component(service = Echo.class)
                @Refreshable(name = "echo")
                public class EchoImpl implements Echo {
                    int pokes;
                    public String echo(String s) { return s; }
                    public int add(int a, int b) { return a + b; }
                    public double mix(double t, double x) { return t * x; }
                    public Object pick(int i) { return null; }
                    public void poke() { pokes++; }
                }
                """)));
        fw.awaitService(test.api.Echo.class, null, WAIT);
        assertEquals("5", shell("live:call echo add 2 3"));
        assertEquals("", shell("live:call echo poke"), "void: nothing printed, not null");
        assertEquals("pokes = 1", shell("live:state echo"));
        assertShellError("live:call echo add two 3", "live:call echo add: argument 1 is an int: 'two' is not one");
    }

    @Test
    void errorTracesEndAtTheRefreshableNotInGogoOrReflection() throws Exception {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "2.0.0", Sources.counter("", "v2", """
                long count;
                public long next() { throw new IllegalStateException("v2 is broken"); }
                public long get() { return count; }
                """)));
        awaitDescribe(c, "v2");
        assertEquals("2", shell("live:call counter next"), "reverted and answered by v1");
        String errors = shell("live:errors counter");
        assertTrue(errors.contains("at t.counter.CounterImpl.next"), errors);
        for (String tail : new String[] {"org.apache.felix.gogo", "java.lang.reflect", "jdk.internal.reflect", "dev.doitlive.generated",
                "dev.doitlive.shell", "LiveRuntimeImpl"}) {
            assertFalse(errors.contains(tail), "no " + tail + " frames below the refreshable's: " + errors);
        }
    }

    private void assertShellError(String command, String expected) {
        Exception e = assertThrows(Exception.class, () -> shell(command), command);
        assertTrue(e.getMessage() != null && e.getMessage().contains(expected), command + " -> " + e.getMessage());
    }
}
