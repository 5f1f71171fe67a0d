package dev.doitlive.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void padsColumnsToTheWidestCellTwoSpacesApart() {
        String text = new Table().left("NAME").right("CALLS").left("STATUS")
                .row("counter", 1042, "ok")
                .row("leds", 7, "probation")
                .toString();

        assertEquals("""
                NAME     CALLS  STATUS
                counter   1042  ok
                leds         7  probation""", text);
    }

    @Test
    void leavesNoTrailingBlanks() {
        String text = new Table().left("A").left("B").row("long cell", "").row("x", "y").toString();

        assertEquals("""
                A          B
                long cell
                x          y""", text);
    }

    @Test
    void showsNullAsDash() {
        assertEquals("""
                FILE  SIZE
                -        -""", new Table().left("FILE").right("SIZE").row(null, null).toString());
    }

    @Test
    void keepsOneLinePerRowWhenACellHasLineBreaksOrTabs() {
        String text = new Table().left("WHY").left("X").row("first line\n   second\tline", "x").toString();

        assertEquals("""
                WHY                     X
                first line second line  x""", text);
    }

    @Test
    void withoutRowsPrintsTheHeader() {
        assertEquals("NAME  SEQ", new Table().left("NAME").right("SEQ").toString());
    }

    @Test
    void rejectsARowOfTheWrongWidth() {
        Table table = new Table().left("A").left("B");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.row("only one"));
        assertEquals("row has 1 cells, the table has 2 columns", e.getMessage());
    }

    @Test
    void rejectsColumnsAfterRows() {
        Table table = new Table().left("A").row("a");

        assertThrows(IllegalStateException.class, () -> table.right("B"));
    }
}
