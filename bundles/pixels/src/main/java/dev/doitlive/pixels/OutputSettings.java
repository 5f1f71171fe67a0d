package dev.doitlive.pixels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.doitlive.pixels.wire.ArtDmx;
import dev.doitlive.pixels.wire.E131;

/**
 * One output's configuration, read and checked from its factory configuration ({@code dev.doitlive.output-NAME.cfg}):
 * every value is checked before anything starts, and every bad one is named in the one line said.
 *
 * @param host      the receiver; null for sACN multicast
 * @param universe  the first universe (sACN, Art-Net): a strip of more than 170 pixels goes on in the next ones
 * @param channel   the OPC channel
 * @param first     the first pixel of the frame that this output sends
 * @param strip     whose frames it takes; null: every strip's
 * @param order     the colour order on the wire, three letters
 * @param iface     sACN multicast: the interface it goes out of, null for the system's choice
 */
record OutputSettings(Protocol protocol, String host, int port, int universe, int channel, int pixels, int first, String strip,
        String order, double brightness, double gamma, int priority, boolean multicast, String iface) {

    static final String PROTOCOL = "protocol";
    static final String HOST = "host";
    static final String PORT = "port";
    static final String UNIVERSE = "universe";
    static final String CHANNEL = "channel";
    static final String PIXELS = "pixels";
    static final String FIRST = "first";
    static final String STRIP = "strip";
    static final String ORDER = "order";
    static final String BRIGHTNESS = "brightness";
    static final String GAMMA = "gamma";
    static final String PRIORITY = "priority";
    static final String MULTICAST = "multicast";
    static final String INTERFACE = "interface";
    static final double MAX_GAMMA = 5;
    /** {@code 10.0.0.5:5568}, {@code wled.local:4048}, {@code [::1]:5568}: a port written into the host. */
    private static final Pattern HOST_WITH_PORT = Pattern
            .compile("(?:\\[([0-9a-fA-F:.]+)\\]|([^\\[\\]:\\s/]+)):(\\d{1,5})");

    static final String COMMENT = "a # starts a comment only at the start of a line";

    private static final List<String> COMMON = List.of(PROTOCOL, HOST, PORT, PIXELS, FIRST, STRIP, ORDER, BRIGHTNESS, GAMMA);
    /** The keys only some protocols take. */
    private static final Map<String, Set<Protocol>> ONLY = Map.of(
            UNIVERSE, Set.of(Protocol.SACN, Protocol.ARTNET),
            CHANNEL, Set.of(Protocol.OPC),
            PRIORITY, Set.of(Protocol.SACN),
            MULTICAST, Set.of(Protocol.SACN),
            INTERFACE, Set.of(Protocol.SACN));

    /** Reads a configuration's properties; keys with a dot (service.pid, felix.fileinstall.filename) are the framework's. */
    static OutputSettings read(Dictionary<String, ?> properties) throws BadSetting {
        return read(values(properties));
    }

    /** The settings' values as the file gives them, trimmed, without the framework's keys. */
    static Map<String, String> values(Dictionary<String, ?> properties) {
        Map<String, String> values = new TreeMap<>();
        for (String key : Collections.list(properties.keys())) {
            if (key.indexOf('.') < 0) {
                Object v = properties.get(key);
                values.put(key, v == null ? "" : v.toString().trim());
            }
        }
        return values;
    }

    /** Checks every value before anything starts: each bad one is named, in one message. */
    static OutputSettings read(Map<String, String> values) throws BadSetting {
        List<String> bad = new ArrayList<>();
        String id = values.get(PROTOCOL);
        Protocol protocol = id == null || id.isEmpty() ? null : Protocol.of(id);
        if (id == null || id.isEmpty()) {
            bad.add("protocol is missing: give protocol = sacn, artnet, opc or ddp");
        } else if (protocol == null) {
            bad.add("protocol = " + id + " is no protocol: sacn, artnet, opc or ddp");
        }
        keys(values, protocol, bad);
        String host = text(values, HOST);
        int maxPixels = protocol == null ? Protocol.MAX_PIXELS : protocol.maxPixels;
        int pixels = whole(values, PIXELS, -1, 1, maxPixels, "a number of pixels from 1 to " + maxPixels, bad);
        if (values.get(PIXELS) == null || values.get(PIXELS).isEmpty()) {
            bad.add("pixels is missing: give the strip's length, pixels = 1 to " + maxPixels);
        }
        int known = Math.max(1, pixels); // what the checks below that depend on it take while it is bad
        int port = whole(values, PORT, protocol == null ? 1 : protocol.port, 1, 65535, "a port from 1 to 65535", bad);
        int first = whole(values, FIRST, 0, 0, Integer.MAX_VALUE - known, "a pixel of the frame (0 is its first)", bad);
        String strip = text(values, STRIP);
        String order = values.getOrDefault(ORDER, "RGB").toUpperCase(Locale.ROOT);
        if (order.length() != 3 || order.chars().distinct().count() != 3 || !order.chars().allMatch(c -> "RGB".indexOf(c) >= 0)) {
            bad.add("order = " + values.get(ORDER) + " is no colour order: R, G and B once each (RGB, GRB, BGR...)");
        }
        double brightness = decimal(values, BRIGHTNESS, 1, 0, 1, "a brightness from 0 to 1", bad);
        double gamma = decimal(values, GAMMA, 1, 0.1, MAX_GAMMA, "a gamma from 0.1 to " + (int) MAX_GAMMA + " (1 is linear)", bad);
        int universe = 0;
        int channel = 0;
        int priority = 100;
        boolean multicast = false;
        String iface = null;
        int universes = E131.universes(3 * known);
        if (protocol != null) {
            switch (protocol) {
                case SACN -> {
                    universe = whole(values, UNIVERSE, E131.FIRST_UNIVERSE, E131.FIRST_UNIVERSE, E131.LAST_UNIVERSE - universes + 1,
                            "a first universe that leaves room for " + universes + " (1 to 63999)", bad);
                    priority = whole(values, PRIORITY, 100, 0, E131.MAX_PRIORITY, "a priority from 0 to 200", bad);
                    String m = values.get(MULTICAST);
                    boolean valid = m == null || m.equalsIgnoreCase("true") || m.equalsIgnoreCase("false");
                    if (!valid) {
                        bad.add("multicast = " + m + " is neither true nor false");
                    }
                    multicast = valid && m != null ? Boolean.parseBoolean(m) : host == null;
                    if (multicast && host != null) {
                        bad.add("host = " + host + " with multicast = true: give one of them (multicast goes to 239.255.hi.lo)");
                    }
                    if (!multicast && host == null) {
                        bad.add("host is missing: with multicast = false, sACN goes to the receiver's address");
                    }
                    iface = text(values, INTERFACE);
                    if (iface != null && !multicast) {
                        bad.add("interface = " + iface + " is for multicast only; unicast goes where the route to the host goes");
                    }
                }
                case ARTNET -> universe = whole(values, UNIVERSE, 1, 0, ArtDmx.LAST_UNIVERSE - universes + 1,
                        "a first universe (port-address) that leaves room for " + universes + " (0 to 32767)", bad);
                case OPC -> channel = whole(values, CHANNEL, 0, 0, 255, "an OPC channel from 0 to 255 (0: every channel)", bad);
                case DDP -> { }
            }
            if (host == null && protocol != Protocol.SACN) {
                bad.add("host is missing: give the receiver's address (host = 192.168.1.50)");
            }
        }
        if (host != null) {
            hostProblem(host).ifPresent(bad::add);
        }
        if (!bad.isEmpty()) {
            if (values.values().stream().anyMatch(v -> v.contains("#"))) {
                bad.add(COMMENT); // "pixels = 60 # the desk": the comment is in the value
            }
            throw new BadSetting(String.join("; ", bad));
        }
        return new OutputSettings(protocol, host, port, universe, channel, pixels, first, strip, order, brightness, gamma, priority,
                multicast, iface);
    }

    /** Keys that are no setting (a typo, a capital letter), and keys this protocol does not take. */
    private static void keys(Map<String, String> values, Protocol protocol, List<String> bad) {
        List<String> unknown = new ArrayList<>();
        for (String key : new TreeSet<>(values.keySet())) {
            if (!COMMON.contains(key) && !ONLY.containsKey(key)) {
                String like = Stream.concat(COMMON.stream(), ONLY.keySet().stream()).filter(key::equalsIgnoreCase)
                        .findFirst().orElse(null);
                if (like != null) {
                    bad.add(key + " is no setting of an output (did you mean " + like + "?)");
                } else {
                    unknown.add(key);
                }
            } else if (protocol != null && ONLY.containsKey(key) && !ONLY.get(key).contains(protocol)) {
                bad.add(key + " is no setting of protocol " + protocol.id());
            }
        }
        if (!unknown.isEmpty()) {
            bad.add(String.join(", ", unknown) + (unknown.size() == 1 ? " is no setting" : " are no settings") + " of an output ("
                    + String.join(", ", COMMON) + ", " + String.join(", ", new TreeSet<>(ONLY.keySet())) + ")");
        }
    }

    /** What is wrong with a host as written, if anything: a port in it goes in {@code port}, a URL is no host. */
    private static Optional<String> hostProblem(String host) {
        Matcher withPort = HOST_WITH_PORT.matcher(host);
        if (withPort.matches()) {
            String name = withPort.group(1) != null ? withPort.group(1) : withPort.group(2);
            return Optional.of("host = " + host + " has a port in it: give host = " + name + " and port = " + withPort.group(3));
        }
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            return Optional.of("host = " + host + " is no host name or address");
        }
        return Optional.empty();
    }

    private static String text(Map<String, String> values, String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    private static int whole(Map<String, String> values, String key, int absent, int min, int max, String what, List<String> bad) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        bad.add(key + " = " + v + " is not " + what);
        return absent;
    }

    private static double decimal(Map<String, String> values, String key, double absent, double min, double max, String what,
            List<String> bad) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        bad.add(key + " = " + v + " is not " + what);
        return absent;
    }

    /** How many universes it takes (sACN, Art-Net). */
    int universes() {
        return E131.universes(3 * pixels);
    }

    /** Where it sends, as live:outputs shows it: {@code 127.0.0.1:5568}, {@code 239.255.0.1:5568 (multicast)}. */
    String address() {
        if (multicast) {
            byte[] g = E131.group(universe);
            return (g[0] & 0xff) + "." + (g[1] & 0xff) + "." + (g[2] & 0xff) + "." + (g[3] & 0xff) + ":" + port + " (multicast"
                    + (universes() > 1 ? ", a group per universe" : "") + (iface == null ? "" : " on " + iface) + ")";
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** What part of the receiver it fills: universes, channel. */
    String part() {
        return switch (protocol) {
            case SACN, ARTNET -> universes() == 1 ? "universe " + universe : "universes " + universe + "-" + (universe + universes() - 1);
            case OPC -> "channel " + channel;
            case DDP -> "offset 0";
        };
    }

    /** The line said when it starts: {@code sacn to 127.0.0.1:5568, universe 1, 170 pixels}. */
    String describe() {
        StringBuilder sb = new StringBuilder(protocol.id()).append(" to ").append(address()).append(", ").append(part()).append(", ")
                .append(pixels).append(pixels == 1 ? " pixel" : " pixels");
        if (first > 0) {
            sb.append(" from pixel ").append(first);
        }
        if (strip != null) {
            sb.append(" of strip ").append(strip);
        }
        if (!order.equals("RGB")) {
            sb.append(", ").append(order);
        }
        if (brightness != 1) {
            sb.append(", brightness ").append(brightness);
        }
        if (gamma != 1) {
            sb.append(", gamma ").append(gamma);
        }
        if (protocol == Protocol.SACN && priority != 100) {
            sb.append(", priority ").append(priority);
        }
        return sb.toString();
    }
}
