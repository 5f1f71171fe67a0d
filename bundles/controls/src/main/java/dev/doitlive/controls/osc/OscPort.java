package dev.doitlive.controls.osc;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.doitlive.controls.Throttle;

/**
 * One bound UDP socket and the thread that reads it: each datagram is decoded and routed on that thread, in order, so
 * two moves of one fader never land swapped. Nothing a sender does gets out of it: a bad packet or message is one line
 * (at most {@code Throttle.PER_WINDOW} a second), the thread goes on.
 */
final class OscPort implements AutoCloseable {
    /** How often the thread looks up from a quiet socket: to say what the throttle held back. */
    private static final int TICK_MILLIS = 500;
    /**
     * The receive buffer asked for: a burst of several thousand small datagrams waits there while the thread reads (the
     * OS keeps some 650 bytes a datagram however small, so the default 208 KiB holds some 300, 1 MiB some 3,000). The OS
     * gives at most net.core.rmem_max (Debian's default is 208 KiB; sysctl raises it); live:osc says what it gave.
     */
    static final int RECEIVE_BUFFER = 4 << 20;

    private final DatagramSocket socket;
    private final OscRoutes routes;
    private final Throttle bad;
    /** Counted for the kit's life, not the port's: a moved port counts on. */
    private final OscCounts counts;
    private final Thread thread;
    /** The address the host named. */
    private final InetAddress asked;
    private volatile boolean closed;

    private OscPort(DatagramSocket socket, InetAddress asked, OscRoutes routes, Throttle bad, OscCounts counts) {
        this.socket = socket;
        this.asked = asked;
        this.counts = counts;
        this.routes = routes;
        this.bad = bad;
        this.thread = new Thread(this::run, "doitlive-osc-" + socket.getLocalPort());
        thread.setDaemon(true);
    }

    /**
     * Binds {@code host:port} and starts reading.
     *
     * @throws IOException with a message to say as it is: the port is in use, the host is none of this machine's
     */
    static OscPort open(String host, int port, OscRoutes routes, Throttle bad, OscCounts counts) throws IOException {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IOException("no such host '" + host + "'");
        }
        DatagramSocket s = new DatagramSocket(null);
        try {
            s.setReceiveBufferSize(RECEIVE_BUFFER); // before bind: a burst then waits in the OS instead of being dropped
            s.bind(new InetSocketAddress(address, port));
            s.setSoTimeout(TICK_MILLIS);
        } catch (BindException e) {
            s.close();
            String why = String.valueOf(e.getMessage());
            throw new IOException(why.contains("in use") ? "the port is in use (another doitlive, or another OSC program?)"
                    : why.contains("assign") ? host + " is no address of this machine" : why);
        } catch (SocketException e) {
            s.close();
            throw new IOException(String.valueOf(e.getMessage()));
        }
        OscPort p = new OscPort(s, address, routes, bad, counts);
        p.thread.start();
        return p;
    }

    /**
     * The address bound, as the host was given: Java reports a socket bound to {@code 0.0.0.0} as IPv6's any address
     * ({@code 0:0:0:0:0:0:0:0}) on a dual-stack machine, which is not what the user wrote.
     */
    /** The receive buffer the OS gave, in bytes, or -1. */
    int given() {
        try {
            return socket.getReceiveBufferSize();
        } catch (SocketException e) {
            return -1;
        }
    }

    /** live:osc's line on the OS's side: the receive buffer it gave, and what it dropped when it was full. */
    String buffer() {
        String given = given() < 0 ? "unknown" : given() / 1024 + " KiB";
        long drops = UdpDrops.of(asked, socket.getLocalPort());
        return "receive buffer " + given + " (asked " + RECEIVE_BUFFER / 1024 + " KiB, net.core.rmem_max caps it); "
                + (drops < 0 ? "the OS does not tell what a flood dropped" : "dropped by the OS when it was full: " + drops);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(asked, socket.getLocalPort());
    }

    private void run() {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            packet.setLength(buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                bad.tick();
                continue;
            } catch (IOException e) {
                if (!closed) {
                    refused(null, "the socket failed: " + e.getMessage());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // never a spin on a broken socket
                }
                continue;
            }
            try {
                packet(buffer, packet.getLength(), packet.getSocketAddress());
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                refused(packet.getSocketAddress(), "the kit failed on it: " + e);
            }
            bad.tick();
        }
    }

    private void packet(byte[] data, int length, SocketAddress from) {
        List<OscMessage> messages;
        try {
            messages = OscCodec.decode(data, length);
        } catch (OscFormatException e) {
            refused(from, "bad packet (" + length + " bytes): " + e.getMessage());
            return;
        }
        for (OscMessage m : messages) {
            message(m, from);
        }
    }

    private void message(OscMessage m, SocketAddress from) {
        OscRoutes.Done done;
        try {
            done = routes.route(m);
        } catch (IllegalArgumentException | IllegalStateException e) {
            refused(from, m + ": " + e.getMessage());
            return;
        } catch (Exception e) {
            refused(from, m + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return;
        }
        switch (done.kind()) {
            case SET -> counts.sets.incrementAndGet();
            case CALL -> counts.calls.incrementAndGet();
            case QUERY -> counts.queries.incrementAndGet();
            case BEAT -> counts.beats.incrementAndGet();
            case IGNORED -> counts.ignored.incrementAndGet();
        }
        counts.last = new OscCounts.Seen(m + " from " + sender(from), System.currentTimeMillis());
        if (done.answer() != null) {
            byte[] bytes = OscCodec.encode(done.answer());
            try {
                socket.send(new DatagramPacket(bytes, bytes.length, from));
            } catch (IOException e) {
                refused(from, "cannot answer " + m.address() + ": " + e.getMessage());
            }
        }
    }

    private void refused(SocketAddress from, String why) {
        counts.errors.incrementAndGet();
        String line = "osc: " + (from == null ? "" : "from " + sender(from) + ": ") + why;
        counts.lastBad = new OscCounts.Seen(line, System.currentTimeMillis());
        bad.say(line);
    }

    static String sender(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
