package dev.doitlive.controls.osc;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.FieldDTO;

/** The type tag an answer gets: by the field's (or the method's) declared type, never by the size of the value. */
class OscRoutesTest {
    private static FieldDTO field(FieldDTO.Kind kind, String type, String value) {
        FieldDTO f = new FieldDTO();
        f.kind = kind;
        f.type = type;
        f.value = value;
        return f;
    }

    private static char tag(Object answer) {
        return OscCodec.tag(answer);
    }

    @Test
    void aFieldIsAnsweredByItsType() {
        assertEquals(3L, OscRoutes.value(field(FieldDTO.Kind.WHOLE, "long", "3")), "a small long is still h");
        assertEquals('h', tag(OscRoutes.value(field(FieldDTO.Kind.WHOLE, "Long", "3"))));
        assertEquals('i', tag(OscRoutes.value(field(FieldDTO.Kind.WHOLE, "int", "64"))));
        assertEquals('i', tag(OscRoutes.value(field(FieldDTO.Kind.WHOLE, "short", "-3"))));
        assertEquals('i', tag(OscRoutes.value(field(FieldDTO.Kind.WHOLE, "byte", "4"))));
        assertEquals(0.6f, OscRoutes.value(field(FieldDTO.Kind.NUMBER, "double", "0.6")), "doubles as faders read them");
        assertEquals('f', tag(OscRoutes.value(field(FieldDTO.Kind.NUMBER, "float", "0.5"))));
        assertEquals(1e300, OscRoutes.value(field(FieldDTO.Kind.NUMBER, "double", "1.0E300")), "d where a float cannot hold it");
        assertEquals('T', tag(OscRoutes.value(field(FieldDTO.Kind.BOOLEAN, "boolean", "true"))));
        assertEquals('s', tag(OscRoutes.value(field(FieldDTO.Kind.TEXT, "String", "3"))));
        assertEquals('s', tag(OscRoutes.value(field(FieldDTO.Kind.CHOICE, "Mode", "WILD"))));
        assertEquals('N', tag(OscRoutes.value(field(FieldDTO.Kind.WHOLE, "Integer", null))));
    }

    @Test
    void aMethodsResultIsAnsweredAsAFieldOfItsTypeWouldBe() {
        assertEquals('i', tag(OscRoutes.result(5)));
        assertEquals('i', tag(OscRoutes.result((short) 5)));
        assertEquals('i', tag(OscRoutes.result((byte) 5)));
        assertEquals('h', tag(OscRoutes.result(5L)));
        assertEquals(2.5f, OscRoutes.result(2.5));
        assertEquals('f', tag(OscRoutes.result(2.5f)));
        assertEquals('F', tag(OscRoutes.result(false)));
        assertEquals("five", OscRoutes.result("five"));
        assertEquals("c", OscRoutes.result('c'));
    }
}
