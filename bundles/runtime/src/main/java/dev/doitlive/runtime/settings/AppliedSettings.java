package dev.doitlive.runtime.settings;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.doitlive.runtime.refresh.Version;

/**
 * The one line that confirms a change of the runtime's settings ({@code dev.doitlive.runtime.cfg}): the file and
 * each setting whose value in force changed, {@code dev.doitlive.runtime.cfg: historyDepth = 2 applied}. Values
 * refused by {@link CheckedConfig} keep the one in force and are said there instead; a file read again without a
 * change of value says nothing.
 */
public final class AppliedSettings {
    private AppliedSettings() {
    }

    /** The line, or null when no value in force changed. */
    public static String line(Map<String, Object> props, RuntimeConfig before, RuntimeConfig now) {
        List<String> changed = new ArrayList<>();
        Method[] settings = RuntimeConfig.class.getDeclaredMethods();
        Arrays.sort(settings, Comparator.comparing(Method::getName));
        for (Method m : settings) {
            Object was = value(m, before);
            Object is = value(m, now);
            if (!Objects.equals(was, is)) {
                changed.add(m.getName() + " = " + is);
            }
        }
        if (changed.isEmpty()) {
            return null;
        }
        Object file = props.get("felix.fileinstall.filename");
        String where = file == null ? "configuration dev.doitlive.runtime" : Version.fileOf(file.toString());
        return where + ": " + String.join(", ", changed) + " applied";
    }

    private static Object value(Method setting, RuntimeConfig config) {
        try {
            return setting.invoke(config);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("setting " + setting.getName() + " cannot be read", e);
        }
    }
}
