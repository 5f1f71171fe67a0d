package dev.doitlive.pixels.send;

/** Where an output's lines go: problems to the runtime's report (and live:errors), news to the console. */
public interface Voice {
    /** A problem: one {@code doitlive:} line, kept for live:errors. Never throws. */
    void problem(String line);

    /** News (an output started, recovered): one {@code doitlive:} line. Never throws. */
    void info(String line);
}
