package dev.doitlive.api;

/**
 * Whiteboard SPI: gets every line the runtime prints about what happens (the {@code doitlive:} lines on stderr:
 * refreshes, reverts, failures, compile errors), as it prints it. Register an implementation as an OSGi service
 * (any bundle); the web page's event view is one.
 *
 * <p>Called on the thread where the thing happened (the swap thread, a loop's, a caller's): return at once and
 * never block. What it throws is dropped.
 */
public interface EventLines {
    /** @param line the line without the {@code doitlive: } prefix */
    void line(String line);
}
