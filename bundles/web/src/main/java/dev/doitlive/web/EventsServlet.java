package dev.doitlive.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/events}: the page's live view, as Server-Sent Events on one response that stays open. Events:
 * {@code state} (the {@link Snapshot}, when it changed, at most ten times a second), {@code history} (the histories,
 * when they changed), {@code line} (each event line),
 * {@code frame} (a strip's newest frame, base64 RGB, at most {@value #FRAMES_PER_SECOND} a second). Each page is
 * served by its own thread at its own pace: a slow page only slows itself, never the show.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/events",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=" + StageContext.SELECT})
public class EventsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final int FRAMES_PER_SECOND = 60;
    /** Lines a new page gets from before it opened. */
    static final int BACKLOG = 50;
    private static final long PACE_NANOS = 1_000_000_000L / FRAMES_PER_SECOND;
    private static final long STATE_NANOS = Snapshot.FRESH_MILLIS * 1_000_000L;
    /** Something is written at least this often, so that a page gone away is noticed (the write fails). */
    private static final long KEEPALIVE_NANOS = 2_000_000_000L;

    @Reference
    private transient Feed feed;
    @Reference
    private transient Snapshot snapshot;

    private transient volatile boolean closed;

    @Deactivate
    void deactivate() {
        closed = true; // every stream ends at its next turn
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        feed.watch();
        try {
            out.print("retry: 1000\n\n");
            stream(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            feed.unwatch();
        }
    }

    private void stream(PrintWriter out) throws InterruptedException {
        long lastLine = Math.max(0, newestLine() - BACKLOG);
        String lastState = null;
        String lastHistories = null;
        long nextState = 0;
        long turn = System.nanoTime();
        long lastWrite = System.nanoTime();
        Map<String, Long> sentFrames = new HashMap<>();
        while (!closed) {
            long now = System.nanoTime();
            boolean wrote = false;
            if (now - nextState >= 0) {
                String state = snapshot.json();
                String histories = snapshot.histories();
                if (!histories.equals(lastHistories)) {
                    send(out, "history", histories);
                    lastHistories = histories;
                    wrote = true;
                }
                if (!state.equals(lastState)) {
                    send(out, "state", state);
                    lastState = state;
                    wrote = true;
                }
                nextState = now + STATE_NANOS;
            }
            for (Feed.Line l : feed.linesAfter(lastLine)) {
                send(out, "line", new Json().begin().put("seq", l.seq()).put("time", l.time()).put("text", l.text()).end().toString());
                lastLine = l.seq();
                wrote = true;
            }
            for (Feed.Frame f : feed.frames()) {
                Long sent = sentFrames.get(f.strip);
                if (sent == null || sent < f.seq) {
                    send(out, "frame", f.data());
                    sentFrames.put(f.strip, f.seq);
                    wrote = true;
                }
            }
            if (!wrote && now - lastWrite > KEEPALIVE_NANOS) {
                out.print(": keepalive\n\n");
                wrote = true;
            }
            if (wrote) {
                out.flush();
                if (out.checkError()) {
                    return; // the page is gone
                }
                lastWrite = now;
            }
            // At a fixed rate, not a pause after each turn: a page keeps up with a 60 Hz show.
            turn += PACE_NANOS;
            long wait = turn - System.nanoTime();
            if (wait < -PACE_NANOS) {
                turn = System.nanoTime(); // fell behind (a slow page): start the beat again rather than rush
            } else if (wait > 0) {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            }
        }
    }

    private long newestLine() {
        var all = feed.linesAfter(0);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
    }

    private static void send(PrintWriter out, String event, String data) {
        out.print("event: " + event + "\ndata: " + data + "\n\n");
    }
}
