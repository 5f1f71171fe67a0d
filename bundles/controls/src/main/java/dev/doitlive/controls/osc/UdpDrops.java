package dev.doitlive.controls.osc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * How many datagrams the OS dropped for a UDP socket because its receive buffer was full: the last column of Linux's
 * {@code /proc/net/udp} and {@code /proc/net/udp6}, read only when {@code live:osc} asks (a few lines of text). A flood
 * the port cannot read fast enough loses packets there, before the kit sees them, so only the OS can count them.
 */
final class UdpDrops {
    private UdpDrops() {
    }

    /** The drops of the socket bound to {@code local:port}, or -1 where the OS does not tell (not Linux). */
    static long of(InetAddress local, int port) {
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 13 || !f[1].contains(":") || f[0].equals("sl")) {
                        continue;
                    }
                    int colon = f[1].indexOf(':');
                    if (Integer.parseInt(f[1].substring(colon + 1), 16) == port && same(address(f[1].substring(0, colon)), local)) {
                        return Long.parseLong(f[f.length - 1]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table here: try the other, then say it is not known
            }
        }
        return -1;
    }

    private static boolean same(InetAddress a, InetAddress b) {
        return a.equals(b) || a.isAnyLocalAddress() && b.isAnyLocalAddress();
    }

    /** The kernel's hex: each 32-bit word in the machine's byte order (little-endian on x86 and arm64). */
    private static InetAddress address(String hex) throws UnknownHostException {
        byte[] raw = HexFormat.of().parseHex(hex);
        for (int w = 0; w + 4 <= raw.length; w += 4) {
            byte t = raw[w];
            raw[w] = raw[w + 3];
            raw[w + 3] = t;
            t = raw[w + 1];
            raw[w + 1] = raw[w + 2];
            raw[w + 2] = t;
        }
        return InetAddress.getByAddress(raw); // an IPv4-mapped IPv6 address comes back as the IPv4 one
    }
}
