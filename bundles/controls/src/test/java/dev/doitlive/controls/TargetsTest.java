package dev.doitlive.controls;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.FieldDTO;

/** What a control's value becomes for each kind of field: the text live:set takes. */
class TargetsTest {
    private static FieldDTO field(FieldDTO.Kind kind, String type, String... choices) {
        FieldDTO f = new FieldDTO();
        f.kind = kind;
        f.type = type;
        f.choices = choices.length == 0 ? null : choices;
        return f;
    }

    @Test
    void numbers() {
        FieldDTO d = field(FieldDTO.Kind.NUMBER, "double");
        assertEquals("0.6", Targets.text(d, 0.6f, "x.level"), "a float as it was sent, not 0.6000000238");
        assertEquals("1", Targets.text(d, 1.0f, "x.level"));
        assertEquals("0.25", Targets.text(d, 0.25, "x.level"));
        assertEquals("7", Targets.text(d, 7, "x.level"));
        assertEquals("1", Targets.text(d, true, "x.level"));
        assertEquals("loud", Targets.text(d, "loud", "x.level"), "live:set says why it is none");
    }

    @Test
    void wholeNumbersBooleansEnumsText() {
        FieldDTO i = field(FieldDTO.Kind.WHOLE, "int");
        assertEquals("3", Targets.text(i, 2.6f, "x.count"), "a fader's float, rounded");
        assertEquals("-4", Targets.text(i, -4, "x.count"));
        assertEquals("x.count is an int: NaN is no finite number",
                assertThrows(IllegalArgumentException.class, () -> Targets.text(i, Double.NaN, "x.count")).getMessage());
        FieldDTO b = field(FieldDTO.Kind.BOOLEAN, "boolean");
        assertEquals("false", Targets.text(b, 0f, "x.on"));
        assertEquals("true", Targets.text(b, 1.0, "x.on"));
        assertEquals("true", Targets.text(b, true, "x.on"));
        FieldDTO e = field(FieldDTO.Kind.CHOICE, "Mode", "CALM", "BUSY", "WILD");
        assertEquals("WILD", Targets.text(e, 2, "x.mode"));
        assertEquals("BUSY", Targets.text(e, 1.2, "x.mode"));
        assertEquals("WILD", Targets.text(e, "WILD", "x.mode"));
        assertEquals("x.mode is a Mode: 3 is no index of CALM, BUSY, WILD",
                assertThrows(IllegalArgumentException.class, () -> Targets.text(e, 3, "x.mode")).getMessage());
        assertEquals("WILD", Targets.text(field(FieldDTO.Kind.TEXT, "String"), "WILD", "x.label"));
        assertEquals("x.list is a List: it cannot be set from a control", assertThrows(IllegalArgumentException.class,
                () -> Targets.text(field(FieldDTO.Kind.OTHER, "List"), 1, "x.list")).getMessage());
    }

    @Test
    void aTextFieldTakesTextOnly() {
        FieldDTO s = field(FieldDTO.Kind.TEXT, "String");
        assertEquals("3", Targets.text(s, "3", "show.output"), "a string of digits is text");
        assertEquals("NaN", Targets.text(s, "NaN", "x.label"), "and so is NaN, as a string");
        assertEquals("show.output is a String: it takes text only, not the number 3",
                assertThrows(IllegalArgumentException.class, () -> Targets.text(s, 3, "show.output")).getMessage());
        assertEquals("show.output is a String: it takes text only, not the number 0.5",
                assertThrows(IllegalArgumentException.class, () -> Targets.text(s, 0.5f, "show.output")).getMessage());
        assertEquals("show.output is a String: it takes text only, not the boolean true",
                assertThrows(IllegalArgumentException.class, () -> Targets.text(s, true, "show.output")).getMessage());
        assertEquals("x.letter is a char: it takes text only, not the number 7", assertThrows(IllegalArgumentException.class,
                () -> Targets.text(field(FieldDTO.Kind.TEXT, "char"), 7, "x.letter")).getMessage());
    }

    @Test
    void numbersThatAreNotFiniteAreRefusedForEveryKind() {
        FieldDTO d = field(FieldDTO.Kind.NUMBER, "double");
        assertEquals("x.level is a double: NaN is no finite number",
                assertThrows(IllegalArgumentException.class, () -> Targets.text(d, Float.NaN, "x.level")).getMessage());
        assertEquals("x.level is a double: -Infinity is no finite number", assertThrows(IllegalArgumentException.class,
                () -> Targets.text(d, Double.NEGATIVE_INFINITY, "x.level")).getMessage());
        assertEquals("x.level is a double: 'NaN' is no finite number",
                assertThrows(IllegalArgumentException.class, () -> Targets.text(d, "NaN", "x.level")).getMessage());
        assertEquals("x.level is a double: '1e999' is no finite number", assertThrows(IllegalArgumentException.class,
                () -> Targets.text(d, "1e999", "x.level")).getMessage(), "a string that parses to an infinity");
        assertEquals("0.5", Targets.text(d, "0.5", "x.level"), "a finite number as text goes on to live:set");
        assertEquals("x.on is a boolean: NaN is no finite number", assertThrows(IllegalArgumentException.class,
                () -> Targets.text(field(FieldDTO.Kind.BOOLEAN, "boolean"), Double.NaN, "x.on")).getMessage(), "not true");
        assertEquals("x.mode is a Mode: NaN is no finite number", assertThrows(IllegalArgumentException.class,
                () -> Targets.text(field(FieldDTO.Kind.CHOICE, "Mode", "CALM", "BUSY"), Float.NaN, "x.mode")).getMessage(),
                "not the first constant (Math.round(NaN) is 0)");
        assertEquals("x.mix: argument 1 is NaN: a control's number must be finite", assertThrows(IllegalArgumentException.class,
                () -> new Targets(null).call("x", "mix", java.util.List.of(Double.NaN, 1.0))).getMessage());
    }

    @Test
    void aWholeNumberBeyondALongIsRefusedNotClamped() {
        FieldDTO l = field(FieldDTO.Kind.WHOLE, "long");
        assertEquals("x.big is a long: 9.3E18 is out of its range",
                assertThrows(IllegalArgumentException.class, () -> Targets.text(l, 9.3e18, "x.big")).getMessage());
        assertEquals("x.count is an int: 1.0E20 is out of its range", assertThrows(IllegalArgumentException.class,
                () -> Targets.text(field(FieldDTO.Kind.WHOLE, "int"), 1e20f, "x.count")).getMessage());
        assertEquals("-9223372036854775808", Targets.text(l, -0x1p63, "x.big"), "Long.MIN_VALUE itself fits");
    }
}
