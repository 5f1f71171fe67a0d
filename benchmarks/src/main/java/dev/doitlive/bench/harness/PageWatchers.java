package dev.doitlive.bench.harness;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The pages that watch the stage (issue 12), in a JVM of their own as browsers would be: each an HTTP/1.1 client
 * ({@code java.net.http}) reading the page's event stream, {@code GET /api/events}, as fast as it comes, and counting
 * its bytes by event. Nothing parses the JSON or draws a frame: these are not browsers.
 *
 * <p>{@link #start} runs it as a process driven through its stdin: {@code open N} opens N streams and answers
 * {@code open} once each has had its first event; {@code close} closes them and answers one line per page (what it
 * read since all were open), then {@code closed}. The process ends with its stdin.
 */
public final class PageWatchers implements AutoCloseable {
    /** The kinds of event counted, in the order of {@link Read}'s arrays; the last is the rest (keep-alives, retry). */
    static final List<String> KINDS = List.of("state", "line", "frame", "other");
    private static final int OTHER = 3;

    /** What one page read between the moment all were open and its closing: bytes and events of each kind. */
    record Read(long nanos, long[] bytes, long[] events) {
        long total() {
            long t = 0;
            for (long b : bytes) {
                t += b;
            }
            return t;
        }
    }

    private final Process process;
    private final BufferedWriter commands;
    private final BufferedReader answers;

    private PageWatchers(Process process) {
        this.process = process;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the pages' JVM (the serial collector and a small heap: a light client that takes little from the cores
     * it shares with the runtime), for the page at {@code base} with its token; no page is open yet.
     */
    static PageWatchers start(String base, String token) {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), PageWatchers.class.getName(), base, token);
        try {
            return new PageWatchers(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the pages' JVM: " + e.getMessage(), e);
        }
    }

    /** Opens {@code pages} streams; returns once each has had its first event. */
    void open(int pages) {
        ask("open " + pages);
        expect("open");
    }

    /** Closes the open streams; returns what each read while all were open. */
    List<Read> closeAll() {
        ask("close");
        List<Read> reads = new ArrayList<>();
        for (String l = answer(); !l.equals("closed"); l = answer()) {
            String[] f = l.split(" ");
            if (!f[0].equals("page") || f.length != 2 + 2 * KINDS.size()) {
                throw new IllegalStateException("the pages' JVM answered '" + l + "' to close");
            }
            long[] bytes = new long[KINDS.size()];
            long[] events = new long[KINDS.size()];
            for (int k = 0; k < KINDS.size(); k++) {
                bytes[k] = Long.parseLong(f[2 + k]);
                events[k] = Long.parseLong(f[2 + KINDS.size() + k]);
            }
            reads.add(new Read(Long.parseLong(f[1]), bytes, events));
        }
        return reads;
    }

    /** The CPU time the pages' JVM has used so far. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private void ask(String command) {
        try {
            commands.write(command);
            commands.newLine();
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the pages' JVM is gone: " + e.getMessage(), e);
        }
    }

    private void expect(String expected) {
        String l = answer();
        if (!l.equals(expected)) {
            throw new IllegalStateException("the pages' JVM answered '" + l + "', not '" + expected + "'");
        }
    }

    private String answer() {
        try {
            String l = answers.readLine();
            if (l == null) {
                throw new IllegalStateException("the pages' JVM ended (exit status " + process.waitFor() + ")");
            }
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException("the pages' JVM is gone: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the pages' JVM", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            commands.close();
        } catch (IOException e) {
            // the process is gone already
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The pages' JVM: {@code PageWatchers BASE TOKEN}, commands on stdin. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PageWatchers http://127.0.0.1:PORT TOKEN");
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI events = URI.create(args[0] + "/api/events");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<Page> open = new ArrayList<>();
        for (String c = in.readLine(); c != null; c = in.readLine()) {
            try {
                if (c.startsWith("open ")) {
                    int n = Integer.parseInt(c.substring(5).trim());
                    for (int i = 0; i < n; i++) {
                        open.add(Page.open(http, events, args[1]));
                    }
                    for (Page p : open) {
                        p.awaitFirst();
                    }
                    open.forEach(Page::mark);
                    System.out.println("open");
                } else if (c.equals("close")) {
                    List<String> lines = new ArrayList<>();
                    for (Page p : open) {
                        lines.add(p.stop());
                    }
                    open.clear();
                    lines.forEach(System.out::println);
                    System.out.println("closed");
                } else {
                    System.out.println("failed: no command '" + c + "' (open N, close)");
                }
            } catch (IOException | RuntimeException | InterruptedException e) {
                System.out.println("failed: " + e);
            }
            System.out.flush();
        }
        for (Page p : open) {
            p.stop();
        }
    }

    /** One page's stream and the thread reading it. */
    private static final class Page {
        private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[][] NAMED = KINDS.stream().map(k -> ("event: " + k).getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        private final InputStream body;
        private final Thread reader;
        private final AtomicLongArray bytes = new AtomicLongArray(KINDS.size());
        private final AtomicLongArray events = new AtomicLongArray(KINDS.size());
        private final CountDownLatch first = new CountDownLatch(1);
        private long[] marked;
        private long markedNanos;

        private Page(InputStream body) {
            this.body = body;
            this.reader = new Thread(this::read, "page-" + System.identityHashCode(this));
            reader.setDaemon(true);
            reader.start();
        }

        static Page open(HttpClient http, URI events, String token) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(events).header("Cookie", "doitlive-token-" + events.getPort() + "=" + token)
                    .header("Accept", "text/event-stream").build();
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                String why;
                try (InputStream b = r.body()) {
                    why = new String(b.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
                throw new IOException(events + ": " + r.statusCode() + " " + why);
            }
            return new Page(r.body());
        }

        /**
         * Counts each line's bytes (its newline included) to the kind of the event it belongs to, named by the event's
         * first line ({@code event: frame}); lines of no event ({@code : keepalive}, {@code retry:}) are the rest. No
         * allocation per line: the reader is not to make garbage for its own JVM to collect.
         */
        private void read() {
            byte[] buf = new byte[16384];
            byte[] head = new byte[16];
            int headLength = 0;
            long lineLength = 0;
            int kind = -1;
            try {
                for (int n = body.read(buf); n != -1; n = body.read(buf)) {
                    for (int i = 0; i < n; i++) {
                        byte b = buf[i];
                        if (b != '\n') {
                            if (headLength < head.length) {
                                head[headLength++] = b;
                            }
                            lineLength++;
                            continue;
                        }
                        if (kind < 0) {
                            kind = kind(head, headLength);
                            if (startsWith(head, headLength, EVENT)) {
                                events.incrementAndGet(kind);
                                first.countDown();
                            }
                        }
                        bytes.addAndGet(kind, lineLength + 1);
                        if (lineLength == 0) {
                            kind = -1; // the blank line ends the event
                        }
                        lineLength = 0;
                        headLength = 0;
                    }
                }
            } catch (IOException e) {
                // closed by stop(), or the runtime went away: the counts so far stand
            }
        }

        /** The kind an event's first line names ({@code event: NAME}), the rest for any other line. */
        private static int kind(byte[] head, int length) {
            for (int k = 0; k < OTHER; k++) {
                if (length == NAMED[k].length && startsWith(head, length, NAMED[k])) {
                    return k;
                }
            }
            return OTHER;
        }

        private static boolean startsWith(byte[] head, int length, byte[] prefix) {
            if (length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (head[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        void awaitFirst() throws InterruptedException {
            if (!first.await(Harness.WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("no event within " + Harness.WAIT.toSeconds() + " s on a page's stream");
            }
        }

        /** From now on is what {@link #stop} reports: the stream's start (the backlog of lines, the first state) is not. */
        void mark() {
            markedNanos = System.nanoTime();
            marked = counts();
        }

        /** Closes the stream; returns {@code page NANOS BYTES... EVENTS...} since {@link #mark}. */
        String stop() throws IOException, InterruptedException {
            long nanos = System.nanoTime() - markedNanos;
            long[] now = counts();
            body.close();
            reader.join(TimeUnit.SECONDS.toMillis(5));
            StringBuilder line = new StringBuilder("page ").append(nanos);
            for (int i = 0; i < now.length; i++) {
                line.append(' ').append(now[i] - (marked == null ? 0 : marked[i]));
            }
            return line.toString();
        }

        private long[] counts() {
            long[] c = new long[2 * KINDS.size()];
            for (int k = 0; k < KINDS.size(); k++) {
                c[k] = bytes.get(k);
                c[KINDS.size() + k] = events.get(k);
            }
            return c;
        }
    }
}
