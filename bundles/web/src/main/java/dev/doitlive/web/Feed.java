package dev.doitlive.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.EventLines;
import dev.doitlive.api.pixels.PixelOutput;

/**
 * What the pages are sent besides the state: the runtime's event lines as they are printed, and the show's frames.
 * Both come in on the runtime's or the show's own threads and only land here; each page's stream picks them up at its
 * own pace. With no page watching, a frame costs one volatile read.
 */
@Component(service = {Feed.class, EventLines.class, PixelOutput.class})
public class Feed implements EventLines, PixelOutput {
    /** Lines kept for a page that opens (or reconnects) later. */
    static final int KEPT_LINES = 200;

    /** One frame of a strip, its pixels as R, G, B bytes; encoded for the pages once, by the first that sends it. */
    static final class Frame {
        final long seq;
        final String strip;
        final byte[] rgb;
        private volatile String data;

        Frame(long seq, String strip, byte[] rgb) {
            this.seq = seq;
            this.strip = strip;
            this.rgb = rgb;
        }

        /** The frame event's data: {@code {"strip":"show","rgb":"BASE64"}}. Two pages at once may both encode it: same text. */
        String data() {
            String d = data;
            if (d == null) {
                data = d = new Json().begin().put("strip", strip).put("rgb", java.util.Base64.getEncoder().encodeToString(rgb))
                        .end().toString();
            }
            return d;
        }
    }

    /** One event line and its place in the sequence. */
    record Line(long seq, long time, String text) {
    }

    private final AtomicInteger watchers = new AtomicInteger();
    private final AtomicLong frameSeq = new AtomicLong();
    private final Map<String, Frame> frames = new ConcurrentHashMap<>();
    private final Line[] lines = new Line[KEPT_LINES];
    private long lineSeq;

    @Override
    public void frame(String strip, int[] rgb, int length) {
        if (watchers.get() == 0 || strip == null || rgb == null) {
            return;
        }
        int n = Math.max(0, Math.min(length, rgb.length));
        byte[] b = new byte[3 * n];
        for (int i = 0, j = 0; i < n; i++, j += 3) {
            int px = rgb[i];
            b[j] = (byte) (px >> 16);
            b[j + 1] = (byte) (px >> 8);
            b[j + 2] = (byte) px;
        }
        frames.put(strip, new Frame(frameSeq.incrementAndGet(), strip, b));
    }

    @Override
    public void line(String line) {
        synchronized (lines) {
            long seq = ++lineSeq;
            lines[(int) (seq % KEPT_LINES)] = new Line(seq, System.currentTimeMillis(), line);
        }
    }

    /** A line of the page's own (what a page did): printed as the runtime's are, and sent to every page. */
    void say(String line) {
        System.err.println("doitlive: " + line);
        line(line);
    }

    /** The lines after {@code seq}, oldest first (at most the ones kept). */
    List<Line> linesAfter(long seq) {
        synchronized (lines) {
            List<Line> out = new ArrayList<>();
            for (long s = Math.max(seq + 1, lineSeq - KEPT_LINES + 1); s <= lineSeq; s++) {
                out.add(lines[(int) (s % KEPT_LINES)]);
            }
            return out;
        }
    }

    /** The newest frame of each strip. */
    Iterable<Frame> frames() {
        return frames.values();
    }

    /** A page started watching: frames are kept from now on. */
    void watch() {
        watchers.incrementAndGet();
    }

    /** A page stopped watching; with none left, the frames kept are dropped. */
    void unwatch() {
        if (watchers.decrementAndGet() == 0) {
            frames.clear();
        }
    }

    int watchers() {
        return watchers.get();
    }
}
