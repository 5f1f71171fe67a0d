package dev.doitlive.beat;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.doitlive.beat.onset.OnsetSource;

/** dev.doitlive.beat.cfg's values checked: each bad one is one line naming the file and keeps the one in force. */
class SettingsTest {
    private static final String FILE = "file:/shows/config/dev.doitlive.beat.cfg";
    private final List<String> problems = new ArrayList<>();

    private Settings check(Map<String, Object> props, Settings before) {
        java.util.HashMap<String, Object> p = new java.util.HashMap<>(props);
        p.put("felix.fileinstall.filename", FILE);
        p.put("service.pid", Settings.PID);
        return Settings.check(p, before, problems);
    }

    @Test
    void goodValuesAreTaken() {
        Settings s = check(Map.of("bpm", "128.5", "beatsPerBar", " 3 ", "onset", "line-in:USB"), Settings.DEFAULTS);
        assertEquals(new Settings(128.5, 3, new OnsetSource(OnsetSource.Kind.LINE_IN, "USB", null)), s);
        assertEquals(List.of(), problems);
        Settings f = check(Map.of("onset", "tracks/backing.wav"), s);
        assertEquals(Path.of("/shows/config/tracks/backing.wav"), f.onset().file(), "relative to the .cfg's folder");
        assertEquals(new Settings(120, 4, OnsetSource.OFF), check(Map.of(), f), "absent keys: the defaults");
    }

    @Test
    void badValuesAreOneLineEachAndKeepTheValueInForce() {
        Settings before = new Settings(100, 3, OnsetSource.OFF);
        Settings s = check(Map.of("bpm", "fast", "beatsPerBar", "40", "onset", "mic", "tempo", "1", "BPM", "2"), before);
        assertEquals(before, s);
        assertEquals(List.of(
                "dev.doitlive.beat.cfg: bpm = fast is not a number of beats per minute; bpm stays 100.0 bpm",
                "dev.doitlive.beat.cfg: beatsPerBar = 40 is out of range: give 1 to 32; beatsPerBar stays 3",
                "dev.doitlive.beat.cfg: onset = mic is not off, line-in, line-in:NAME or a .wav file; onset stays off",
                "dev.doitlive.beat.cfg: BPM is no setting; it is ignored (did you mean bpm?)",
                "dev.doitlive.beat.cfg: tempo is no setting; it is ignored (the settings: beatsPerBar, bpm, onset)"), problems);
        problems.clear();
        check(Map.of("bpm", "1e9", "beatsPerBar", "2.5"), before);
        assertEquals(List.of("dev.doitlive.beat.cfg: bpm = 1e9 is out of range: give 20 to 400; bpm stays 100.0 bpm",
                "dev.doitlive.beat.cfg: beatsPerBar = 2.5 is not a whole number; beatsPerBar stays 3"), problems);
    }

    /** Off the documented path: a comment after a value is part of the value in a .cfg, and the line says so. */
    @Test
    void aCommentAfterAValueIsNamedAsSuch() {
        check(Map.of("bpm", "128 # fast", "beatsPerBar", "3 # waltz"), Settings.DEFAULTS);
        assertEquals(List.of("dev.doitlive.beat.cfg: bpm = 128 # fast is not a number of beats per minute (a # starts a comment only at"
                + " the start of a line); bpm stays 120.0 bpm", "dev.doitlive.beat.cfg: beatsPerBar = 3 # waltz is not a whole number (a #"
                + " starts a comment only at the start of a line); beatsPerBar stays 4"), problems);
    }
}
