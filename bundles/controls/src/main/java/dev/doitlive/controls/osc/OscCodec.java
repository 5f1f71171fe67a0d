package dev.doitlive.controls.osc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.doitlive.controls.KitLines;

/**
 * OSC 1.0 packets to messages and back, by hand: the spec's layout is a page long, and the one Java library of note
 * (JavaOSC 0.8, 2021) ships a broken OSGi manifest (its UDP and TCP transport packages are fused into one name and so
 * never exported) and drags slf4j 1.7 with a log4j 1 binding in at compile scope.
 *
 * <p>Taken: messages with type tags {@code i h f d s T F} (the {@code h} of a 64-bit whole number, as answers give a
 * {@code long} field back) and bundles ({@code #bundle}, nested), whose elements are
 * delivered at once and in order (their time tags are not waited for). A message with nothing after its address is one
 * without arguments (older senders omit the type tags then). Big-endian, every part padded to 4 bytes.
 */
public final class OscCodec {
    private static final byte[] BUNDLE = "#bundle\0".getBytes(StandardCharsets.US_ASCII);
    /** Bundles in bundles in...: deeper than this is no show's controller but an attack on the stack. */
    private static final int MAX_DEPTH = 8;

    private OscCodec() {
    }

    /** The messages of one datagram, a bundle's in order. */
    public static List<OscMessage> decode(byte[] data, int length) throws OscFormatException {
        List<OscMessage> out = new ArrayList<>(1);
        if (length == 0) {
            throw new OscFormatException("an empty packet");
        }
        packet(ByteBuffer.wrap(data, 0, length).slice(), out, 0);
        return out;
    }

    private static void packet(ByteBuffer b, List<OscMessage> out, int depth) throws OscFormatException {
        if (isBundle(b)) {
            bundle(b, out, depth);
        } else {
            out.add(message(b));
        }
    }

    private static boolean isBundle(ByteBuffer b) {
        if (b.remaining() < BUNDLE.length) {
            return false;
        }
        for (int i = 0; i < BUNDLE.length; i++) {
            if (b.get(b.position() + i) != BUNDLE[i]) {
                return false;
            }
        }
        return true;
    }

    private static void bundle(ByteBuffer b, List<OscMessage> out, int depth) throws OscFormatException {
        if (depth >= MAX_DEPTH) {
            throw new OscFormatException("bundles nested more than " + MAX_DEPTH + " deep");
        }
        int start = b.position();
        if (b.remaining() < 16) {
            throw new OscFormatException("truncated: a #bundle of " + b.remaining() + " bytes has no room for its time tag");
        }
        b.position(start + 16); // "#bundle\0" and the 8-byte time tag
        while (b.hasRemaining()) {
            int at = b.position();
            if (b.remaining() < 4) {
                throw new OscFormatException("truncated: " + b.remaining() + " bytes at byte " + at + " of the bundle, no element size");
            }
            int size = b.getInt();
            if (size <= 0 || size % 4 != 0) {
                throw new OscFormatException("a bundle element of size " + size + " at byte " + at + " (sizes are positive multiples of 4)");
            }
            if (size > b.remaining()) {
                throw new OscFormatException("truncated: a bundle element of " + size + " bytes at byte " + at + ", only "
                        + b.remaining() + " left");
            }
            ByteBuffer element = b.slice(b.position(), size);
            packet(element, out, depth + 1);
            b.position(b.position() + size);
        }
    }

    private static OscMessage message(ByteBuffer b) throws OscFormatException {
        if (b.get(b.position()) != '/') {
            throw new OscFormatException("not an OSC message: it starts with " + describe(b.get(b.position()))
                    + ", not '/' or #bundle");
        }
        String address = string(b, "the address");
        List<Object> args = new ArrayList<>(2);
        if (!b.hasRemaining()) {
            return new OscMessage(address, args);
        }
        if (b.get(b.position()) != ',') {
            throw new OscFormatException(KitLines.cut(address) + ": no type tags after the address (they start with ','; found "
                    + describe(b.get(b.position())) + ")");
        }
        String tags = string(b, "the type tags");
        for (int i = 1; i < tags.length(); i++) {
            char t = tags.charAt(i);
            switch (t) {
                case 'i' -> args.add(need(b, 4, address, t).getInt());
                case 'h' -> args.add(need(b, 8, address, t).getLong());
                case 'f' -> args.add(need(b, 4, address, t).getFloat());
                case 'd' -> args.add(need(b, 8, address, t).getDouble());
                case 's' -> args.add(string(b, "argument " + i + " (s)"));
                case 'T' -> args.add(Boolean.TRUE);
                case 'F' -> args.add(Boolean.FALSE);
                default -> throw new OscFormatException(KitLines.cut(address) + ": type tag '" + printable(t) + "' is not taken here (i h f d s T F are)");
            }
        }
        if (b.hasRemaining()) {
            throw new OscFormatException(KitLines.cut(address) + ": " + b.remaining() + " bytes after its arguments ('" + KitLines.cut(tags) + "')");
        }
        return new OscMessage(address, args);
    }

    private static ByteBuffer need(ByteBuffer b, int bytes, String address, char tag) throws OscFormatException {
        if (b.remaining() < bytes) {
            throw new OscFormatException("truncated: " + KitLines.cut(address) + ": its '" + tag + "' argument needs " + bytes + " bytes, "
                    + b.remaining() + " left");
        }
        return b;
    }

    /** A NUL-terminated string padded to 4 bytes. */
    private static String string(ByteBuffer b, String what) throws OscFormatException {
        int start = b.position();
        int end = start;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        if (end == b.limit()) {
            throw new OscFormatException("truncated: " + what + " at byte " + start + " has no terminating NUL");
        }
        int next = start + pad(end - start + 1);
        if (next > b.limit()) {
            throw new OscFormatException("truncated: " + what + " at byte " + start + " is not padded to 4 bytes");
        }
        byte[] bytes = new byte[end - start];
        b.get(start, bytes);
        b.position(next);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    private static String describe(byte c) {
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c & 0xff);
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
    }

    /** The OSC type tag of a value: i h f d s T F N. */
    static char tag(Object v) {
        if (v == null) {
            return 'N';
        }
        if (v instanceof Integer) {
            return 'i';
        }
        if (v instanceof Long) {
            return 'h';
        }
        if (v instanceof Float) {
            return 'f';
        }
        if (v instanceof Double) {
            return 'd';
        }
        if (v instanceof Boolean bool) {
            return bool ? 'T' : 'F';
        }
        if (v instanceof String) {
            return 's';
        }
        throw new IllegalArgumentException("no OSC type for " + v.getClass().getName());
    }

    /** A message's bytes: what an answer to a query sends. */
    public static byte[] encode(OscMessage m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 8 * m.args().size());
        string(out, m.address());
        StringBuilder tags = new StringBuilder(",");
        m.args().forEach(a -> tags.append(tag(a)));
        string(out, tags.toString());
        ByteBuffer word = ByteBuffer.allocate(8);
        for (Object a : m.args()) {
            word.clear();
            if (a instanceof Integer i) {
                word.putInt(i);
            } else if (a instanceof Long l) {
                word.putLong(l);
            } else if (a instanceof Float f) {
                word.putFloat(f);
            } else if (a instanceof Double d) {
                word.putDouble(d);
            } else if (a instanceof String s) {
                string(out, s);
            }
            out.write(word.array(), 0, word.position());
        }
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        for (int i = bytes.length; i < pad(bytes.length + 1); i++) {
            out.write(0);
        }
    }
}
