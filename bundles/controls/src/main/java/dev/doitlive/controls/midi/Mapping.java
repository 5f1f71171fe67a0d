package dev.doitlive.controls.midi;

import java.util.Locale;

/**
 * One line of a mapping file, {@code cc.16 = show.strobe 0..1}: a control, the target {@code NAME.MEMBER} (a field or a
 * method of refreshable NAME), the range a control's 0..127 is scaled to (null: the field kind's own, see
 * {@link MidiKit}), and for a note whether a boolean follows the key ({@code hold}) instead of toggling.
 *
 * @param origin where it comes from: a file's name, or {@code learned}
 */
record Mapping(Control control, String name, String member, Double lo, Double hi, boolean hold, String origin) {
    /**
     * Parses {@code NAME.MEMBER [LO..HI] [hold]}.
     *
     * @throws IllegalArgumentException the cause in words; the caller names the line ({@link MappingFile})
     */
    static Mapping parse(Control control, String value, String origin) {
        String[] words = value.trim().split("\\s+");
        if (words[0].isEmpty()) {
            throw new IllegalArgumentException("it maps to nothing: write NAME.FIELD (show.strobe), then a range LO..HI if"
                    + " you like");
        }
        Target t = Target.parse(words[0]);
        Double lo = null;
        Double hi = null;
        boolean hold = false;
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            if (w.startsWith("#")) {
                throw new IllegalArgumentException("'" + String.join(" ", java.util.Arrays.copyOfRange(words, i, words.length))
                        + "' is a comment after the mapping, and a .cfg file takes a comment only on a line of its own");
            }
            if (w.equals("hold")) {
                if (!control.note()) {
                    throw new IllegalArgumentException("hold is for notes (a boolean true while the key is down)");
                }
                hold = true;
            } else if (w.contains("..") && lo == null) {
                double[] r = range(w, null);
                if (r[0] == r[1] && !control.note()) {
                    throw new IllegalArgumentException("'" + w + "' is one value: the knob would always set " + num(r[0])
                            + " (a note may: it sets its range's top and bottom)");
                }
                lo = r[0];
                hi = r[1];
            } else {
                throw new IllegalArgumentException("'" + w + "' is " + (lo != null && w.contains("..") ? "a second range: give one"
                        : control.note() ? "neither a range LO..HI nor hold" : "no range LO..HI"));
            }
        }
        return new Mapping(control, t.name(), t.member(), lo, hi, hold, origin);
    }

    /**
     * {@code 0..1}, {@code -1..1}, {@code 1..0} (reversed), {@code 20..200}.
     *
     * @param what what the line names first ({@code live:learn show.hue}), or null
     */
    static double[] range(String text, String what) {
        int dots = text.indexOf("..");
        try {
            double lo = Double.parseDouble(text.substring(0, dots));
            double hi = Double.parseDouble(text.substring(dots + 2));
            if (Double.isFinite(hi - lo)) { // also no span beyond a double's range, whose scaled values would be NaN
                return new double[] {lo, hi};
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // said below
        }
        throw new IllegalArgumentException((what == null ? "" : what + ": ") + "'" + text + "' is no range: write LO..HI with two"
                + " finite numbers (0..1, -1..1, 1..0)");
    }

    /**
     * live:learn's range: refused when it is one value, as a file's line for a knob is (what is learned is most often a
     * knob, and a pad that sets one value is a line to write in a file).
     */
    static double[] learnRange(String text, String what) {
        double[] r = range(text, what);
        if (r[0] == r[1]) {
            throw new IllegalArgumentException(what + ": '" + text + "' is one value: the knob would always set " + num(r[0])
                    + " (give LO..HI with LO and HI apart)");
        }
        return r;
    }

    /** The mapping as a line of a mapping file: what {@code live:learn} tells the user to keep. */
    String line() {
        return control + " = " + target();
    }

    String target() {
        return name + "." + member + (lo == null ? "" : " " + num(lo) + ".." + num(hi)) + (hold ? " hold" : "");
    }

    static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }

    /** {@code NAME.MEMBER}: a refreshable's name may hold dots itself, a member never does. */
    record Target(String name, String member) {
        static Target parse(String text) {
            int dot = text.lastIndexOf('.');
            if (dot <= 0 || dot == text.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is no target: write NAME.FIELD or NAME.METHOD (show.strobe)");
            }
            String member = text.substring(dot + 1);
            if (!Character.isJavaIdentifierStart(member.charAt(0)) || !member.chars().allMatch(Character::isJavaIdentifierPart)) {
                throw new IllegalArgumentException("'" + text + "': '" + member + "' is no field or method name");
            }
            return new Target(text.substring(0, dot), member);
        }
    }
}
