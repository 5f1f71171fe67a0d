package dev.doitlive.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FieldTextTest {
    @Test
    void aValueThatIsNotOfTheTypeSaysWhatTheTypeIsWithItsArticle() {
        assertEquals("count is an int: 'many' is not one", message(int.class, "many", "count"));
        assertEquals("count is an Integer: 'x' is not one", message(Integer.class, "x", "count"));
        assertEquals("count is a long: 'x' is not one", message(long.class, "x", "count"));
        assertEquals("live:call echo add: argument 1 is an int: 'two' is not one",
                message(int.class, "two", "live:call echo add: argument 1"));
        assertEquals("x is a java.util.List: only numbers, booleans, chars, strings and enums can be given as text",
                message(java.util.List.class, "[]", "x"));
    }

    private static String message(Class<?> type, String text, String what) {
        return assertThrows(IllegalArgumentException.class, () -> FieldText.parse(type, text, what)).getMessage();
    }
}
