package dev.doitlive.pixels.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * ANSI E1.31 (streaming ACN, "sACN") data packets: 126 bytes of root, framing and DMP layers, then up to 512 slots.
 * A strip takes consecutive universes of {@value #SLOTS} slots (170 RGB pixels); each universe has its own sequence
 * number, carried by {@link Sequences} so that a re-targeted output goes on counting where it was (receivers drop a
 * known CID's packets whose sequence goes back, as OLA does).
 */
public final class E131 implements Encoder {
    /** The slots of a universe that an RGB strip uses: 170 pixels. */
    public static final int SLOTS = 510;
    public static final int HEADER = 126;
    public static final int FIRST_UNIVERSE = 1;
    public static final int LAST_UNIVERSE = 63999;
    public static final int MAX_PRIORITY = 200;
    private static final byte[] ACN_ID = "ASC-E1.17\0\0\0".getBytes(StandardCharsets.US_ASCII);

    private final ByteBuffer[] packets;
    private final byte[][] bytes;
    private final int[] slots;
    private final Sequences.Counter[] sequences;

    /**
     * @param cid      the source's component identifier, the same for the output's life
     * @param source   the source name receivers show (at most 63 bytes of UTF-8 are sent)
     * @param universe the first universe
     * @param channels how many channels a frame has: the universes it takes follow from it
     */
    public E131(UUID cid, String source, int priority, int universe, int channels, Sequences sequences) {
        int n = Math.max(1, (channels + SLOTS - 1) / SLOTS);
        packets = new ByteBuffer[n];
        bytes = new byte[n][];
        slots = new int[n];
        this.sequences = new Sequences.Counter[n];
        byte[] name = new byte[64];
        byte[] s = source.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(s, 0, name, 0, Math.min(63, s.length)); // NUL-terminated, NUL-padded
        for (int i = 0; i < n; i++) {
            slots[i] = Math.max(0, Math.min(SLOTS, channels - i * SLOTS));
            this.sequences[i] = sequences.counter(universe + i);
            bytes[i] = new byte[HEADER + slots[i]];
            ByteBuffer b = ByteBuffer.wrap(bytes[i]); // big-endian, as the standard's octets go
            int length = bytes[i].length;
            // Root layer
            b.putShort((short) 0x0010).putShort((short) 0).put(ACN_ID);
            b.putShort(flagsAndLength(length - 16)).putInt(0x00000004); // VECTOR_ROOT_E131_DATA
            b.putLong(cid.getMostSignificantBits()).putLong(cid.getLeastSignificantBits());
            // Framing layer
            b.putShort(flagsAndLength(length - 38)).putInt(0x00000002); // VECTOR_E131_DATA_PACKET
            b.put(name).put((byte) priority).putShort((short) 0); // no synchronization universe
            b.put((byte) 0).put((byte) 0).putShort((short) (universe + i)); // sequence (per frame), options
            // DMP layer
            b.putShort(flagsAndLength(length - 115)).put((byte) 0x02).put((byte) 0xa1);
            b.putShort((short) 0).putShort((short) 1).putShort((short) (1 + slots[i])).put((byte) 0); // DMX start code
            packets[i] = ByteBuffer.wrap(bytes[i]);
        }
    }

    private static short flagsAndLength(int length) {
        return (short) (0x7000 | length);
    }

    /** How many universes a strip of {@code channels} channels takes. */
    public static int universes(int channels) {
        return Math.max(1, (channels + SLOTS - 1) / SLOTS);
    }

    /** The multicast group of a universe: 239.255.hi.lo. */
    public static byte[] group(int universe) {
        return new byte[] {(byte) 239, (byte) 255, (byte) (universe >> 8), (byte) universe};
    }

    @Override
    public int encode(byte[] channels, int length) {
        for (int i = 0; i < packets.length; i++) {
            byte[] p = bytes[i];
            p[111] = (byte) sequences[i].next();
            Encoder.copy(channels, length, i * SLOTS, p, HEADER, slots[i]);
            packets[i].clear();
        }
        return packets.length;
    }

    @Override
    public ByteBuffer packet(int i) {
        return packets[i];
    }
}
