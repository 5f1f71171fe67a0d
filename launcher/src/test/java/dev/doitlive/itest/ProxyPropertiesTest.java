package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

import test.api.Counter;

/** The proxy's service properties follow the live version: a new version declaring others is seen by its consumers. */
class ProxyPropertiesTest extends LiveTest {
    private static Map<String, String> counter(String mood, String describe) {
        return Sources.of("t.counter.CounterImpl", """
                package t.counter;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;
                @Component(service = Counter.class, property = {"mood=%s", "tags=a", "tags=b"})
                @Refreshable(name = "counter")
                public class CounterImpl implements Counter {
                    long count;
                    public long next() { return ++count; }
                    public long get() { return count; }
                    public String describe() { return "%s"; }
                }
                """.formatted(mood, describe));
    }

    @Test
    void aNewVersionsPropertiesAreTheProxysAndTheProxyStaysTheSame() {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.0", counter("calm", "v1")));
        Counter calm = fw.awaitService(Counter.class, "(mood=calm)", WAIT);
        calm.next();
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.1", counter("wild", "v2")));
        Counter wild = fw.awaitService(Counter.class, "(mood=wild)", WAIT);
        assertSame(calm, wild, "the same proxy, with the new version's properties");
        assertEquals("v2", wild.describe());
        assertEquals(2, wild.next(), "state kept");
        ServiceReference<Counter> ref = fw.context().getServiceReference(Counter.class);
        assertArrayEquals(new String[] {"a", "b"}, (String[]) ref.getProperty("tags"));
        assertEquals(Boolean.TRUE, ref.getProperty("doitlive.proxy"));
        assertEquals("counter", ref.getProperty("doitlive.name"));
    }
}
