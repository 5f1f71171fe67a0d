package dev.doitlive.pixels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Found by a try-out: a file with a space in its name was named with %20 in every line. */
class OutputsFileNameTest {
    @Test
    void theFileIsNamedAsWritten() {
        assertEquals("dev.doitlive.output-a b.cfg", Outputs.fileName("file:/tmp/load/dev.doitlive.output-a%20b.cfg"));
        assertEquals("dev.doitlive.output-strip.cfg", Outputs.fileName("file:/tmp/load/dev.doitlive.output-strip.cfg"));
        assertEquals("odd%zz.cfg", Outputs.fileName("file:/tmp/odd%zz.cfg"));
    }

    /** Found by a try-out: dev.doitlive.output-.cfg made an output named by its PID, dev.doitlive.output~. */
    @Test
    void aFileWithoutANameNamesNoOutput() {
        assertEquals("left", Outputs.name("dev.doitlive.output~left", "dev.doitlive.output-left.cfg"));
        assertNull(Outputs.name("dev.doitlive.output~", "dev.doitlive.output-.cfg"));
        assertNull(Outputs.name("dev.doitlive.output~x", "elsewhere.cfg"));
        assertEquals("left", Outputs.name("dev.doitlive.output~left", null), "made with ConfigAdmin's API, named");
        assertEquals("dev.doitlive.output.1234", Outputs.name("dev.doitlive.output.1234", null), "made with ConfigAdmin's API");
    }
}
