package example.show.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import example.show.api.Colors;

/**
 * Where the frames go, drawn as ANSI true-colour blocks, one character per pixel.
 *
 * <ul>
 * <li>A <b>file</b> gets one line per frame, appended, at most so many lines per second: {@code tail -f} shows
 * the show scrolling by, time going down. Past {@value #MAX_FILE_BYTES} bytes the file is emptied and starts
 * over.</li>
 * <li>A <b>terminal device</b> (a path under {@code /dev}, such as the one {@code tty} prints) gets every frame
 * as a carriage return and the strip: it animates in place on one line.</li>
 * </ul>
 *
 * <p>Nothing here throws: a failure is returned as one line, and the output is opened again two seconds later.
 * The bytes are encoded into one buffer that is reused: no allocation per frame.
 */
final class Strip {
    static final long MAX_FILE_BYTES = 4L << 20;
    private static final long RETRY_NANOS = 2_000_000_000L;
    private static final byte[] RESET = "\033[0m".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BACKGROUND = "\033[48;2;".getBytes(StandardCharsets.US_ASCII);

    private final String output;
    private FileChannel channel;
    private boolean terminal;
    private boolean closed;
    private byte[] bytes = new byte[0];
    private ByteBuffer buffer;
    private long nextLine;
    private boolean retrying;
    private long retryAt;
    private String failure;
    private long written;

    Strip(String output) {
        this.output = output;
    }

    boolean isFor(String output) {
        return this.output == output || this.output != null && this.output.equals(output);
    }

    /**
     * Writes a frame, if one is due.
     *
     * @param now           System.nanoTime() of the frame
     * @param linesPerSecond for a file; 0: every frame
     * @return a line saying what failed, or null
     */
    synchronized String write(int[] rgb, long now, double linesPerSecond) {
        if (closed || output == null || output.isBlank()) {
            return null;
        }
        if (channel == null) {
            if (retrying && now - retryAt < 0) {
                return null;
            }
            String why = open();
            if (why != null) {
                retryLater(now);
                return why;
            }
            retrying = false;
            nextLine = now;
        }
        if (!terminal && linesPerSecond > 0) {
            if (now - nextLine < 0) {
                return null;
            }
            long period = (long) (1e9 / linesPerSecond);
            nextLine += period;
            if (now - nextLine >= 0) {
                nextLine = now + period; // behind (a pause, a rate change): go on from now
            }
        }
        int length = encode(rgb);
        try {
            buffer.clear().limit(length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            written++;
            if (!terminal && channel.size() > MAX_FILE_BYTES) {
                channel.truncate(0);
            }
            return null;
        } catch (IOException e) {
            shut();
            retryLater(now);
            failure = "writing " + output + " failed: " + e;
            return failure;
        }
    }

    private void retryLater(long now) {
        retrying = true;
        retryAt = now + RETRY_NANOS;
    }

    private String open() {
        try {
            Path path = Path.of(output);
            boolean device = path.toAbsolutePath().startsWith("/dev/");
            if (Files.isDirectory(path)) {
                return failed(output + " is a directory; give a file, or a terminal device such as the one tty prints");
            }
            if (Files.isRegularFile(path) || !Files.exists(path) && !device) {
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                terminal = false;
            } else if (device && Files.exists(path)) {
                channel = FileChannel.open(path, StandardOpenOption.WRITE);
                terminal = true;
            } else {
                return failed(device ? "no device " + output + " (is that terminal still open?)"
                        : output + " is neither a regular file nor a device under /dev");
            }
            failure = null;
            return null;
        } catch (IOException | InvalidPathException | SecurityException e) {
            return failed("cannot open " + output + ": " + e);
        }
    }

    private String failed(String why) {
        failure = why;
        return why;
    }

    /** Encodes the frame: colour codes only where the colour changes, a space per pixel. */
    private int encode(int[] rgb) {
        int need = 1 + rgb.length * (BACKGROUND.length + 13) + RESET.length + 1;
        if (bytes.length < need) {
            bytes = new byte[need];
            buffer = ByteBuffer.wrap(bytes);
        }
        byte[] b = bytes;
        int p = 0;
        if (terminal) {
            b[p++] = '\r';
        }
        int last = -1;
        for (int px : rgb) {
            if (px != last) {
                System.arraycopy(BACKGROUND, 0, b, p, BACKGROUND.length);
                p += BACKGROUND.length;
                p = decimal(b, p, Colors.red(px));
                b[p++] = ';';
                p = decimal(b, p, Colors.green(px));
                b[p++] = ';';
                p = decimal(b, p, Colors.blue(px));
                b[p++] = 'm';
                last = px;
            }
            b[p++] = ' ';
        }
        System.arraycopy(RESET, 0, b, p, RESET.length);
        p += RESET.length;
        if (!terminal) {
            b[p++] = '\n';
        }
        return p;
    }

    private static int decimal(byte[] b, int p, int v) {
        if (v >= 100) {
            b[p++] = (byte) ('0' + v / 100);
        }
        if (v >= 10) {
            b[p++] = (byte) ('0' + v / 10 % 10);
        }
        b[p++] = (byte) ('0' + v % 10);
        return p;
    }

    /** Closes the output; a terminal's cursor moves to the next line, below the strip. */
    synchronized void close() {
        closed = true;
        if (terminal && channel != null) {
            try {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
            } catch (IOException e) {
                // the terminal is gone: nothing to tidy
            }
        }
        shut();
    }

    private void shut() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing what failed: nothing more to do
            }
            channel = null;
        }
    }

    @Override
    public String toString() {
        if (output == null || output.isBlank()) {
            return "nowhere";
        }
        String what = (terminal ? "terminal, " : "file, ") + written + " frames written";
        return output + " (" + (closed ? "closed, " : "") + what + (failure != null ? "; " + failure : "") + ")";
    }
}
