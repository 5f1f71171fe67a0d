package dev.doitlive.runtime.transfer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;

/** Which objects the transfer treats as code (the new version's value wins) rather than data (carried by name). */
class CodeClassesTest {
    enum Shape {
        ROUND {
            @Override
            int corners() {
                return 0;
            }
        },
        SQUARE;

        int corners() {
            return 4;
        }
    }

    @Test
    void lambdasMethodReferencesAnonymousAndLocalClassesAreCode() {
        Runnable lambda = () -> { };
        IntSupplier reference = "abc"::length;
        Object anonymous = new Object() { };
        class Local {
        }
        assertTrue(Migration.isCode(lambda.getClass()));
        assertTrue(Migration.isCode(reference.getClass()));
        assertTrue(Migration.isCode(anonymous.getClass()));
        assertTrue(Migration.isCode(Local.class));
    }

    @Test
    void recordsEnumsAndTheirConstantBodiesAndPlainClassesAreData() {
        record Point(int x, int y) {
        }
        assertFalse(Migration.isCode(Point.class), "a local record is data");
        assertFalse(Migration.isCode(Shape.ROUND.getClass()), "an enum constant with a body is data");
        assertFalse(Migration.isCode(Shape.SQUARE.getClass()));
        assertFalse(Migration.isCode(String.class));
        assertFalse(Migration.isCode(CodeClassesTest.class));
    }
}
