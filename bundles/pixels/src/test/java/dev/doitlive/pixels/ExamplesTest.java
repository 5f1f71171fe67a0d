package dev.doitlive.pixels;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The example output configurations a user copies (bundles/examples/show/outputs) are valid as they ship. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("../examples/show/outputs");

    private static OutputSettings read(String file) throws IOException, BadSetting {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(EXAMPLES.resolve(file))) {
            p.load(r);
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
        return OutputSettings.read(values);
    }

    @Test
    void theSacnStrip() throws Exception {
        OutputSettings s = read("dev.doitlive.output-strip.cfg");
        assertEquals("sacn to 192.168.1.50:5568, universe 1, 64 pixels of strip show, brightness 0.5", s.describe());
    }

    @Test
    void theOpcStrip() throws Exception {
        assertEquals("opc to 127.0.0.1:7890, channel 0, 64 pixels", read("dev.doitlive.output-opc.cfg").describe());
    }
}
