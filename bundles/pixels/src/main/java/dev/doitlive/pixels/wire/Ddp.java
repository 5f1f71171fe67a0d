package dev.doitlive.pixels.wire;

import java.nio.ByteBuffer;

/**
 * DDP (Distributed Display Protocol, 3waylabs) data packets as WLED, xLights and Falcon take them: a 10-byte header
 * (version 1, sequence 1..15, data type RGB 8 bits, destination 1 = the display, byte offset, length), then at most
 * {@value #MAX_DATA} bytes (480 pixels); the last packet of a frame has the push flag, which shows the frame.
 */
public final class Ddp implements Encoder {
    public static final int HEADER = 10;
    public static final int MAX_DATA = 1440;
    static final int VERSION_1 = 0x40;
    static final int PUSH = 0x01;
    static final int RGB_8_BIT = 0x0B;
    static final int DISPLAY = 1;

    private final ByteBuffer[] packets;
    private final byte[][] bytes;
    private final int[] lengths;
    private final Sequences.Counter sequence;

    public Ddp(int channels, Sequences sequences) {
        int n = Math.max(1, (channels + MAX_DATA - 1) / MAX_DATA);
        packets = new ByteBuffer[n];
        bytes = new byte[n][];
        lengths = new int[n];
        sequence = sequences.counter(0);
        for (int i = 0; i < n; i++) {
            lengths[i] = Math.max(0, Math.min(MAX_DATA, channels - i * MAX_DATA));
            bytes[i] = new byte[HEADER + lengths[i]];
            ByteBuffer b = ByteBuffer.wrap(bytes[i]);
            b.put((byte) (VERSION_1 | (i == n - 1 ? PUSH : 0))).put((byte) 0).put((byte) RGB_8_BIT).put((byte) DISPLAY);
            b.putInt(i * MAX_DATA).putShort((short) lengths[i]);
            packets[i] = ByteBuffer.wrap(bytes[i]);
        }
    }

    @Override
    public int encode(byte[] channels, int length) {
        for (int i = 0; i < packets.length; i++) {
            byte[] p = bytes[i];
            p[1] = (byte) sequence.nextNonZero(15);
            Encoder.copy(channels, length, i * MAX_DATA, p, HEADER, lengths[i]);
            packets[i].clear();
        }
        return packets.length;
    }

    @Override
    public ByteBuffer packet(int i) {
        return packets[i];
    }
}
