package dev.doitlive.beat;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by a try-out: deleting dev.doitlive.beat.cfg said only {@code configuration dev.doitlive.beat: bpm = 120 waits:
 * ...}, and {@code live:bpm default} then named the tempo of a file that was gone. The deletion is one line naming the
 * file and the built-in defaults; without a file, the default is the built-in one and is called so.
 */
class ConfigDeletedTest {
    @TempDir
    Path dir;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** What FileInstall and DS give the component: the configuration's keys, its pid and file, the component's own. */
    private Map<String, Object> cfg(String bpm) {
        return Map.of("bpm", bpm, "service.pid", "dev.doitlive.beat", "component.name", "dev.doitlive.beat.BeatClockImpl",
                "felix.fileinstall.filename", dir.resolve("config/dev.doitlive.beat.cfg").toUri().toString());
    }

    /** What DS gives once the configuration is deleted: the component's own properties only. */
    private static final Map<String, Object> NONE = Map.of("component.name", "dev.doitlive.beat.BeatClockImpl", "component.id", 3L);

    @Test
    void deletingTheCfgIsOneLineAndTheDefaultIsTheBuiltInOne() {
        BeatClockImpl clock = new BeatClockImpl(cfg("128"), dir.resolve(TempoStore.FILE), lines::add);
        clock.bpm(30, "live:bpm");
        clock.modified(NONE);
        assertEquals(List.of("dev.doitlive.beat.cfg was deleted: the built-in defaults apply (bpm = 120, beatsPerBar = 4, onset = off);"
                + " the tempo stays 30.0 bpm, set by live:bpm (live:bpm default takes 120.0 bpm)"), lines);
        assertEquals("30.0 bpm -> 120.0 bpm, the built-in default (there is no dev.doitlive.beat.cfg)", clock.defaultBpm());
        assertTrue(clock.status().startsWith("120.0 bpm, set by the built-in default; beat"), clock.status());
        assertEquals("4 beats per bar, the built-in default (there is no dev.doitlive.beat.cfg)", clock.defaultBeatsPerBar());

        clock.modified(cfg("110")); // put back
        assertEquals(110, clock.bpm(), 1e-9);
        assertEquals("the tempo is the tempo of dev.doitlive.beat.cfg, 110.0 bpm", clock.defaultBpm());
        assertEquals(1, lines.size(), "putting it back needs no line: " + lines);
        clock.deactivate();
    }

    @Test
    void withoutACfgFromTheStartTheDefaultIsTheBuiltInOne() {
        BeatClockImpl clock = new BeatClockImpl(NONE, dir.resolve(TempoStore.FILE), lines::add);
        clock.bpm(90, "live:bpm");
        assertEquals("90.0 bpm -> 120.0 bpm, the built-in default (there is no dev.doitlive.beat.cfg)", clock.defaultBpm());
        assertEquals(List.of(), lines);
        clock.deactivate();
    }
}
