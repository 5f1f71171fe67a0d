package dev.doitlive.audio.out;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Writes what the engine plays to a WAV file of 32-bit float samples (so that what a block wrote is kept as it was,
 * NaN included, had one passed), on a thread of its own: the audio thread only copies into a ring, never waits for the
 * disk. The header's lengths are written again every second, so that the file reads whole while it grows, and at the
 * end. A disk slower than the sound drops what does not fit in the ring (said once), and at {@code maxSeconds} the
 * file is complete: what follows is not written (said once).
 */
public final class WavWriter implements AutoCloseable {
    /** RIFF, a fmt chunk of 18 bytes (cbSize 0: what a non-PCM format needs), a fact chunk (its frames), the data chunk's head. */
    private static final int HEADER = 12 + 8 + 18 + 8 + 4 + 8;
    private static final long HEADER_EVERY_NANOS = 1_000_000_000L;

    private final Path path;
    private final int channels;
    private final float sampleRate;
    private final long maxFrames;
    private final Consumer<String> say;
    private FileChannel file;
    /** The file as created: a file deleted or replaced under it (rm audio.wav while it records) is noticed within a second. */
    private Object fileKey;
    private final float[] ring;
    /** Samples written into the ring (audio thread) and taken out of it (writer thread), ever. */
    private final AtomicLong in = new AtomicLong();
    private final AtomicLong out = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;
    private volatile String failing;
    private final Thread writer;
    private long framesWritten;
    private boolean fullSaid;
    private long lastDropSaid = System.nanoTime() - 20 * HEADER_EVERY_NANOS;

    /**
     * @param say where its one-line problems go (a full disk, the end of the file)
     * @throws IOException when the file cannot be created
     */
    public WavWriter(Path path, int channels, float sampleRate, double maxSeconds, Consumer<String> say) throws IOException {
        this.path = path.toAbsolutePath();
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.maxFrames = (long) (maxSeconds * sampleRate);
        this.say = say;
        open();
        this.ring = new float[Math.max(1 << 16, Integer.highestOneBit((int) (2 * sampleRate * channels)) * 2)];
        header();
        writer = new Thread(this::run, "doitlive-audio-wav");
        writer.setDaemon(true);
        writer.start();
    }

    /** Creates the file afresh (the folder must exist: the settings refuse one that does not). */
    private void open() throws IOException {
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        fileKey = key();
        framesWritten = 0;
        fullSaid = false;
        header();
    }

    private Object key() {
        try {
            return java.nio.file.Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the file written is still the one at its path; if not (deleted, replaced), a new one there, said in one line. */
    private void still() throws IOException {
        Object now = key();
        if (now != null && now.equals(fileKey)) {
            return;
        }
        long lost = framesWritten;
        closeQuietly();
        open();
        say.accept("audio: " + path + (now == null ? " was deleted" : " was replaced") + " while it recorded (" + String.format(
                java.util.Locale.ROOT, "%.1f s", lost / sampleRate) + " in it): a new one is recorded from now on");
    }

    public Path path() {
        return path;
    }

    /** Copies one buffer into the ring (audio thread); drops it when the ring is full. */
    void write(float[][] mix, int frames) {
        long i = in.get();
        int n = frames * channels;
        if (i + n - out.get() > ring.length) {
            dropped.addAndGet(frames);
            return;
        }
        int mask = ring.length - 1;
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                ring[(int) ((i + (long) f * channels + c) & mask)] = mix[Math.min(c, mix.length - 1)][f];
            }
        }
        in.lazySet(i + n); // after the samples: the writer reads in, then the samples
    }

    /**
     * Why it records nothing now (its file could not be written: replaced by a folder, the disk gone), or null: it is
     * tried again every second, and recording starts afresh once it can.
     */
    public String failing() {
        return failing;
    }

    private void run() {
        ByteBuffer bytes = ByteBuffer.allocateDirect(ring.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        long lastHeader = System.nanoTime();
        while (!closing || out.get() < in.get()) {
            long available = in.get() - out.get();
            try {
                if (available == 0) {
                    LockSupport.parkNanos(5_000_000);
                } else if (file == null) {
                    out.lazySet(out.get() + available); // nowhere to write it: the sound goes on unrecorded
                } else {
                    drain(bytes, available);
                }
                if (System.nanoTime() - lastHeader > HEADER_EVERY_NANOS) {
                    lastHeader = System.nanoTime();
                    if (file == null) {
                        open();
                        say.accept("audio: " + path + " can be written again: a new one is recorded from now on");
                        failing = null;
                    } else {
                        still();
                        header();
                    }
                }
            } catch (IOException e) {
                lost(e);
            }
            if (dropped.get() > 0 && System.nanoTime() - lastDropSaid > 10 * HEADER_EVERY_NANOS) {
                lastDropSaid = System.nanoTime();
                long lost = dropped.getAndSet(0);
                say.accept("audio: " + path + ": the disk is slower than the sound: " + lost + " frames were not written");
            }
        }
        if (file != null) {
            try {
                header();
            } catch (IOException e) {
                lost(e);
            }
        }
    }

    /** Its file cannot be written: said once, until it can be again (tried every second). */
    private void lost(IOException e) {
        String why = cause(e);
        closeQuietly();
        if (failing == null) {
            say.accept("audio: " + path + ": cannot write it (" + why + "); the sound goes on, unrecorded, and the file is tried"
                    + " again every second");
        }
        failing = why;
    }

    private void closeQuietly() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // closing what cannot be written: nothing more to lose
            }
            file = null;
        }
    }

    /** An I/O failure in words: its reason, never only the path that a file system exception's message is. */
    public static String cause(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its folder is gone";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private void drain(ByteBuffer bytes, long available) throws IOException {
        long o = out.get();
        int mask = ring.length - 1;
        bytes.clear();
        long frames = available / channels;
        long room = Math.max(0, maxFrames - framesWritten);
        long take = Math.min(frames, room);
        for (long k = 0; k < take * channels; k++) {
            bytes.putFloat(ring[(int) ((o + k) & mask)]);
        }
        out.lazySet(o + frames * channels); // taken: written, or beyond the file's end
        bytes.flip();
        while (bytes.hasRemaining()) {
            file.write(bytes, HEADER + framesWritten * channels * 4L + bytes.position());
        }
        framesWritten += take;
        if (take < frames && !fullSaid) {
            fullSaid = true;
            say.accept("audio: " + path + " holds its " + Math.round(maxFrames / sampleRate) + " s (wavMaxSeconds): what plays from now on is not written");
        }
    }

    /**
     * A WAVE_FORMAT_IEEE_FLOAT header for what is written so far: as the format's specification asks of a format that
     * is not PCM, its fmt chunk holds cbSize (0) and a fact chunk gives the frames, so that sox and the like read it
     * without a warning.
     */
    private void header() throws IOException {
        long data = framesWritten * channels * 4L;
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) Math.min(0xFFFFFFFFL, HEADER - 8 + data));
        h.put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '}).putInt(18);
        h.putShort((short) 3).putShort((short) channels).putInt((int) sampleRate).putInt((int) sampleRate * channels * 4)
                .putShort((short) (channels * 4)).putShort((short) 32).putShort((short) 0);
        h.put(new byte[] {'f', 'a', 'c', 't'}).putInt(4).putInt((int) Math.min(0xFFFFFFFFL, framesWritten));
        h.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) Math.min(0xFFFFFFFFL, data));
        h.flip();
        file.write(h, 0);
    }

    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                say.accept("audio: " + path + ": cannot close it (" + cause(e) + ")");
            }
        }
    }
}
