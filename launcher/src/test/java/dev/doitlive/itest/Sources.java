package dev.doitlive.itest;

import java.util.LinkedHashMap;
import java.util.Map;

/** Source texts of the refreshable bundles the integration tests build with {@link TestBundles}. */
final class Sources {
    private Sources() {
    }

    /** A bundle's sources: class name, source, class name, source... */
    static Map<String, String> of(String... nameAndSource) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndSource.length; i += 2) {
            m.put(nameAndSource[i], nameAndSource[i + 1]);
        }
        return m;
    }

    /**
     * A refreshable {@code test.api.Counter} named "counter".
     *
     * @param refreshable the {@code @Refreshable} attributes besides the name, e.g. {@code autoNone = true}
     * @param describe    what {@code describe()} returns: the version's label
     * @param members     fields and methods; must define {@code next()} and {@code get()}
     */
    static Map<String, String> counter(String refreshable, String describe, String members) {
        return of("t.counter.CounterImpl", """
                package t.counter;

                import java.util.*;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;

                @Component(service = Counter.class)
                @Refreshable(name = "counter"%s)
                public class CounterImpl implements Counter, RefreshHooks {
                    %s
                    public String describe() { return "%s"; }
                }
                """.formatted(refreshable.isEmpty() ? "" : ", " + refreshable, members, describe));
    }

    /** The plain counter: {@code long count}, {@code next()} adds {@code step}. */
    static Map<String, String> plainCounter(String describe, long step) {
        return counter("", describe, """
                long count;
                public synchronized long next() { count += %d; return count; }
                public synchronized long get() { return count; }
                """.formatted(step));
    }

    /** next() and get() of a counter with a {@code long count}, synchronized. */
    static final String COUNTING = """
            public synchronized long next() { return ++count; }
            public synchronized long get() { return count; }
            """;

    /**
     * A refreshable {@code test.api.Counter} named "counter" whose {@code describe()} is the Bundle-Version of the
     * instance's own bundle revision (a transient field, never carried): one compiled jar serves as many versions as
     * {@link Jars#withVersion} makes of it.
     *
     * @param members next() and get(), e.g. {@link #COUNTING}; a field {@code long count} is declared
     */
    static Map<String, String> versionedCounter(String members) {
        return of("t.counter.CounterImpl", """
                package t.counter;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;
                @Component(service = Counter.class)
                @Refreshable(name = "counter")
                public class CounterImpl implements Counter, RefreshHooks {
                    private final transient String label =
                            org.osgi.framework.FrameworkUtil.getBundle(CounterImpl.class).getVersion().toString();
                    long count;
                    public String describe() { return label; }
                    %s
                }
                """.formatted(members));
    }
}
