package dev.doitlive.api;

import org.osgi.dto.DTO;

/** The outcome of a refresh or revert. */
public class OutcomeDTO extends DTO {
    public boolean ok;
    /** One line: what happened and what is live now. */
    public String message;
    /** The version live after the operation. */
    public long liveSeq;
    /** When the version swapped in, in nanoseconds since the epoch (wall clock), for {@link LiveRuntime#land}; else 0. */
    public long landedAt;

    public static OutcomeDTO of(boolean ok, String message, long liveSeq) {
        OutcomeDTO o = new OutcomeDTO();
        o.ok = ok;
        o.message = message;
        o.liveSeq = liveSeq;
        return o;
    }

    @Override
    public String toString() {
        return message;
    }
}
