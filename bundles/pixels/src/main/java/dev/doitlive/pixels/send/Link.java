package dev.doitlive.pixels.send;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where an output's packets go: a socket, opened and used by the output's sender thread only. */
public interface Link {
    /** Opens the socket (resolving the host, connecting): may take a while, on the sender's thread. */
    void open() throws IOException;

    boolean isOpen();

    /**
     * Sends packet {@code i} of a frame (a universe's packet goes to that universe's group).
     *
     * @return false when the socket had no room: the rest of the frame is dropped
     */
    boolean send(int i, ByteBuffer packet) throws IOException;

    /** Whether a failed send closes the link (TCP: its stream is broken) rather than leaving it for the next frame. */
    boolean closesOnFailure();

    /** Closes the socket; from any thread, which also ends a send in progress. */
    void close();
}
