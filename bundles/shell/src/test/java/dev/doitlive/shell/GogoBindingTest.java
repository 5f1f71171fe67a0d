package dev.doitlive.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.doitlive.api.OutcomeDTO;

/**
 * How Gogo binds command lines to the methods: options anywhere, defaults when absent, overloads for the
 * optional name. A bare Gogo command processor, no framework: the component itself is tested on Felix.
 */
class GogoBindingTest {
    private final FakeRuntime runtime = new FakeRuntime();
    private final LiveCommands live = new LiveCommands(runtime, ZoneOffset.UTC, null);
    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private CommandProcessorImpl processor;
    private CommandSession session;

    @BeforeEach
    void startGogo() {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        for (String function : functions()) {
            processor.addCommand("live", live, function);
        }
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());

        FakeRuntime.Entry counter = runtime.add("counter");
        counter.dto.historyDepth = 2;
        counter.state.put("count", "41");
        counter.nextOutcome = OutcomeDTO.of(true, "counter: 2 is live again", 2);
    }

    @AfterEach
    void stopGogo() {
        session.close();
        processor.stop();
        threadIO.stop();
    }

    @Test
    void revertWithoutOptionsGoesOneStepBackWithTheDefaultTimeout() throws Exception {
        assertEquals("counter: 2 is live again", session.execute("live:revert counter"));
        assertEquals(-1, runtime.lastToSeq);
        assertEquals(10_000, runtime.lastTimeout);
    }

    @Test
    void optionsBindWhereverTheyAreWritten() throws Exception {
        session.execute("live:revert counter --to 1 --timeout 500");
        assertEquals(1, runtime.lastToSeq);
        assertEquals(500, runtime.lastTimeout);

        session.execute("live:revert --timeout 700 --to 0 counter");
        assertEquals(0, runtime.lastToSeq);
        assertEquals(700, runtime.lastTimeout);

        session.execute("live:refresh --timeout 300 counter");
        assertEquals(300, runtime.lastTimeout);
    }

    @Test
    void theNameIsOptionalForPurgeAndErrors() throws Exception {
        assertEquals("Purged 2 versions from the history of every refreshable; live versions stay.",
                session.execute("live:purge"));
        assertEquals("Purged 2 versions from counter's history; the live version stays.",
                session.execute("live:purge counter"));
        assertEquals("No errors recorded.", session.execute("live:errors"));
        assertEquals("No errors recorded for counter.", session.execute("live:errors --brief counter"));
        assertEquals("No errors recorded for counter.", session.execute("live:errors counter -b"));
    }

    @Test
    void setAndInitDefaultsTakeTheirArgumentsInOrder() throws Exception {
        assertEquals("counter.count: 41 -> 100", session.execute("live:set counter count 100"));
        assertEquals("counter has no @Default fields: nothing reset.", session.execute("live:initdefaults counter"));
    }

    @Test
    void theRuntimesMessageReachesTheUserUnwrapped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> session.execute("live:history nope"));
        assertEquals("No refreshable named 'nope'.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> session.execute("live:revert counter --to x"));
        assertEquals("--to expects a version's sequence number (live:history NAME shows them), got 'x'.",
                e.getMessage());
    }

    @Test
    void missingOrExtraArgumentsGetTheCommandsUsageNotGogosCoercionError() {
        String[][] cases = {
            {"live:revert", "live:revert: wrong arguments; usage: live:revert [--to SEQ] [--timeout MS] NAME"},
            {"live:revert counter --to", "live:revert: wrong arguments; usage: live:revert [--to SEQ] [--timeout MS] NAME"},
            {"live:state", "live:state: wrong arguments; usage: live:state NAME"},
            {"live:state counter extra", "live:state: wrong arguments; usage: live:state NAME"},
            {"live:set counter count", "live:set: wrong arguments; usage: live:set NAME FIELD VALUE"},
            {"live:call", "live:call: wrong arguments; usage: live:call NAME METHOD [ARG...]"},
            {"live:purge counter extra", "live:purge: wrong arguments; usage: live:purge [NAME]"},
            {"live:errors counter extra", "live:errors: wrong arguments; usage: live:errors [-b] [NAME]"},
            {"live:rate show", "live:rate: wrong arguments; usage: live:rate LOOP HZ"},
            {"live:initdefaults", "live:initdefaults: wrong arguments; usage: live:initdefaults NAME"},
            {"live:forget", "live:forget: wrong arguments; usage: live:forget NAME"},
        };
        for (String[] k : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.execute(k[0]), k[0]);
            assertEquals(k[1], e.getMessage(), k[0]);
        }
    }

    @Test
    void aCallThatReturnsNothingPrintsNothing() throws Exception {
        assertEquals(null, session.execute("live:call counter reset"), "void: no 'null' printed");
        assertEquals("42", session.execute("live:call counter next"));
    }

    @Test
    void loopCommandsTakeTheLoopNameAndRateAsWritten() throws Exception {
        runtime.addLoop("show", "counter", dev.doitlive.api.LoopDTO.State.RUNNING, 60);

        assertEquals("show: 60 Hz -> 59.94 Hz", session.execute("live:rate show 59.94"));
        assertEquals(59.94, runtime.lastRate);
        assertEquals("show: 59.94 Hz -> free-running", session.execute("live:rate show free"));
        assertEquals("show: free-running -> 120 Hz", session.execute("live:rate show 120"));
        assertEquals("show paused", session.execute("live:stop show"));
        assertEquals("show resumed at 120 Hz", session.execute("live:restart show"));
        assertEquals("show is already running", session.execute("live:start show"));
        assertTrue(String.valueOf(session.execute("live:loops")).startsWith("NAME  STEP     STATE"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> session.execute("live:rate show -5"));
        assertEquals("HZ must be 0 or more ('free' runs steps back to back), got -5.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> session.execute("live:stop nope"));
        assertEquals("no loop named 'nope'", e.getMessage());
    }

    @Test
    void everyCommandAndParameterExplainsItselfToHelp() {
        for (Method m : commandMethods()) {
            assertNotNull(m.getAnnotation(Descriptor.class), m + " has no @Descriptor");
            Arrays.stream(m.getParameters()).forEach(p ->
                    assertNotNull(p.getAnnotation(Descriptor.class), m + " parameter " + p + " has no @Descriptor"));
        }
    }

    @Test
    void theComponentRegistersExactlyTheCommandMethods() {
        Set<String> methods = new TreeSet<>();
        commandMethods().forEach(m -> methods.add(m.getName().toLowerCase(Locale.ROOT)));

        assertEquals(methods, new TreeSet<>(functions()));
    }

    private static Set<Method> commandMethods() {
        Set<Method> methods = new java.util.HashSet<>();
        for (Method m : LiveCommands.class.getDeclaredMethods()) {
            // _main is Gogo's fallback for arguments that fit no command method (see LiveCommands._main)
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.getName().equals("_main")) {
                methods.add(m);
            }
        }
        return methods;
    }

    /** The osgi.command.function values bnd wrote into the component description (built before the tests). */
    private static Set<String> functions() {
        try (InputStream in = GogoBindingTest.class.getResourceAsStream(
                "/OSGI-INF/dev.doitlive.shell.LiveCommands.xml")) {
            assertNotNull(in, "component description not generated");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("name=\"osgi.command.function\" type=\"String\">([^<]*)<").matcher(xml);
            assertTrue(m.find(), "no osgi.command.function property in\n" + xml);
            return new TreeSet<>(Arrays.asList(m.group(1).strip().split("\\s+")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
