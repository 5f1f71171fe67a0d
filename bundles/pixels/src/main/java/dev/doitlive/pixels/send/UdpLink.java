package dev.doitlive.pixels.send;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * UDP datagrams (sACN, Art-Net, DDP) from a non-blocking channel: a full socket buffer drops the frame instead of
 * waiting. A unicast link connects its channel, so that the ICMP errors of a host or port that does not answer come
 * back as failed sends ({@code PortUnreachableException}); a multicast link sends each universe to its own group
 * (sACN's 239.255.hi.lo), out of the interface given, one hop (TTL 1) as E1.31 recommends for a lighting network.
 */
public final class UdpLink implements Link {
    private final String host;
    private final int port;
    private final byte[][] groups;
    private final String iface;
    private volatile DatagramChannel channel;
    private InetSocketAddress[] targets;

    private UdpLink(String host, int port, byte[][] groups, String iface) {
        this.host = host;
        this.port = port;
        this.groups = groups;
        this.iface = iface;
    }

    public static UdpLink unicast(String host, int port) {
        return new UdpLink(host, port, null, null);
    }

    /** @param iface an interface's name or one of its addresses; null: the system's choice (the default route's) */
    public static UdpLink multicast(byte[][] groups, int port, String iface) {
        return new UdpLink(null, port, groups, iface);
    }

    @Override
    public void open() throws IOException {
        DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            c.configureBlocking(false);
            if (groups == null) {
                c.connect(new InetSocketAddress(InetAddress.getByName(host), port));
                targets = null;
            } else {
                if (iface != null) {
                    c.setOption(StandardSocketOptions.IP_MULTICAST_IF, networkInterface(iface));
                }
                c.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
                c.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true); // a receiver on this machine hears it too
                targets = new InetSocketAddress[groups.length];
                for (int i = 0; i < groups.length; i++) {
                    targets[i] = new InetSocketAddress(InetAddress.getByAddress(groups[i]), port);
                }
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        channel = c;
    }

    private static NetworkInterface networkInterface(String name) throws IOException {
        NetworkInterface n;
        try {
            n = NetworkInterface.getByName(name);
            if (n == null) {
                n = NetworkInterface.getByInetAddress(InetAddress.getByName(name));
            }
        } catch (SocketException e) {
            n = null;
        }
        if (n == null) {
            throw new SocketException("no network interface " + name);
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        DatagramChannel c = channel;
        return c != null && c.isOpen();
    }

    @Override
    public boolean send(int i, ByteBuffer packet) throws IOException {
        DatagramChannel c = channel;
        if (c == null) {
            throw new IOException("not open");
        }
        return (targets == null ? c.write(packet) : c.send(packet, targets[i])) > 0;
    }

    @Override
    public boolean closesOnFailure() {
        return false;
    }

    @Override
    public void close() {
        DatagramChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing: nothing more to say
            }
        }
    }
}
