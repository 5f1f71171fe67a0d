package dev.doitlive.pixels.wire;

import java.nio.ByteBuffer;

/**
 * Open Pixel Control "set pixel colours" messages: channel, command 0, a 16-bit big-endian length, then the pixels'
 * bytes. A whole strip is one message (at most {@value #MAX_PIXELS} pixels), so that it goes out in one write: OLA's
 * OPC server takes one message per read and drops a second one that came with it.
 */
public final class Opc implements Encoder {
    public static final int HEADER = 4;
    public static final int MAX_PIXELS = 65535 / 3;

    private final byte[] bytes;
    private final ByteBuffer packet;
    private final int channels;

    public Opc(int channel, int channels) {
        this.channels = channels;
        bytes = new byte[HEADER + channels];
        packet = ByteBuffer.wrap(bytes);
        packet.put((byte) channel).put((byte) 0).putShort((short) channels);
    }

    @Override
    public int encode(byte[] frame, int length) {
        Encoder.copy(frame, length, 0, bytes, HEADER, channels);
        packet.clear();
        return 1;
    }

    @Override
    public ByteBuffer packet(int i) {
        return packet;
    }
}
