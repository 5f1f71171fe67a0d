package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.VersionDTO;
import test.api.Counter;

/** Faults of what the user types and configures: wrong commands, bad settings, a damaged history on disk. */
class ShellFaultsTest extends FaultTest {

    @Test
    void liveCommandsWithWrongNamesAndArguments() {
        Counter c = liveCounter();
        String[][] cases = {
            {"live:revert nope", "no refreshable named 'nope' (live: counter)"},
            {"live:history nope", "no refreshable named 'nope'"},
            {"live:state nope", "no refreshable named 'nope'"},
            {"live:purge nope", "no refreshable named 'nope'"},
            {"live:errors nope", "no refreshable named 'nope'"},
            {"live:initdefaults nope", "no refreshable named 'nope'"},
            {"live:call counter nope", "no method nope"},
            {"live:call counter next 1 2 3", "taking 3 arguments"},
            {"live:set counter count many", "count"},
            {"live:set counter nope 1", "no field 'nope'"},
            {"live:revert --to abc counter", "--to"},
            {"live:revert --to 99 counter", "no version 99"},
            {"live:refresh --timeout soon counter", "--timeout"},
            {"live:rate counter 10", "no loop named 'counter'"},
            {"live:rate counter fast", "HZ"},
            {"live:stop nope", "no loop named 'nope'"},
            {"live:nope", "unknown command 'live:nope' (live commands: at, audio, bar, bpm, call, cancel, cluster, downbeat, errors, forget, history, initdefaults, interrupt,"},
            {"live:revert", "live:revert: wrong arguments; usage: live:revert [--to SEQ] [--timeout MS] NAME"},
            {"live:state counter extra", "live:state: wrong arguments; usage: live:state NAME"},
            {"live:new a b", "usage: live:new [--loop | --signal | --synth] NAME"},
            {"live:new --synth", "live:new: --synth needs a NAME after it; usage: live:new [--loop | --signal | --synth] NAME"},
            {"live:new --loop", "live:new: --loop needs a NAME after it; usage: live:new [--loop | --signal | --synth] NAME"},
            {"live:new --synth --loop", "live:new: --synth and --loop do not go together; give one of them, then a NAME"},
            {"live:new --signal --synth", "do not go together; give one of them, then a NAME"},
            {"live:new --loop --signal tick", "live:new: --loop and --signal do not go together; give one of them"},
            {"live:new counter", "live:new: the name 'counter' is taken by the refreshable from counter.jar; pick another name"},
            {"live:revert --to -1 counter", "--to expects a sequence number of 0 or more, got -1."},
        };
        List<String> answers = new ArrayList<>();
        for (String[] k : cases) {
            Exception e = assertThrows(Exception.class, () -> fw.shell(k[0]), k[0]);
            String message = String.valueOf(e.getMessage());
            assertTrue(message.contains(k[1]), k[0] + " -> " + message);
            assertFalse(message.strip().contains("\n"), k[0] + ": one line, not a trace: " + message);
            assertFalse(message.contains("Cannot coerce") || message.contains("Exception"), k[0] + ": " + message);
            answers.add(message);
        }
        assertServes(c, "v1", COUNT);
        assertFalse(Files.exists(fw.watched().resolve("Counter.java")), "a refused live:new writes nothing");
        assertFalse(Files.exists(fw.watched().resolve("Tick.java")), "a refused live:new writes nothing");
        report("F34", "`live:` commands with wrong names and arguments (" + cases.length + " cases)", "each is refused with one"
                + " line naming what is wrong and what exists; nothing changes", answers.get(0) + "  /  " + answers.get(11));
    }

    @Test
    void runtimeSettingsThatAreNotNumbers() {
        Counter c = liveCounter();
        fw.drop("dev.doitlive.runtime.cfg", "historyDepth = banana\nprobationCalls = -5\n".getBytes(StandardCharsets.UTF_8));
        String line = seen("dev.doitlive.runtime.cfg", "historyDepth", "banana");
        assertServes(c, "v1", COUNT);
        // The runtime still works with the settings it had: a refresh, a revert.
        fw.drop("counter.jar", counterJar("v2", 1, "1.0.1"));
        RefreshTest.awaitDescribe(c, "v2");
        assertTrue(runtime().revert("counter", -1, WAIT.toMillis()).ok);
        assertEquals("v1", c.describe());
        report("F35", "runtime settings that are not numbers (`historyDepth = banana` in dev.doitlive.runtime.cfg)", "the"
                + " setting is refused with its file and value; the runtime goes on with the values it had", line);
    }

    @Test
    void aLoopConfigurationWithABadRate() {
        Counter c = liveCounter();
        fw.drop("dev.doitlive.loop-tick.cfg", "step = counter\nrate = fast\n".getBytes(StandardCharsets.UTF_8));
        String line = seen("dev.doitlive.loop-tick.cfg", "rate = fast");
        assertServes(c, "v1", COUNT);
        assertTrue(runtime.loops().isEmpty(), "no loop made of it");
        report("F36", "a loop configuration with a rate that is not a number", "no loop is made; one line names the file"
                + " and the value", line);
    }

    @Test
    void aHistoryDamagedBetweenTwoRuns() throws Exception {
        Counter c = threeVersions();
        fw.restart(() -> {
            Path dir = historyDir("counter");
            try {
                Files.writeString(dir.resolve("index.tsv"), "this line is not a version\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                Files.delete(dir.resolve("1.jar"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Counter after = fw.awaitService(Counter.class, null, WAIT);
        assertEquals("v3", after.describe(), "the live version comes back");
        String line = seen("counter", "index.tsv", "unreadable line dropped");
        String missing = seen("counter", "the jar of version 1 is missing");
        List<VersionDTO> h = runtime().history("counter");
        assertEquals(List.of(3L, 2L, 1L), h.stream().map(v -> v.seq).toList(), "every readable record kept");
        assertFalse(h.get(2).revertable, "version 1 lost its bytes, not its record");
        assertTrue(runtime().revert("counter", -1, WAIT.toMillis()).ok, "version 2 is still there to revert to");
        assertEquals("v2", after.describe());
        assertTrue(fw.shell("live:list").contains("counter"));
        report("F37", "a history damaged between two runs (a garbage line in index.tsv, a version's jar deleted)", "on"
                + " restart the readable records are kept, the garbage line dropped, the version without bytes kept but no"
                + " longer revertable; one line for each", line + "  /  " + missing);
    }

    private LiveRuntime runtime() {
        return fw.awaitService(LiveRuntime.class, null, WAIT);
    }

    /** The refreshable's history folder in the framework storage. */
    private Path historyDir(String name) {
        try (Stream<Path> s = Files.walk(tmp.resolve("storage"))) {
            return s.filter(p -> p.endsWith(Path.of("history", name))).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
