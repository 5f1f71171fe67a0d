package dev.doitlive.controls.osc;

import java.util.List;
import java.util.function.Supplier;

import dev.doitlive.api.FieldDTO;
import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.controls.Targets;

/**
 * The address space: what a message does.
 * <ul>
 * <li>{@code /live/NAME/FIELD value} sets a field ({@code live:set}); {@code /live/NAME/FIELD} alone asks for its
 * value, answered to the sender as {@code /live/NAME/FIELD value};</li>
 * <li>{@code /live/NAME/METHOD args...} calls a method ({@code live:call}) when METHOD is no field; a result is answered
 * as {@code /live/NAME/METHOD result};</li>
 * <li>{@code /live/bpm value} sets the beat clock's tempo ({@code /live/bpm} alone asks for it), {@code /live/tap} and
 * {@code /live/downbeat} tap and start a bar; a button's release (one argument 0 or F) does nothing.</li>
 * </ul>
 * Anything wrong is an {@link IllegalArgumentException} or {@link IllegalStateException} in words, said by the caller
 * with the sender.
 */
final class OscRoutes {
    static final String PREFIX = "/live/";
    static final String SOURCE = "osc";
    private static final String SPACE = "/live/NAME/FIELD, /live/NAME/METHOD, /live/bpm, /live/tap or /live/downbeat";

    /** What one message came to: counted by the listener. */
    enum Kind { SET, CALL, QUERY, BEAT, IGNORED }

    /** What a message did, and the answer to send back, or null. */
    record Done(Kind kind, OscMessage answer) {
    }

    private final Targets targets;
    private final Supplier<BeatClock> clock;

    OscRoutes(Targets targets, Supplier<BeatClock> clock) {
        this.targets = targets;
        this.clock = clock;
    }

    Done route(OscMessage m) throws Exception {
        String address = m.address();
        if (!address.startsWith(PREFIX)) {
            throw new IllegalArgumentException("no such address (the kit answers " + SPACE + ")");
        }
        String rest = address.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return beat(rest, m);
        }
        String name = rest.substring(0, slash);
        String member = rest.substring(slash + 1);
        if (name.isEmpty() || member.isEmpty() || member.indexOf('/') >= 0) {
            throw new IllegalArgumentException("no such address (the kit answers " + SPACE + ")");
        }
        if (m.args().isEmpty()) {
            FieldDTO f = targets.field(name, member);
            if (f != null) {
                return new Done(Kind.QUERY, new OscMessage(address, java.util.Collections.singletonList(value(targets.read(name, member)))));
            }
        }
        Targets.Outcome out = targets.apply(name, member, m.args());
        if (!out.isCall()) {
            return new Done(Kind.SET, null);
        }
        return new Done(Kind.CALL, out.result() == null ? null : new OscMessage(address, List.of(result(out.result()))));
    }

    private Done beat(String what, OscMessage m) {
        if (!what.equals("bpm") && !what.equals("tap") && !what.equals("downbeat")) {
            throw new IllegalArgumentException("no such address (the kit answers " + SPACE + ")");
        }
        BeatClock c = clock.get();
        if (c == null) {
            throw new IllegalStateException("no beat clock is running (no BeatClock service)");
        }
        List<Object> args = m.args();
        if (what.equals("bpm")) {
            if (args.isEmpty()) {
                return new Done(Kind.QUERY, new OscMessage(m.address(), List.of((float) c.bpm())));
            }
            Double bpm = args.size() == 1 ? number(args.get(0)) : null;
            if (bpm == null) {
                throw new IllegalArgumentException("give one number (beats per minute)" + (args.size() > 1
                        ? ": it takes one argument, got " + args.size() : ""));
            }
            c.bpm(bpm, SOURCE); // IllegalArgumentException out of range, in the clock's words
            return new Done(Kind.BEAT, null);
        }
        if (args.size() > 1) {
            throw new IllegalArgumentException("takes no argument, or a button's one (1 press, 0 release), got " + args.size());
        }
        if (args.size() == 1 && released(args.get(0))) {
            return new Done(Kind.IGNORED, null);
        }
        if (what.equals("tap")) {
            c.tap(SOURCE);
        } else {
            c.downbeat(SOURCE);
        }
        return new Done(Kind.BEAT, null);
    }

    private static boolean released(Object v) {
        Double n = number(v);
        return n != null ? n == 0 : Boolean.FALSE.equals(v);
    }

    /** A number, or a number sent as a string ({@code s "130"}), read as {@code live:set} reads it; else null. */
    private static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * A field's value as the answer's argument, by the field's declared type, so that a receiver gets the same tag each
     * time: {@code i} for int, short and byte, {@code h} for long, {@code f} for float and double (the type faders send
     * and read back; {@code d} only for a double beyond a float's range), {@code T}/{@code F}, {@code s} for text and
     * enums, {@code N} for null.
     */
    static Object value(FieldDTO f) {
        if (f.value == null) {
            return null;
        }
        try {
            return switch (f.kind) {
                case NUMBER -> floating(Double.parseDouble(f.value));
                case WHOLE -> f.type.equals("long") || f.type.equals("Long") ? (Object) Long.parseLong(f.value)
                        : (Object) Integer.parseInt(f.value);
                case BOOLEAN -> Boolean.parseBoolean(f.value);
                default -> f.value;
            };
        } catch (NumberFormatException e) {
            return f.value;
        }
    }

    /** A method's result as the answer's argument, tagged as {@link #value} tags a field of its type. */
    static Object result(Object r) {
        if (r instanceof Integer || r instanceof Long || r instanceof Boolean || r instanceof String) {
            return r;
        }
        if (r instanceof Short || r instanceof Byte) {
            return ((Number) r).intValue();
        }
        if (r instanceof Float || r instanceof Double) {
            return floating(((Number) r).doubleValue());
        }
        return String.valueOf(r);
    }

    /** {@code f}, unless a float cannot hold it (it would answer an infinity): then {@code d}. */
    private static Object floating(double d) {
        float f = (float) d;
        return Float.isInfinite(f) && !Double.isInfinite(d) ? (Object) d : (Object) f;
    }
}
