package dev.doitlive.pixels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Found by a try-out: a file with a space in its name was named with %20 in every line. */
class OutputsFileNameTest {
    @Test
    void theFileIsNamedAsWritten() {
        assertEquals("dev.doitlive.output-a b.cfg", Outputs.fileName("file:/tmp/load/dev.doitlive.output-a%20b.cfg"));
        assertEquals("dev.doitlive.output-strip.cfg", Outputs.fileName("file:/tmp/load/dev.doitlive.output-strip.cfg"));
        assertEquals("odd%zz.cfg", Outputs.fileName("file:/tmp/odd%zz.cfg"));
    }
}
