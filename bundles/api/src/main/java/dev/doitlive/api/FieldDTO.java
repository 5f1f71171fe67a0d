package dev.doitlive.api;

import org.osgi.dto.DTO;

/** One field of a refreshable's live instance, with what {@link LiveRuntime#set} takes for it: the page's knobs. */
public class FieldDTO extends DTO {
    /** What kind of value a field holds, as far as a knob is concerned. */
    public enum Kind {
        /** double, float and their boxes. */
        NUMBER,
        /** int, long, short, byte and their boxes. */
        WHOLE,
        BOOLEAN,
        /** String, CharSequence, char. */
        TEXT,
        /** An enum: {@link #choices} lists its constants. */
        CHOICE,
        /** Anything else: shown, not set. */
        OTHER
    }

    public String name;
    /** The declared type's simple name. */
    public String type;
    public Kind kind;
    /** The value as {@code live:state} shows it; for {@link Kind#TEXT}, the text itself, unquoted (null for null). */
    public String value;
    /** Whether {@code live:set} takes it: a number, boolean, text or enum field, not final, not bound by DS. */
    public boolean editable;
    /** An enum's constants, in order; null for other kinds. */
    public String[] choices;
}
