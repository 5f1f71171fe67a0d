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
        assertEquals("x.count is an int: NaN is no whole number",
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
        assertEquals("0.5", Targets.text(field(FieldDTO.Kind.TEXT, "String"), 0.5f, "x.label"));
        assertEquals("x.list is a List: it cannot be set from a control", assertThrows(IllegalArgumentException.class,
                () -> Targets.text(field(FieldDTO.Kind.OTHER, "List"), 1, "x.list")).getMessage());
    }
}
