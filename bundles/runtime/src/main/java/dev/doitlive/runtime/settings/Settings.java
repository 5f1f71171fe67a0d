package dev.doitlive.runtime.settings;

import org.osgi.framework.ServiceReference;

import dev.doitlive.api.Boundary;
import dev.doitlive.api.ErrorPolicy;

/** The settings of one version of a refreshable: its {@code @Refreshable} properties over the runtime's defaults. */
public record Settings(boolean autoNone, ErrorPolicy onError, int probationCalls, long probationMillis, boolean saveState,
        Boundary at) {

    public static Settings of(ServiceReference<?> ref, RuntimeConfig defaults) {
        boolean autoNone = Boolean.parseBoolean(String.valueOf(ref.getProperty("doitlive.autoNone")));
        ErrorPolicy policy = ErrorPolicy.REVERT;
        Object p = ref.getProperty("doitlive.onError");
        if (p != null) {
            try {
                policy = ErrorPolicy.valueOf(p.toString());
            } catch (IllegalArgumentException e) {
                policy = ErrorPolicy.REVERT;
            }
        }
        int calls = number(ref.getProperty("doitlive.probationCalls"), -1).intValue();
        long millis = number(ref.getProperty("doitlive.probationMillis"), -1).longValue();
        // Saved unless the refreshable says saveState = false (absent: a bundle built before the attribute existed).
        boolean saveState = !"false".equals(String.valueOf(ref.getProperty("doitlive.saveState")));
        Boundary at = Boundary.STEP;
        Object a = ref.getProperty("doitlive.at");
        if (a != null) {
            try {
                at = Boundary.parse(a.toString());
            } catch (IllegalArgumentException e) {
                at = Boundary.STEP; // a bundle built against another api: lands at once, as before
            }
        }
        return new Settings(autoNone, policy, calls < 0 ? defaults.probationCalls() : calls,
                millis < 0 ? defaults.probationMillis() : millis, saveState, at);
    }

    private static Number number(Object o, long otherwise) {
        if (o instanceof Number n) {
            return n;
        }
        try {
            return o == null ? otherwise : Long.parseLong(o.toString());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
