package dev.doitlive.runtime.settings;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.doitlive.runtime.refresh.Version;

/**
 * The runtime's settings with every value checked. Declarative Services converts a configuration value only
 * when it is read, so {@code historyDepth = banana} in {@code dev.doitlive.runtime.cfg} would throw at the next
 * read, deep in a swap. Each value is read once here instead: a value that is not a whole number, or is out of its
 * setting's range ({@link #RANGES}), keeps the one in force before (at the start, the default) and is reported in one
 * line, as is a key that is no setting (a typo would otherwise leave the default in force without a word).
 */
public final class CheckedConfig implements RuntimeConfig {
    /** The largest value of each setting (the smallest is 0): beyond it a value means nothing a show can use. */
    static final Map<String, Long> RANGES = Map.of(
            "historyDepth", 1000L,
            "probationCalls", 1_000_000_000L,
            "probationMillis", 86_400_000L, // a day
            "revertWaitMillis", 600_000L, // ten minutes
            "stateSaveMillis", 86_400_000L, // a day
            "stateMaxBytes", 1L << 30); // 1 GiB
    /** Keys the framework, Declarative Services and FileInstall put in every configuration: no settings of ours. */
    private static final List<String> NOT_OURS = List.of("service.", "component.", "felix.", "osgi.", "objectClass");

    private final int historyDepth;
    private final int probationCalls;
    private final long probationMillis;
    private final long revertWaitMillis;
    private final long stateSaveMillis;
    private final long stateMaxBytes;

    private CheckedConfig(int historyDepth, int probationCalls, long probationMillis, long revertWaitMillis, long stateSaveMillis,
            long stateMaxBytes) {
        this.historyDepth = historyDepth;
        this.probationCalls = probationCalls;
        this.probationMillis = probationMillis;
        this.revertWaitMillis = revertWaitMillis;
        this.stateSaveMillis = stateSaveMillis;
        this.stateMaxBytes = stateMaxBytes;
    }

    /** The defaults {@link RuntimeConfig} declares. */
    public static CheckedConfig defaults() {
        return new CheckedConfig(defaultOf("historyDepth"), defaultOf("probationCalls"), defaultOf("probationMillis"),
                defaultOf("revertWaitMillis"), defaultOf("stateSaveMillis"), defaultOf("stateMaxBytes"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T defaultOf(String setting) {
        try {
            return (T) RuntimeConfig.class.getMethod(setting).getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks {@code read} against the settings in force before.
     *
     * @param props    the configuration's properties, for the raw values and the file they came from
     * @param problems receives one line per refused value
     */
    public static CheckedConfig check(RuntimeConfig read, Map<String, Object> props, RuntimeConfig before, List<String> problems) {
        Object file = props.get("felix.fileinstall.filename");
        String where = file == null ? "configuration dev.doitlive.runtime" : Version.fileOf(file.toString());
        List<String> bad = new ArrayList<>();
        CheckedConfig c = new CheckedConfig(
                value("historyDepth", read::historyDepth, before.historyDepth(), props, where, bad),
                value("probationCalls", read::probationCalls, before.probationCalls(), props, where, bad),
                value("probationMillis", read::probationMillis, before.probationMillis(), props, where, bad),
                value("revertWaitMillis", read::revertWaitMillis, before.revertWaitMillis(), props, where, bad),
                value("stateSaveMillis", read::stateSaveMillis, before.stateSaveMillis(), props, where, bad),
                value("stateMaxBytes", read::stateMaxBytes, before.stateMaxBytes(), props, where, bad));
        problems.addAll(bad);
        for (String key : new java.util.TreeSet<>(props.keySet())) {
            if (!RANGES.containsKey(key) && NOT_OURS.stream().noneMatch(key::startsWith)) {
                String like = resembling(key);
                problems.add(where + ": " + key + " is no setting; it is ignored" + (like != null ? " (did you mean " + like + "?)"
                        : " (the settings: " + String.join(", ", new java.util.TreeSet<>(RANGES.keySet())) + ")"));
            }
        }
        return c;
    }

    /** The setting {@code key} is a slip of, if any: the same but for case, or at most two letters off. */
    private static String resembling(String key) {
        String best = null;
        int bestDistance = 3;
        for (String setting : new java.util.TreeSet<>(RANGES.keySet())) {
            int d = setting.equalsIgnoreCase(key) ? 0 : distance(setting.toLowerCase(java.util.Locale.ROOT), key.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = setting;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance: letters added, dropped or changed. */
    private static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int up = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = up;
            }
        }
        return row[b.length()];
    }

    private static <T extends Number> T value(String name, Supplier<T> read, T before, Map<String, Object> props, String where,
            List<String> problems) {
        long max = RANGES.get(name);
        String why = "is out of range: give 0 to " + max;
        Object raw = props.get(name);
        java.math.BigInteger whole = whole(raw);
        if (raw != null && whole == null) {
            why = "is not a whole number";
        } else if (whole == null || (whole.signum() >= 0 && whole.compareTo(java.math.BigInteger.valueOf(max)) <= 0)) {
            try {
                return read.get(); // absent: the default
            } catch (RuntimeException e) {
                why = "is not a whole number";
            }
        }
        problems.add(where + ": " + name + " = " + raw + " " + why + "; " + name + " stays " + before);
        return before;
    }

    /** The value as a whole number of any size, null when it is none (or absent). */
    private static java.math.BigInteger whole(Object raw) {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return java.math.BigInteger.valueOf(((Number) raw).longValue());
        }
        if (raw == null || raw instanceof Number) {
            return null; // a Double from a typed configuration is no whole number either
        }
        try {
            return new java.math.BigInteger(raw.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int historyDepth() {
        return historyDepth;
    }

    @Override
    public int probationCalls() {
        return probationCalls;
    }

    @Override
    public long probationMillis() {
        return probationMillis;
    }

    @Override
    public long revertWaitMillis() {
        return revertWaitMillis;
    }

    @Override
    public long stateSaveMillis() {
        return stateSaveMillis;
    }

    @Override
    public long stateMaxBytes() {
        return stateMaxBytes;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return RuntimeConfig.class;
    }
}
