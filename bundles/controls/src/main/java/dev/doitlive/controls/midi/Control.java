package dev.doitlive.controls.midi;

/**
 * A knob, fader or pad: a control change number or a note, on one MIDI channel (1 to 16, as devices count them) or on
 * any (0). Written as in a mapping file: {@code cc.16}, {@code cc.1.16}, {@code note.36}, {@code note.10.36}.
 */
record Control(boolean note, int channel, int number) {
    /** Controllers 120 to 127 are channel mode messages (all notes off, reset all controllers...), not knobs. */
    static final int LAST_CC = 119;

    /** Whether a message on {@code channel} (1 to 16) of this kind and number is this control. */
    boolean matches(boolean isNote, int messageChannel, int messageNumber) {
        return note == isNote && number == messageNumber && (channel == 0 || channel == messageChannel);
    }

    /** @throws IllegalArgumentException the cause in words, for a key that is none; the caller names the key */
    static Control parse(String key) {
        String[] parts = key.trim().split("\\.", -1);
        boolean note = parts[0].equals("note");
        if (!note && !parts[0].equals("cc") || parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("it is no control: write cc.NUMBER, cc.CHANNEL.NUMBER, note.NUMBER or"
                    + " note.CHANNEL.NUMBER (cc.16, cc.1.16, note.36)");
        }
        int channel = parts.length == 3 ? whole(parts[1], "channel", 1, 16) : 0;
        int number = whole(parts[parts.length - 1], note ? "note" : "controller", 0, note ? 127 : LAST_CC);
        return new Control(note, channel, number);
    }

    private static int whole(String text, String what, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("the " + what + " '" + text + "' is not " + min + " to " + max
                + (what.equals("controller") ? " (120 to 127 are channel mode messages)" : ""));
    }

    @Override
    public String toString() {
        return (note ? "note." : "cc.") + (channel == 0 ? "" : channel + ".") + number;
    }
}
