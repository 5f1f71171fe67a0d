package dev.doitlive.controls.osc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OSC listener's settings (PID {@code dev.doitlive.osc}, {@code config/dev.doitlive.osc.cfg}), each checked: a value
 * that is none keeps the one in force before (at the start, the default) and is said in one line, as is a key that is no
 * setting. The framework property {@value #PORT_PROPERTY}, when set, wins over the file's port: the tests set 0 (a free
 * port, never another test's), and two runtimes on one machine can keep one config folder.
 */
record OscSettings(boolean enabled, String host, int port, String file) {
    static final String PID = "dev.doitlive.osc";
    static final String PORT_PROPERTY = "doitlive.osc.port";
    static final OscSettings DEFAULTS = new OscSettings(true, "127.0.0.1", 9000, "config/" + PID + ".cfg");
    private static final Set<String> KEYS = Set.of("enabled", "host", "port");
    private static final List<String> NOT_OURS = List.of("service.", "component.", "felix.", "osgi.", "objectClass");

    /**
     * The file's settings.
     *
     * @param problems receives one line per refused value
     */
    static OscSettings check(Map<String, ?> props, OscSettings before, List<String> problems) {
        Object fileName = props.get("felix.fileinstall.filename");
        String file = fileName == null ? "configuration " + PID : dev.doitlive.controls.ConfigFiles.nameOf(fileName.toString());
        boolean enabled = before.enabled;
        Object e = props.get("enabled");
        if (e != null) {
            String t = e.toString().trim();
            if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                enabled = Boolean.parseBoolean(t);
            } else {
                problems.add("osc: " + file + ": enabled = " + e + ": give true or false; it stays " + enabled);
            }
        }
        String host = before.host;
        Object h = props.get("host");
        if (h != null) {
            if (h.toString().isBlank()) {
                problems.add("osc: " + file + ": host is empty: give an address (127.0.0.1: this machine only); it stays " + host);
            } else {
                host = h.toString().trim();
            }
        }
        int port = before.port;
        Object p = props.get("port");
        if (p != null) {
            Integer read = port(p.toString());
            if (read == null) {
                problems.add("osc: " + file + ": port = " + p + ": not a port (1 to 65535, 0 picks a free one); it stays " + port);
            } else {
                port = read;
            }
        }
        for (String key : new TreeSet<>(props.keySet())) {
            if (!KEYS.contains(key) && NOT_OURS.stream().noneMatch(key::startsWith)) {
                problems.add("osc: " + file + ": " + key + " is no setting; it is ignored (the settings: enabled, host, port)");
            }
        }
        return new OscSettings(enabled, host, port, file);
    }

    /**
     * The port to bind: the framework property {@value #PORT_PROPERTY} when set, else the file's.
     *
     * @param problems receives a line for a property that is no port (the file's port is used)
     */
    int portToBind(String portProperty, List<String> problems) {
        if (portProperty == null || portProperty.isBlank()) {
            return port;
        }
        Integer read = port(portProperty);
        if (read == null) {
            problems.add("osc: framework property " + PORT_PROPERTY + " = " + portProperty + ": not a port; the file's " + port
                    + " is used");
            return port;
        }
        return read;
    }

    private static Integer port(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            return n >= 0 && n <= 65535 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
