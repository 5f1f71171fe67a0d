package dev.doitlive.runtime.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A refreshable's saved state on disk, {@code history/<name>/state} beside its history: which version saved it (history
 * seq and checksum) and when, the fields that were not saved and why, and the groups of fields Kryo wrote, then a
 * CRC-32C of all of it. Written to {@code state.tmp}, forced to disk, then renamed over the old file (and the folder
 * forced): after a crash the file is the old state or the whole new one, never half of one. A file that does not read
 * back whole and with its checksum is refused with what is wrong with it.
 */
public final class StateFile {
    public static final String NAME = "state";
    private static final byte[] MAGIC = "doitlive-state\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int FORMAT = 1;

    private StateFile() {
    }

    /** Fields saved together (they share objects), as Kryo wrote them. */
    public record Group(List<String> keys, byte[] bytes) {
    }

    /** One saved state. */
    public record Saved(long seq, String checksum, long savedAt, Map<String, String> notSaved, List<Group> groups) {
        /** The bytes of the state itself, without the time it was saved: equal digests, nothing changed. */
        byte[] digest() {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(body(new Saved(seq, checksum, 0, notSaved, groups)));
                return md.digest();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static Path of(Path historyDir) {
        return historyDir.resolve(NAME);
    }

    /** Writes the state durably: temporary file, forced, renamed in, folder forced. */
    public static void write(Path file, Saved s) throws IOException {
        byte[] body = body(s);
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer all = ByteBuffer.allocate(body.length + Long.BYTES);
        all.put(body).putLong(crc.getValue());
        DurableFile.write(file, all.array());
    }

    private static byte[] body(Saved s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.writeLong(s.seq());
            out.writeUTF(s.checksum());
            out.writeLong(s.savedAt());
            out.writeInt(s.notSaved().size());
            for (Map.Entry<String, String> e : s.notSaved().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(clip(e.getValue()));
            }
            out.writeInt(s.groups().size());
            for (Group g : s.groups()) {
                out.writeInt(g.keys().size());
                for (String k : g.keys()) {
                    out.writeUTF(k);
                }
                out.writeInt(g.bytes().length);
                out.write(g.bytes());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
    }

    private static String clip(String s) {
        return s.length() > 1000 ? s.substring(0, 997) + "..." : s;
    }

    /**
     * Reads a saved state, or null when there is none.
     *
     * @param maxBytes a file larger than this is refused unread
     * @throws IOException naming what is wrong with the file (not a state file, cut short, checksum...)
     */
    public static Saved read(Path file, long maxBytes) throws IOException {
        byte[] all;
        try {
            long size = Files.size(file);
            if (size > maxBytes + 1024 * 1024) {
                throw new IOException("it is " + size + " bytes, more than stateMaxBytes allows");
            }
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (all.length < MAGIC.length + Long.BYTES || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("not a doitlive state file");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - Long.BYTES);
        if (crc.getValue() != ByteBuffer.wrap(all, all.length - Long.BYTES, Long.BYTES).getLong()) {
            throw new IOException("its checksum does not match (damaged)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - MAGIC.length - Long.BYTES))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("format " + format + ", this runtime reads format " + FORMAT);
            }
            long seq = in.readLong();
            String checksum = in.readUTF();
            long savedAt = in.readLong();
            Map<String, String> notSaved = new LinkedHashMap<>();
            for (int i = count(in, all.length); i > 0; i--) {
                notSaved.put(in.readUTF(), in.readUTF());
            }
            List<Group> groups = new ArrayList<>();
            for (int i = count(in, all.length); i > 0; i--) {
                List<String> keys = new ArrayList<>();
                for (int k = count(in, all.length); k > 0; k--) {
                    keys.add(in.readUTF());
                }
                byte[] bytes = new byte[count(in, all.length)];
                in.readFully(bytes);
                groups.add(new Group(List.copyOf(keys), bytes));
            }
            return new Saved(seq, checksum, savedAt, notSaved, groups);
        } catch (EOFException e) {
            throw new IOException("cut short");
        }
    }

    private static int count(DataInputStream in, int bound) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > bound) {
            throw new IOException("a count of " + n + " where at most " + bound + " fit");
        }
        return n;
    }
}
