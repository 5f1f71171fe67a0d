package dev.doitlive.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stage's messages, one shape for all: a kind and the fields it uses. Written with DataOutputStream (JGroups
 * carries bytes; no Java serialization crosses the wire).
 *
 * <ul>
 * <li>PROPOSE name text(reason) jar — a member to the leader: a version came here</li>
 * <li>PREPARE tx name text(reason) jar a... — the leader to all: prepare it, hold it</li>
 * <li>READY tx ok text — a member to the leader: held (or why not)</li>
 * <li>COMMIT tx name a(frame) — the leader to all: land it on that frame</li>
 * <li>ABORT tx name text — the leader to all: drop it, one line why</li>
 * <li>LANDED tx ok a(frame) b(landed at, system clock) text — a member to the leader</li>
 * <li>PURGE name — a member to all: live:purge there</li>
 * <li>PING a(sent) / PONG a(sent) b(the member's clock) — offsets and delivery times</li>
 * <li>BYE — a member to all as it leaves cleanly (it no longer counts for a multicast stage's majority)</li>
 * </ul>
 */
record Wire(Kind kind, String tx, String name, String text, byte[] jar, long a, long b, boolean ok) {
    enum Kind {
        PROPOSE, PREPARE, READY, COMMIT, ABORT, LANDED, PURGE, PING, PONG, BYE
    }

    static Wire of(Kind kind, String tx, String name, String text, byte[] jar, long a, long b, boolean ok) {
        return new Wire(kind, tx, name, text, jar, a, b, ok);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (jar == null ? 0 : jar.length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(kind.ordinal());
            string(out, tx);
            string(out, name);
            string(out, text);
            out.writeInt(jar == null ? -1 : jar.length);
            if (jar != null) {
                out.write(jar);
            }
            out.writeLong(a);
            out.writeLong(b);
            out.writeBoolean(ok);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException for bytes that are no message of ours */
    static Wire decode(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int k = in.readUnsignedByte();
            if (k >= Kind.values().length) {
                throw new IOException("unknown message kind " + k);
            }
            String tx = string(in);
            String name = string(in);
            String text = string(in);
            int n = in.readInt();
            if (n < -1 || n > bytes.length) {
                throw new IOException("bad length " + n);
            }
            byte[] jar = null;
            if (n >= 0) {
                jar = new byte[n];
                in.readFully(jar);
            }
            return new Wire(Kind.values()[k], tx, name, text, jar, in.readLong(), in.readLong(), in.readBoolean());
        }
    }

    /** A refreshable's live version on the leader: its bytes, and its file's name there (null if unknown). */
    record Live(byte[] jar, String file) {
    }

    /** What the leader holds, for a joiner: each refreshable's live version, by name. */
    static byte[] snapshot(Map<String, Live> live) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(live.size());
            for (Map.Entry<String, Live> e : live.entrySet()) {
                string(out, e.getKey());
                string(out, e.getValue().file());
                out.writeInt(e.getValue().jar().length);
                out.write(e.getValue().jar());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, Live> snapshot(byte[] bytes) throws IOException {
        Map<String, Live> live = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = string(in);
                String file = string(in);
                int len = in.readInt();
                if (len < 0 || len > bytes.length) {
                    throw new IOException("bad length " + len);
                }
                byte[] jar = new byte[len];
                in.readFully(jar);
                live.put(name, new Live(jar, file));
            }
        }
        return live;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static String string(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int n = in.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new IOException("bad string length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
