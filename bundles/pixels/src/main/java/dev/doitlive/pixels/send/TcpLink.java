package dev.doitlive.pixels.send;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A TCP stream (Open Pixel Control). Each message goes out in one write with Nagle off, so that it leaves as one
 * segment and is not merged with the next in the receiver's read (OLA applies one message per read). Connecting and
 * writing wait at most {@value #TIMEOUT_MS} ms: a host that does not answer or a receiver that stopped reading fails
 * the send, and the sender connects again later.
 */
public final class TcpLink implements Link {
    static final long TIMEOUT_MS = 1000;

    private final String host;
    private final int port;
    private final int sendBuffer;
    private volatile SocketChannel channel;
    private volatile Selector selector;

    /** @param message the length of one message: the socket buffers two, no more */
    public TcpLink(String host, int port, int message) {
        this.host = host;
        this.port = port;
        this.sendBuffer = Math.max(8192, 2 * message);
    }

    @Override
    public void open() throws IOException {
        SocketChannel c = SocketChannel.open();
        Selector s = null;
        try {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // A small send buffer: frames a slow receiver cannot take are dropped here (the newest wins) instead of
            // queueing up seconds of show in the kernel.
            c.setOption(StandardSocketOptions.SO_SNDBUF, sendBuffer);
            s = Selector.open();
            selector = s;
            channel = c; // close() from another thread now ends the wait below (closing the selector wakes it)
            if (!c.connect(new InetSocketAddress(InetAddress.getByName(host), port))) {
                c.register(s, SelectionKey.OP_CONNECT);
                s.select(TIMEOUT_MS);
                if (!c.finishConnect()) { // a refusal throws here
                    throw new IOException("no answer within " + TIMEOUT_MS + " ms");
                }
                s.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            channel = null;
            selector = null;
            c.close();
            if (s != null) {
                s.close();
            }
            throw e;
        }
    }

    @Override
    public boolean isOpen() {
        SocketChannel c = channel;
        return c != null && c.isOpen() && c.isConnected();
    }

    @Override
    public boolean send(int i, ByteBuffer packet) throws IOException {
        SocketChannel c = channel;
        if (c == null) {
            throw new IOException("not connected");
        }
        c.write(packet);
        if (packet.hasRemaining()) {
            // The socket's buffer is full: the rest of this message must follow it (a message cut short would
            // desynchronise the stream), so wait for room, a little.
            SelectionKey key = c.keyFor(selector);
            if (key == null) {
                key = c.register(selector, SelectionKey.OP_WRITE);
            } else {
                key.interestOps(SelectionKey.OP_WRITE);
            }
            long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
            while (packet.hasRemaining()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || selector.select(left) == 0 && System.nanoTime() - deadline >= 0) {
                    throw new IOException("the receiver has not read for " + TIMEOUT_MS + " ms");
                }
                selector.selectedKeys().clear();
                c.write(packet);
            }
        }
        return true;
    }

    @Override
    public boolean closesOnFailure() {
        return true;
    }

    @Override
    public void close() {
        SocketChannel c = channel;
        channel = null;
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException e) {
            // closing: nothing more to say
        }
        Selector s = selector;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
