package dev.doitlive.pixels.wire;

import java.nio.ByteBuffer;

/**
 * Turns one frame's channel bytes (three a pixel, in the strip's colour order) into the packets of a protocol. Each
 * encoder owns its packet buffers and fills them again for every frame: sending allocates nothing. Used by one sender
 * thread only.
 */
public interface Encoder {
    /**
     * Encodes a frame.
     *
     * @param channels the channel bytes, {@code length} of them
     * @return how many packets the frame takes; {@link #packet(int)} gives each
     */
    int encode(byte[] channels, int length);

    /** Packet {@code i} of the last frame encoded, from position 0 to its end. */
    ByteBuffer packet(int i);

    /** Copies {@code n} channels into {@code to} from {@code offset}, zeros past the frame's end. */
    static void copy(byte[] channels, int length, int from, byte[] to, int offset, int n) {
        int have = Math.max(0, Math.min(n, length - from));
        System.arraycopy(channels, from, to, offset, have);
        java.util.Arrays.fill(to, offset + have, offset + n, (byte) 0);
    }
}
