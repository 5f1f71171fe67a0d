package dev.doitlive.cluster;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cluster's settings, configuration PID {@code dev.doitlive.cluster} ({@code config/dev.doitlive.cluster.cfg}).
 * Off unless {@code cluster} names the stage; on, it needs a {@code secret}. A bad value is one line naming the file
 * and the setting, and keeps these settings from being used (a stage half configured would split the show): the ones
 * in force stay, or the cluster stays off at a start. A key that is no setting is one line, and ignored.
 *
 * @param cluster        the stage's name: the runtimes with the same name and secret are one stage; null: off
 * @param node           this node's name, unique on the stage
 * @param bind           where this node listens (TCP), loopback unless configured
 * @param members        the members to find at the start (TCP and a member list), this one among them or not
 * @param multicast      discovery by multicast instead (group address and port), or null
 * @param secret         shared by every member: who lacks it is refused, and the traffic is encrypted
 * @param frameRate      frames per second of the stage's timeline: swaps land on a frame
 * @param leadMillis     the shortest time from a commit to its frame (longer when a member's delivery is slower)
 * @param prepareMillis  how long a member may take to prepare a version before the stage gives up on it
 * @param clockOffsetMillis added to this node's clock: for trying the timeline with clocks apart; 0 in a show
 */
record Settings(String cluster, String node, InetSocketAddress bind, List<InetSocketAddress> members, InetSocketAddress multicast,
        String secret, double frameRate, long leadMillis, long prepareMillis, double clockOffsetMillis) {
    static final String PID = "dev.doitlive.cluster";
    static final String FILE = PID + ".cfg";
    private static final Set<String> KEYS = Set.of("cluster", "node", "bind", "members", "discovery", "multicast", "secret",
            "frameRate", "leadMillis", "prepareMillis", "clockOffsetMillis");
    private static final List<String> NOT_OURS = List.of("service.", "component.", "felix.", "osgi.", "objectClass");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)");
    private static final Pattern WHOLE = Pattern.compile("\\d{1,9}");

    boolean on() {
        return cluster != null;
    }

    /** The shortest a frame lasts, in nanoseconds. */
    long periodNanos() {
        return Math.round(1e9 / frameRate);
    }

    /**
     * What a configuration says: the settings (null: off, or a bad value), the lines about its bad values (each keeps
     * these settings from being used), and those about keys that are no setting (ignored: they change nothing).
     */
    record Read(Settings settings, List<String> bad, List<String> ignored) {
        /** No {@code cluster} key: off, whatever else the file says. */
        boolean namesNoStage() {
            return settings == null && bad.isEmpty();
        }
    }

    static Read read(Map<String, Object> props, String hostName) {
        List<String> ignored = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(props.keySet())) {
            if (!KEYS.contains(key) && NOT_OURS.stream().noneMatch(key::startsWith)) {
                ignored.add(FILE + ": " + key + " is no setting; it is ignored (settings: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        List<String> bad = new ArrayList<>();
        Settings s = read(props, hostName, bad);
        return new Read(s, List.copyOf(bad), List.copyOf(ignored));
    }

    /**
     * Reads a configuration: the settings, or null (off) when a value is bad; {@code problems} gets one line per bad
     * value. No {@code cluster}: off, and quiet. Keys that are no setting are not looked at here ({@link #read(Map, String)}).
     */
    static Settings read(Map<String, Object> props, String hostName, List<String> problems) {
        String cluster = text(props, "cluster");
        if (cluster == null) {
            return null;
        }
        int before = problems.size();
        if (!NAME.matcher(cluster).matches()) {
            problems.add(FILE + ": cluster = " + cluster + " is no name: letters, digits, '.', '_' and '-', up to 64");
        }
        String node = text(props, "node");
        if (node == null) {
            node = hostName;
        }
        if (!NAME.matcher(node).matches()) {
            problems.add(FILE + ": node = " + node + " is no name: letters, digits, '.', '_' and '-', up to 64");
        }
        InetSocketAddress bind = address(props, "bind", "127.0.0.1:7800", problems);
        List<InetSocketAddress> members = new ArrayList<>();
        String list = text(props, "members");
        if (list != null) {
            for (String m : list.split("[,\\s]+")) {
                if (!m.isBlank()) {
                    InetSocketAddress a = parse(m.strip());
                    if (a == null) {
                        problems.add(FILE + ": members: " + m.strip() + " is not host:port");
                    } else {
                        members.add(a);
                    }
                }
            }
        }
        String discovery = text(props, "discovery");
        InetSocketAddress multicast = null;
        if (discovery != null && !discovery.equals("members")) {
            if (discovery.equals("multicast")) {
                multicast = address(props, "multicast", "228.6.7.8:45588", problems);
                if (multicast != null && !multicast.getAddress().isMulticastAddress()) {
                    problems.add(FILE + ": multicast = " + text(props, "multicast") + " is no multicast group (224.0.0.0 to 239.255.255.255)");
                }
            } else {
                problems.add(FILE + ": discovery = " + discovery + " is neither members (the member list, the default) nor multicast");
            }
        }
        if (multicast == null && members.isEmpty() && bind != null) {
            members.add(bind);
        }
        String secret = text(props, "secret");
        if (secret == null || secret.length() < 8) {
            problems.add(FILE + ": cluster = " + cluster + " needs a secret of 8 characters or more, shared by every member"
                    + " (who lacks it is refused)");
        }
        double frameRate = decimal(props, "frameRate", 60, 1, 1000, problems);
        long lead = whole(props, "leadMillis", 100, 1, 60_000, problems);
        long prepare = whole(props, "prepareMillis", 10_000, 100, 600_000, problems);
        double offset = decimal(props, "clockOffsetMillis", 0, -60_000, 60_000, problems);
        if (problems.size() > before) {
            return null;
        }
        return new Settings(cluster, node, bind, List.copyOf(members), multicast, secret, frameRate, lead, prepare, offset);
    }

    private static String text(Map<String, Object> props, String key) {
        Object v = props.get(key);
        String s = v == null ? null : v.toString().strip();
        return s == null || s.isEmpty() ? null : s;
    }

    private static InetSocketAddress address(Map<String, Object> props, String key, String fallback, List<String> problems) {
        String s = text(props, key);
        InetSocketAddress a = parse(s == null ? fallback : s);
        if (a == null) {
            problems.add(FILE + ": " + key + " = " + s + " is not host:port");
        }
        return a;
    }

    private static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || !WHOLE.matcher(hostPort.substring(colon + 1)).matches()) {
            return null;
        }
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        if (port < 1 || port > 65535) {
            return null;
        }
        InetSocketAddress a = new InetSocketAddress(hostPort.substring(0, colon), port);
        return a.isUnresolved() ? null : a;
    }

    private static double decimal(Map<String, Object> props, String key, double fallback, double min, double max, List<String> problems) {
        String s = text(props, key);
        if (s == null) {
            return fallback;
        }
        if (!DECIMAL.matcher(s).matches()) {
            problems.add(FILE + ": " + key + " = " + s + " is no number: give a number from " + fmt(min) + " to " + fmt(max));
            return fallback;
        }
        if (Double.parseDouble(s) < min || Double.parseDouble(s) > max) {
            problems.add(FILE + ": " + key + " = " + s + " is out of range: give a number from " + fmt(min) + " to " + fmt(max));
            return fallback;
        }
        return Double.parseDouble(s);
    }

    private static long whole(Map<String, Object> props, String key, long fallback, long min, long max, List<String> problems) {
        String s = text(props, key);
        if (s == null) {
            return fallback;
        }
        if (!s.matches("[+-]?\\d+")) {
            problems.add(FILE + ": " + key + " = " + s + " is no whole number: give a whole number from " + min + " to " + max);
            return fallback;
        }
        if (!WHOLE.matcher(s).matches() || Long.parseLong(s) < min || Long.parseLong(s) > max) {
            problems.add(FILE + ": " + key + " = " + s + " is out of range: give a whole number from " + min + " to " + max);
            return fallback;
        }
        return Long.parseLong(s);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
