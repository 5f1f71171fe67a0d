package dev.doitlive.controls.osc;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The codec against the OSC 1.0 byte layouts (the integration test checks it against liblo's own bytes). */
class OscCodecTest {
    /** {@code oscsend - /live/x/level f 0.6}, as liblo 0.31 writes it. */
    private static final byte[] LEVEL = HexFormat.of().parseHex("2f6c6976652f782f6c6576656c0000002c6600003f19999a");

    private static List<OscMessage> decode(byte[] b) throws OscFormatException {
        return OscCodec.decode(b, b.length);
    }

    private static String refused(byte[] b) {
        return assertThrows(OscFormatException.class, () -> decode(b)).getMessage();
    }

    @Test
    void aMessageOfEachType() throws Exception {
        OscMessage m = new OscMessage("/live/x/all", List.of(7, 0.5f, 0.25, "hi", true, false));
        byte[] bytes = OscCodec.encode(m);
        assertEquals(0, bytes.length % 4);
        assertEquals(List.of(m), decode(bytes));
        assertEquals("/live/x/all ifdsTF 7 0.5 0.25 \"hi\" true false", m.toString());
        assertEquals(List.of(new OscMessage("/live/x/level", List.of(0.6f))), decode(LEVEL));
        assertArrayEquals(LEVEL, OscCodec.encode(new OscMessage("/live/x/level", List.of(0.6f))));
    }

    @Test
    void a64BitWholeNumberIsTakenAsAnswersGiveIt() throws Exception {
        // oscsend - /live/x/big h 1099511627776: what a query of a long field answers, sent back.
        byte[] big = HexFormat.of().parseHex("2f6c6976652f782f626967002c6800000000010000000000");
        assertEquals(List.of(new OscMessage("/live/x/big", List.of(1L << 40))), decode(big));
    }

    @Test
    void aMessageWithoutTypeTagsHasNoArguments() throws Exception {
        byte[] addressOnly = java.util.Arrays.copyOf("/live/tap".getBytes(), 12);
        assertEquals(List.of(new OscMessage("/live/tap", List.of())), decode(addressOnly));
        assertEquals(List.of(new OscMessage("/live/tap", List.of())), decode(OscCodec.encode(new OscMessage("/live/tap", List.of()))));
    }

    @Test
    void aBundleDeliversItsElementsInOrder() throws Exception {
        byte[] a = OscCodec.encode(new OscMessage("/a", List.of(1)));
        byte[] b = OscCodec.encode(new OscMessage("/b", List.of("two")));
        byte[] inner = bundle(b);
        byte[] outer = bundle(a, inner);
        assertEquals(List.of(new OscMessage("/a", List.of(1)), new OscMessage("/b", List.of("two"))), decode(outer));
        assertEquals(List.of(), decode(bundle()), "an empty bundle is nothing to do");
    }

    private static byte[] bundle(byte[]... elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("#bundle\0".getBytes());
        out.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}); // "immediately"
        for (byte[] e : elements) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(e.length).array());
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    @Test
    void whatIsNoOscSaysWhy() {
        assertEquals("an empty packet", refused(new byte[0]));
        assertEquals("not an OSC message: it starts with 'h', not '/' or #bundle", refused("hello".getBytes()));
        assertEquals("not an OSC message: it starts with byte 0x00, not '/' or #bundle", refused(new byte[8]));
        assertEquals("truncated: the address at byte 0 has no terminating NUL", refused(java.util.Arrays.copyOf(LEVEL, 10)));
        assertEquals("truncated: /live/x/level: its 'f' argument needs 4 bytes, 2 left", refused(java.util.Arrays.copyOf(LEVEL, 22)));
        assertEquals("truncated: the address at byte 0 is not padded to 4 bytes", refused(java.util.Arrays.copyOf(LEVEL, 14)));
        byte[] blob = LEVEL.clone();
        blob[17] = 'b';
        assertEquals("/live/x/level: type tag 'b' is not taken here (i h f d s T F are)", refused(blob));
        byte[] noTags = LEVEL.clone();
        noTags[16] = 'x';
        assertEquals("/live/x/level: no type tags after the address (they start with ','; found 'x')", refused(noTags));
        byte[] extra = java.util.Arrays.copyOf(LEVEL, LEVEL.length + 4);
        assertEquals("/live/x/level: 4 bytes after its arguments (',f')", refused(extra));
    }

    @Test
    void aBadBundleSaysWhy() {
        byte[] a = OscCodec.encode(new OscMessage("/a", List.of(1)));
        byte[] b = bundle(a);
        assertTrue(refused(java.util.Arrays.copyOf(b, b.length - 4)).startsWith("truncated: a bundle element of 12 bytes at byte 16"));
        assertEquals("truncated: a #bundle of 12 bytes has no room for its time tag", refused(java.util.Arrays.copyOf(b, 12)));
        byte[] odd = b.clone();
        odd[19] = 5;
        assertEquals("a bundle element of size 5 at byte 16 (sizes are positive multiples of 4)", refused(odd));
        byte[] deep = a;
        for (int i = 0; i < 9; i++) {
            deep = bundle(deep);
        }
        assertEquals("bundles nested more than 8 deep", refused(deep));
    }

    @Test
    void anAnswerEncodesWholeNumbersLongsAndNil() throws Exception {
        List<Object> args = new java.util.ArrayList<>();
        args.add(1L << 40);
        args.add(null);
        byte[] bytes = OscCodec.encode(new OscMessage("/q", args));
        assertEquals("2f710000" + "2c684e00" + "0000010000000000", HexFormat.of().formatHex(bytes));
    }

    @Test
    void aLongStringIsCutInTheLinesAsLiveStateCutsIt() throws Exception {
        String big = "x".repeat(60_000);
        OscMessage m = new OscMessage("/live/x/name", List.of(big));
        assertEquals("/live/x/name s \"" + "x".repeat(197) + "...\"", m.toString());
        OscMessage far = new OscMessage("/" + big, List.of());
        assertEquals(200, far.toString().length());
        assertTrue(far.toString().endsWith("..."));
        byte[] noTags = OscCodec.encode(far);
        noTags[noTags.length - 4] = 'x'; // the type tags' ',' gone: a refusal that names the address
        assertTrue(refused(noTags).length() < 400, "the refusal names the address cut");
    }
}
