package dev.doitlive.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FieldTextTest {
    @Test
    void aTypeThatTakesNoTextIsNamedAsJavaWritesIt() {
        assertEquals("knobs.arr is an int[]: only numbers, booleans, chars, strings and enums can be given as text",
                message(int[].class, "1", "knobs.arr"));
        assertEquals("show.patterns is a List: only numbers, booleans, chars, strings and enums can be given as text",
                message(java.util.List.class, "x", "show.patterns"));
    }

    @Test
    void theKindOfKnobEachTypeMakes() {
        assertEquals(dev.doitlive.api.FieldDTO.Kind.NUMBER, FieldText.kind(double.class));
        assertEquals(dev.doitlive.api.FieldDTO.Kind.WHOLE, FieldText.kind(Long.class));
        assertEquals(dev.doitlive.api.FieldDTO.Kind.BOOLEAN, FieldText.kind(boolean.class));
        assertEquals(dev.doitlive.api.FieldDTO.Kind.TEXT, FieldText.kind(char.class));
        assertEquals(dev.doitlive.api.FieldDTO.Kind.CHOICE, FieldText.kind(java.time.DayOfWeek.class));
        assertEquals(dev.doitlive.api.FieldDTO.Kind.OTHER, FieldText.kind(int[].class));
    }

    @Test
    void aValueThatIsNotOfTheTypeSaysWhatTheTypeIsWithItsArticle() {
        assertEquals("count is an int: 'many' is not one", message(int.class, "many", "count"));
        assertEquals("count is an Integer: 'x' is not one", message(Integer.class, "x", "count"));
        assertEquals("count is a long: 'x' is not one", message(long.class, "x", "count"));
        assertEquals("live:call echo add: argument 1 is an int: 'two' is not one",
                message(int.class, "two", "live:call echo add: argument 1"));
        assertEquals("x is a List: only numbers, booleans, chars, strings and enums can be given as text",
                message(java.util.List.class, "[]", "x"));
    }

    @Test
    void notANumberAndTheInfinitiesAreRefusedForEveryFloatingType() {
        assertEquals("filter.cutoff is a double: 'NaN' is no finite number", message(double.class, "NaN", "filter.cutoff"));
        assertEquals("g is a Double: '-Infinity' is no finite number",
                message(Double.class, " -Infinity ", "g"));
        assertEquals("g is a double: '1e400' is no finite number (too large for a double)", message(double.class, "1e400", "g"));
        assertEquals("g is a float: '1e39' is no finite number (too large for a float)", message(float.class, "1e39", "g"));
        assertEquals(600.0, FieldText.parse(double.class, "600", "g"));
        assertEquals(0.5f, FieldText.parse(Float.class, "0.5", "g"));
        assertEquals(-Double.MAX_VALUE, FieldText.parse(double.class, String.valueOf(-Double.MAX_VALUE), "g"));
    }

    private static String message(Class<?> type, String text, String what) {
        return assertThrows(IllegalArgumentException.class, () -> FieldText.parse(type, text, what)).getMessage();
    }
}
