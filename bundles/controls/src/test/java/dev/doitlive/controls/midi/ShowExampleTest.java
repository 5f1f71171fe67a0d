package dev.doitlive.controls.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The example show's MIDI mapping, as a user copies it into the watched folder: every line maps. */
class ShowExampleTest {
    @Test
    void everyLineOfTheShowsMappingMaps() throws Exception {
        Path file = Path.of("../examples/show/controls/dev.doitlive.midi-show.cfg");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Map<String, Object> props = new HashMap<>();
        p.forEach((k, v) -> props.put(k.toString(), v));
        List<String> problems = new ArrayList<>();
        List<Mapping> mappings = MappingFile.parse(props, file.getFileName().toString(), problems);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(props.size(), mappings.size());
    }
}
