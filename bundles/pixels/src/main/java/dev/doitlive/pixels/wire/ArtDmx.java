package dev.doitlive.pixels.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Art-Net 4 ArtDmx packets: 18 bytes of header, then an even number of slots, 2 to 512. A strip takes consecutive
 * port-addresses (Net, Sub-Net, Universe: 15 bits) of {@value E131#SLOTS} slots, each with its sequence 1..255.
 */
public final class ArtDmx implements Encoder {
    public static final int HEADER = 18;
    public static final int LAST_UNIVERSE = 32767;
    private static final byte[] ID = "Art-Net\0".getBytes(StandardCharsets.US_ASCII);
    private static final int OP_DMX = 0x5000;
    private static final int PROTOCOL_VERSION = 14;

    private final ByteBuffer[] packets;
    private final byte[][] bytes;
    private final int[] slots;
    private final int[] carried;
    private final Sequences.Counter[] sequences;

    /** @param universe the first port-address */
    public ArtDmx(int universe, int channels, Sequences sequences) {
        int n = E131.universes(channels);
        packets = new ByteBuffer[n];
        bytes = new byte[n][];
        slots = new int[n];
        carried = new int[n];
        this.sequences = new Sequences.Counter[n];
        for (int i = 0; i < n; i++) {
            slots[i] = Math.max(0, Math.min(E131.SLOTS, channels - i * E131.SLOTS));
            carried[i] = Math.max(2, slots[i] + (slots[i] & 1)); // the length must be even
            this.sequences[i] = sequences.counter(universe + i);
            bytes[i] = new byte[HEADER + carried[i]];
            int address = universe + i;
            ByteBuffer b = ByteBuffer.wrap(bytes[i]);
            b.put(ID).put((byte) OP_DMX).put((byte) (OP_DMX >> 8)); // the op code is little-endian
            b.putShort((short) PROTOCOL_VERSION).put((byte) 0).put((byte) 0); // sequence (per frame), physical
            b.put((byte) address).put((byte) ((address >> 8) & 0x7f)).putShort((short) carried[i]); // SubUni, Net, length
            packets[i] = ByteBuffer.wrap(bytes[i]);
        }
    }

    @Override
    public int encode(byte[] channels, int length) {
        for (int i = 0; i < packets.length; i++) {
            byte[] p = bytes[i];
            p[12] = (byte) sequences[i].nextNonZero(255);
            Encoder.copy(channels, length, i * E131.SLOTS, p, HEADER, carried[i]);
            packets[i].clear();
        }
        return packets.length;
    }

    @Override
    public ByteBuffer packet(int i) {
        return packets[i];
    }
}
