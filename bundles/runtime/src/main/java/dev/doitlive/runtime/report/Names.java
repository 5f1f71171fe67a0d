package dev.doitlive.runtime.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names in a line for the user, kept readable: a refreshable with twenty lambda fields gets {@code op, onTick, onBeat
 * and 17 more}, not a line that wraps three times.
 */
public final class Names {
    /** Named before "and N more"; a list one longer is named whole, since "and 1 more" is no shorter. */
    static final int SHOWN = 3;

    private Names() {
    }

    /** {@code a}, {@code a, b}, ..., {@code a, b, c and 5 more}, in the order given. */
    public static String few(Collection<String> names) {
        List<String> all = new ArrayList<>(names);
        if (all.size() <= SHOWN + 1) {
            return String.join(", ", all);
        }
        return String.join(", ", all.subList(0, SHOWN)) + " and " + (all.size() - SHOWN) + " more";
    }

    /**
     * Names with the reason each has, those of one reason together: {@code onTick, onBeat (holds a lambda ..., which is
     * not data), lock (holds a ReentrantLock, ...)}, each group's names cut as {@link #few} does.
     */
    public static List<String> byReason(Map<String, String> whyByName) {
        Map<String, List<String>> byWhy = new LinkedHashMap<>();
        whyByName.forEach((name, why) -> byWhy.computeIfAbsent(why, w -> new ArrayList<>()).add(name));
        List<String> out = new ArrayList<>();
        byWhy.forEach((why, names) -> out.add(few(names) + " (" + why + ")"));
        return out;
    }
}
