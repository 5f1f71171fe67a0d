package dev.doitlive.web;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesNestedObjectsAndArrays() {
        Json j = new Json().begin().put("a", 1).put("b", "x").array("c");
        j.begin().put("d", true).end().begin().put("e", 0.5).end();
        j.endArray().put("f", List.of("g", "h")).put("i", Map.of("j", "k")).end();
        assertEquals("{\"a\":1,\"b\":\"x\",\"c\":[{\"d\":true},{\"e\":0.5}],\"f\":[\"g\",\"h\"],\"i\":{\"j\":\"k\"}}", j.toString());
    }

    @Test
    void escapesWhatJsonMust() {
        assertEquals("{\"s\":\"a\\\"b\\\\c\\nd\\u0001\",\"n\":null,\"x\":null}",
                new Json().begin().put("s", "a\"b\\c\nd\u0001").put("n", (String) null).put("x", Double.NaN).end().toString());
    }
}
