package dev.doitlive.pixels.send;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.doitlive.pixels.wire.Encoder;

/**
 * An output's own thread: takes the newest frame from its {@link LatestFrame}, shapes, encodes and sends it, and waits
 * for the next. Whatever the network does happens here, never on the show's loop: a link that cannot be opened is
 * tried again after a back-off (a quarter second, doubling up to {@value #MAX_BACKOFF_MS} ms), and frames that come
 * meanwhile are dropped. With no new frame, the last one is sent again every second, so that receivers (sACN,
 * WLED) that fall back to their own effects after a silence keep showing the show.
 */
public final class Sender {
    static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MIN_BACKOFF_MS = 250;
    static final long MAX_BACKOFF_MS = 5000;

    private final String who;
    private final LatestFrame slot;
    private final Shaper shaper;
    private final Encoder encoder;
    private final Link link;
    private final Counters counters;
    private final Trouble trouble;
    private final Voice voice;
    private final Runnable turn;
    private final byte[] channels;
    private final Thread thread;
    private volatile boolean stopped;
    // The sender thread's own:
    private long retryAt = System.nanoTime();
    private long backoffMs = MIN_BACKOFF_MS;

    /**
     * @param name the output's name: its thread is {@code doitlive-output-NAME}
     * @param who  names the output and its target in lines: {@code output left (sacn to 127.0.0.1:5568)}
     * @param turn run on the sender's thread at every turn, at least once a second: the output's own checks, which
     *             must not run on the show's loop
     */
    public Sender(String name, String who, LatestFrame slot, Shaper shaper, Encoder encoder, Link link, Counters counters, Voice voice,
            Runnable turn) {
        this.who = who;
        this.slot = slot;
        this.shaper = shaper;
        this.encoder = encoder;
        this.link = link;
        this.counters = counters;
        this.voice = voice;
        this.turn = turn;
        this.trouble = new Trouble(who, voice, counters);
        this.channels = new byte[3 * slot.pixels()];
        this.thread = new Thread(this::run, "doitlive-output-" + name);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** A frame was offered: the sender takes it now. Never blocks. */
    public void wake() {
        LockSupport.unpark(thread);
    }

    /** Ends the thread: a send in progress is cut off by closing the link. Waits for it a moment. */
    public void stop() {
        stopped = true;
        link.close();
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long lastAttempt = System.nanoTime();
        boolean shaped = false;
        while (!stopped) {
            try {
                turn.run();
                int[] pixels = slot.take();
                long now = System.nanoTime();
                if (pixels != null) {
                    shaper.shape(pixels, slot.pixels(), channels);
                    shaped = true;
                } else if (!shaped || now - lastAttempt < KEEPALIVE_NANOS) {
                    LockSupport.parkNanos(this, shaped ? lastAttempt + KEEPALIVE_NANOS - now : KEEPALIVE_NANOS);
                    continue;
                }
                lastAttempt = now;
                if (!link.isOpen()) {
                    if (now - retryAt < 0) {
                        counters.dropped();
                        continue;
                    }
                    try {
                        link.open();
                        backoffMs = MIN_BACKOFF_MS;
                        if (stopped) {
                            break; // stopped while opening (a slow name look-up): not one frame to the old target
                        }
                    } catch (IOException | RuntimeException e) {
                        if (stopped) {
                            break;
                        }
                        counters.dropped();
                        trouble.failed(cause(e), now);
                        backOff(now);
                        continue;
                    }
                }
                send(now);
            } catch (RuntimeException | Error e) {
                // Never a dead thread: a bug of ours is said once (as trouble) and the next frame is tried.
                if (stopped) {
                    break;
                }
                trouble.failed("internal error " + e, System.nanoTime());
                LockSupport.parkNanos(this, KEEPALIVE_NANOS);
            }
        }
        link.close();
    }

    private void send(long now) {
        int n = encoder.encode(channels, channels.length);
        try {
            for (int i = 0; i < n; i++) {
                if (!link.send(i, encoder.packet(i))) {
                    counters.dropped();
                    trouble.failed("the socket's send buffer is full", now);
                    return;
                }
            }
            counters.sent(now);
            trouble.succeeded(now);
        } catch (IOException | RuntimeException e) {
            if (stopped) {
                return;
            }
            counters.dropped();
            trouble.failed(cause(e), now);
            if (link.closesOnFailure()) {
                link.close();
                backOff(now);
            }
        }
    }

    private void backOff(long now) {
        retryAt = now + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        backoffMs = Math.min(MAX_BACKOFF_MS, 2 * backoffMs);
    }

    /** The cause in words a user reads, without a class name where the kind says it. */
    static String cause(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof UnknownHostException) {
            // "wled.local: Name or service not known" from the resolver, "wled.local" alone from the JDK's cache of
            // failed look-ups: the same trouble, so the same words (two lines otherwise, and again every 10 s)
            int colon = m.indexOf(": ");
            return "unknown host " + (colon > 0 ? m.substring(0, colon) : m);
        }
        if (e instanceof PortUnreachableException) {
            return "nothing listens there (ICMP port unreachable)";
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return m.isEmpty() ? "cannot connect" : "cannot connect: " + m;
        }
        if (e instanceof java.nio.channels.ClosedChannelException) {
            return "the connection was closed";
        }
        return m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    public String who() {
        return who;
    }

    /** The trouble now, or null. */
    public String trouble() {
        return trouble.cause();
    }

    Voice voice() {
        return voice;
    }
}
