package dev.doitlive.controls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.doitlive.api.FieldDTO;
import dev.doitlive.api.LiveRuntime;

/**
 * A control's target, {@code NAME.MEMBER}: a field of refreshable NAME (set through {@link LiveRuntime#set}, the code
 * of {@code live:set}) or else a method of it ({@link LiveRuntime#call}). The kinds of the fields are cached per
 * refreshable, so that a knob moving does not read every field each time; a new version may add, drop or retype
 * fields, so a set that fails on a cached kind reads them again and tries once more.
 *
 * <p>Values come as OSC gives them ({@link Integer}, {@link Long}, {@link Float}, {@link Double}, {@link String},
 * {@link Boolean}) or as a MIDI mapping scales them ({@link Double}, {@link Boolean}) and are written as the text
 * {@code live:set} takes for the field's kind: a number to a whole-number field is rounded, a number to a boolean is true
 * unless 0, a boolean to a number is 1 or 0, a whole number to an enum picks its constant by index. A text field takes
 * text only: OSC types its arguments, so a number sent to one is a mistake of the sender's layout, not a name (the
 * shell's {@code live:set}, whose words are all text, sets what was typed). A number that is not finite (NaN, an
 * infinity, also as text) is refused for every field and method: a control that sends one is broken, and a NaN
 * level would poison every frame after it.
 */
public final class Targets {
    private final LiveRuntime runtime;
    /** Refreshable name -> field name -> its field; only names the runtime knows, so garbage cannot grow it. */
    private final Map<String, Map<String, FieldDTO>> fields = new ConcurrentHashMap<>();
    /** Refreshable name -> members that were called as methods, since its fields were last read: no re-read per press. */
    private final Map<String, java.util.Set<String>> methods = new ConcurrentHashMap<>();

    public Targets(LiveRuntime runtime) {
        this.runtime = runtime;
    }

    /** The field {@code member} of {@code name} as last read, or null when it has none (a method, or nothing). */
    public FieldDTO field(String name, String member) {
        return fieldsOf(name, false).get(member);
    }

    private Map<String, FieldDTO> fieldsOf(String name, boolean again) {
        if (!again) {
            Map<String, FieldDTO> known = fields.get(name);
            if (known != null) {
                return known;
            }
        }
        Map<String, FieldDTO> read = new ConcurrentHashMap<>();
        for (FieldDTO f : runtime.fields(name)) { // IllegalArgumentException: no such refreshable
            read.put(f.name, f);
        }
        fields.put(name, read);
        methods.remove(name);
        return read;
    }

    /**
     * Sets the field {@code member} to {@code value}, or calls the method {@code member} with {@code args} when it is no
     * field.
     *
     * @return what it did, or the method's result: {@link Outcome}
     * @throws IllegalArgumentException in words: no such refreshable, field or method, a value of the wrong kind
     */
    public Outcome apply(String name, String member, List<Object> args) throws Exception {
        FieldDTO f = field(name, member);
        java.util.Set<String> called = methods.get(name);
        if (f == null && (called == null || !called.contains(member))) {
            fieldsOf(name, true); // perhaps a new version added it
            f = field(name, member);
        }
        if (f == null) {
            Object result;
            try {
                result = call(name, member, args);
            } catch (IllegalArgumentException e) {
                String m = String.valueOf(e.getMessage());
                if (m.startsWith(name + " has no method ")) {
                    throw new IllegalArgumentException(name + " has no field '" + member + "', and " + m);
                }
                throw e;
            }
            methods.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(member);
            return Outcome.called(result);
        }
        if (args.size() != 1) {
            throw new IllegalArgumentException(name + "." + member + " is a field: it takes one argument, got " + args.size());
        }
        try {
            return Outcome.set(runtime.set(name, member, text(f, args.get(0), name + "." + member)));
        } catch (IllegalArgumentException e) {
            FieldDTO now = fieldsOf(name, true).get(member);
            if (now == null || now.kind == f.kind) {
                throw e;
            }
            return Outcome.set(runtime.set(name, member, text(now, args.get(0), name + "." + member)));
        }
    }

    /** Calls a method, its arguments as text: whole floats without ".0", so a button's 1.0 fits an int parameter. */
    public Object call(String name, String method, List<Object> args) throws Exception {
        List<String> texts = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (!(a instanceof String) && notFinite(a)) { // a String parameter may well take "NaN"
                throw new IllegalArgumentException(name + "." + method + ": argument " + (i + 1) + " is " + a
                        + ": a control's number must be finite");
            }
            texts.add(a instanceof Number n ? number(n) : String.valueOf(a));
        }
        return runtime.call(name, method, texts);
    }

    /** The field {@code member} of {@code name} as it is now (read anew), or null when it has none. */
    public FieldDTO fresh(String name, String member) {
        return fieldsOf(name, true).get(member);
    }

    /** The field's value as it is now (read anew): for a query's answer or a toggle. */
    public FieldDTO read(String name, String member) {
        FieldDTO f = fresh(name, member);
        if (f == null) {
            throw new IllegalArgumentException(name + " has no field '" + member + "'");
        }
        return f;
    }

    /** What {@code live:set} takes for the field's kind, from a control's value. */
    static String text(FieldDTO f, Object v, String what) {
        if (notFinite(v) && f.kind != FieldDTO.Kind.TEXT) {
            throw new IllegalArgumentException(what + " is " + a(f.type) + ": " + (v instanceof String t ? "'" + KitLines.cut(t) + "'" : v)
                    + " is no finite number");
        }
        switch (f.kind) {
            case NUMBER:
                if (v instanceof Number n) {
                    return number(n);
                }
                if (v instanceof Boolean b) {
                    return b ? "1" : "0";
                }
                return v.toString();
            case WHOLE:
                if (v instanceof Integer || v instanceof Long) {
                    return v.toString();
                }
                if (v instanceof Number n) {
                    double d = n.doubleValue();
                    if (d >= 0x1p63 || d < -0x1p63) { // Math.round would clamp it to Long.MAX_VALUE without a word
                        throw new IllegalArgumentException(what + " is " + a(f.type) + ": " + number(n) + " is out of its range");
                    }
                    return Long.toString(Math.round(d));
                }
                if (v instanceof Boolean b) {
                    return b ? "1" : "0";
                }
                return v.toString();
            case BOOLEAN:
                if (v instanceof Number n) {
                    return Boolean.toString(n.doubleValue() != 0);
                }
                return v.toString();
            case CHOICE:
                if (v instanceof Number n && f.choices != null) {
                    long i = Math.round(n.doubleValue());
                    if (i < 0 || i >= f.choices.length) {
                        throw new IllegalArgumentException(what + " is " + a(f.type) + ": " + number(n) + " is no index of "
                                + String.join(", ", f.choices));
                    }
                    return f.choices[(int) i];
                }
                return v.toString();
            case TEXT:
                if (v instanceof String s) {
                    return s;
                }
                throw new IllegalArgumentException(what + " is " + a(f.type) + ": it takes text only, not "
                        + (v instanceof Number n ? "the number " + number(n) : "the boolean " + v));
            default:
                throw new IllegalArgumentException(what + " is " + a(f.type) + ": it cannot be set from a control");
        }
    }

    /** NaN or an infinity: as a float or double, or as text a number field would parse ("NaN", "-Infinity", "1e999"). */
    static boolean notFinite(Object v) {
        if (v instanceof Float || v instanceof Double) {
            return !Double.isFinite(((Number) v).doubleValue());
        }
        if (v instanceof String s) {
            try {
                return !Double.isFinite(Double.parseDouble(s.trim()));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /** A number as text, whole ones without a fraction (1.0f is "1"); a float as it was typed (0.6f is "0.6"). */
    static String number(Number n) {
        if (n instanceof Float || n instanceof Double) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return n instanceof Float f ? Float.toString(f) : Double.toString(d);
        }
        return n.toString();
    }

    private static String a(String noun) {
        return ("aeiouAEIOU".indexOf(noun.isEmpty() ? 'x' : noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    /** What {@link #apply} did: set a field (the line saying old and new) or called a method (its result). */
    public record Outcome(boolean isCall, String line, Object result) {
        static Outcome set(String line) {
            return new Outcome(false, line, null);
        }

        static Outcome called(Object result) {
            return new Outcome(true, null, result);
        }
    }
}
