package dev.doitlive.runtime.transfer;

import java.util.Map;
import java.util.Set;

/**
 * Java's widening primitive and boxing conversions, applied to a boxed old value for a new field type.
 * Narrowing is refused: it would lose state silently.
 */
final class Conversions {
    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            boolean.class, Boolean.class, byte.class, Byte.class, short.class, Short.class, char.class, Character.class,
            int.class, Integer.class, long.class, Long.class, float.class, Float.class, double.class, Double.class);
    /** The box types, for a constant-time test: the transfer asks for every value it carries. */
    private static final Set<Class<?>> BOX_TYPES = Set.copyOf(BOXES.values());

    private Conversions() {
    }

    static Class<?> box(Class<?> type) {
        return type.isPrimitive() ? BOXES.get(type) : type;
    }

    static boolean isBoxOrPrimitive(Class<?> type) {
        return type.isPrimitive() || BOX_TYPES.contains(type);
    }

    /** The zero value of a type: 0, false, or null. */
    static Object zero(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return Boolean.FALSE;
        }
        if (type == char.class) {
            return (char) 0;
        }
        return convertNumber(0, type);
    }

    /**
     * Converts a boxed primitive for a primitive or box type.
     *
     * @throws Uncarriable when Java would not convert it implicitly
     */
    static Object convert(Object value, Class<?> target) throws Uncarriable {
        Class<?> to = box(target);
        if (to.isInstance(value)) {
            return value;
        }
        if (value instanceof Character c && widens(char.class, to)) {
            return convertNumber((int) c.charValue(), to);
        }
        if (value instanceof Number n) {
            Class<?> from = primitiveOf(value.getClass());
            if (from != null && widens(from, to)) {
                return convertNumber(n, to);
            }
        }
        throw new Uncarriable(value.getClass().getSimpleName() + " does not widen to " + target.getSimpleName());
    }

    private static Class<?> primitiveOf(Class<?> box) {
        for (Map.Entry<Class<?>, Class<?>> e : BOXES.entrySet()) {
            if (e.getValue() == box) {
                return e.getKey();
            }
        }
        return null;
    }

    /** JLS 5.1.2 widening primitive conversions (to the boxed target). */
    private static boolean widens(Class<?> from, Class<?> to) {
        int rankFrom = rank(from);
        int rankTo = rank(primitiveOf(to));
        if (rankFrom < 0 || rankTo < 0) {
            return false;
        }
        if (from == char.class) {
            return rankTo >= rank(int.class);
        }
        if (primitiveOf(to) == char.class) {
            return false;
        }
        return rankTo > rankFrom;
    }

    private static int rank(Class<?> p) {
        if (p == byte.class) return 0;
        if (p == short.class) return 1;
        if (p == char.class) return 1;
        if (p == int.class) return 2;
        if (p == long.class) return 3;
        if (p == float.class) return 4;
        if (p == double.class) return 5;
        return -1;
    }

    private static Object convertNumber(Number n, Class<?> to) {
        to = box(to);
        if (to == Byte.class) return n.byteValue();
        if (to == Short.class) return n.shortValue();
        if (to == Character.class) return (char) n.intValue();
        if (to == Integer.class) return n.intValue();
        if (to == Long.class) return n.longValue();
        if (to == Float.class) return n.floatValue();
        if (to == Double.class) return n.doubleValue();
        throw new IllegalArgumentException(String.valueOf(to));
    }
}
