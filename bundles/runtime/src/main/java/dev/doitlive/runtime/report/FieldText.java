package dev.doitlive.runtime.report;

import java.lang.reflect.Array;
import java.util.Arrays;

import dev.doitlive.api.FieldDTO;

/** Parses the text a user typed in {@code live:set} for a field's type. */
public final class FieldText {
    private FieldText() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Object parse(Class<?> type, String text, String what) {
        try {
            if (type == String.class || type == CharSequence.class || type == Object.class) {
                return text;
            }
            if (type == int.class || type == Integer.class) return Integer.valueOf(text.trim());
            if (type == long.class || type == Long.class) return Long.valueOf(text.trim());
            if (type == double.class || type == Double.class) return finite(Double.valueOf(text.trim()), type, text, what);
            if (type == float.class || type == Float.class) return (float) finite(Float.valueOf(text.trim()), type, text, what);
            if (type == short.class || type == Short.class) return Short.valueOf(text.trim());
            if (type == byte.class || type == Byte.class) return Byte.valueOf(text.trim());
            if (type == char.class || type == Character.class) {
                if (text.length() != 1) {
                    throw new IllegalArgumentException(what + " is a char: give exactly one character, not '" + text + "'");
                }
                return text.charAt(0);
            }
            if (type == boolean.class || type == Boolean.class) {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException(what + " is a boolean: give true or false, not '" + text + "'");
                }
                return Boolean.valueOf(text);
            }
            if (type.isEnum()) {
                return Enum.valueOf((Class) type, text.trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is " + a(type.getSimpleName()) + ": '" + text + "' is not one");
        } catch (IllegalArgumentException e) {
            if (type.isEnum()) {
                throw new IllegalArgumentException(what + " is " + a(type.getSimpleName()) + ": '" + text + "' is none of "
                        + java.util.Arrays.toString(type.getEnumConstants()));
            }
            throw e;
        }
        throw new IllegalArgumentException(what + " is " + a(type.isArray() || type.getPackageName().startsWith("java.")
                ? type.getSimpleName() : type.getName())
                + ": only numbers, booleans, chars, strings and enums can be given as text");
    }

    /**
     * NaN and the infinities are refused: a knob set to NaN poisons every number computed from it, and the state
     * keeps it through refreshes and restarts (a filter's memory, seen silent for good). So is a number too large
     * for the type ({@code 1e400}), which Java reads as an infinity.
     */
    private static double finite(double d, Class<?> type, String text, String what) {
        if (!Double.isFinite(d)) {
            boolean tooLarge = !Double.isNaN(d) && !text.strip().replaceFirst("^[+-]", "").startsWith("Infinity");
            throw new IllegalArgumentException(what + " is " + a(type.getSimpleName()) + ": '" + text.strip() + "' is no finite number"
                    + (tooLarge ? " (too large for " + a(type.getSimpleName()) + ")" : ""));
        }
        return d;
    }

    /** What kind of knob a field of this type makes: the types {@link #parse} takes, sorted. */
    public static FieldDTO.Kind kind(Class<?> t) {
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return FieldDTO.Kind.NUMBER;
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class || t == short.class
                || t == Short.class || t == byte.class || t == Byte.class) {
            return FieldDTO.Kind.WHOLE;
        }
        if (t == boolean.class || t == Boolean.class) {
            return FieldDTO.Kind.BOOLEAN;
        }
        if (t == String.class || t == CharSequence.class || t == char.class || t == Character.class) {
            return FieldDTO.Kind.TEXT;
        }
        return t.isEnum() ? FieldDTO.Kind.CHOICE : FieldDTO.Kind.OTHER;
    }

    /** The noun with its article: {@code a long}, {@code an int}. */
    static String a(String noun) {
        return ("aeiouAEIOU".indexOf(noun.isEmpty() ? 'x' : noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    /** A field's value as the shell shows it: strings quoted, arrays listed, at most 200 characters. */
    public static String text(Object v) {
        String s;
        if (v == null) {
            s = "null";
        } else if (v.getClass().isArray()) {
            s = v instanceof Object[] a ? Arrays.deepToString(a) : arrayText(v);
        } else if (v instanceof dev.doitlive.runtime.proxy.RefreshableProxy p) {
            s = "proxy of " + p.doitlive$name();
        } else if (v instanceof String str) {
            s = '"' + str + '"';
        } else {
            s = String.valueOf(v);
        }
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }
    private static String arrayText(Object array) {
        int n = Array.getLength(array);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(n, 50); i++) {
            sb.append(i == 0 ? "" : ", ").append(Array.get(array, i));
        }
        return sb.append(n > 50 ? ", ...]" : "]").toString();
    }}
