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
 * read, deep in a swap. Each value is read once here instead: a value that is not a number, or is negative,
 * keeps the one in force before (at the start, the default) and is reported in one line.
 */
public final class CheckedConfig implements RuntimeConfig {
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
        return c;
    }

    private static <T extends Number> T value(String name, Supplier<T> read, T before, Map<String, Object> props, String where,
            List<String> problems) {
        String why;
        try {
            T v = read.get();
            if (v.longValue() >= 0) {
                return v;
            }
            why = "is negative";
        } catch (RuntimeException e) {
            why = "is not a whole number";
        }
        problems.add(where + ": " + name + " = " + props.get(name) + " " + why + "; " + name + " stays " + before);
        return before;
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
