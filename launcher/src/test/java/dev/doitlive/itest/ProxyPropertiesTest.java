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
    /** A counter that is also a Runnable (run() counts), provided as {@code service}. */
    private static Map<String, String> both(String service, String describe) {
        return Sources.of("t.counter.CounterImpl", """
                package t.counter;
                import org.osgi.service.component.annotations.*;
                import dev.doitlive.api.*;
                import test.api.Counter;
                @Component(service = %s.class)
                @Refreshable(name = "counter")
                public class CounterImpl implements Counter, Runnable {
                    long count;
                    public long next() { return ++count; }
                    public long get() { return count; }
                    public String describe() { return "%s"; }
                    public void run() { count += 10; }
                }
                """.formatted(service, describe));
    }

    @Test
    void aNewVersionProvidingAnotherInterfaceItAlreadyImplementedIsServedAsThatOne() {
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.0", both("Counter", "v1")));
        Counter c = fw.awaitService(Counter.class, "(doitlive.name=counter)", WAIT);
        c.next();
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.1", both("Runnable", "v2")));
        Runnable r = fw.awaitService(Runnable.class, "(doitlive.name=counter)", WAIT);
        stderr.await(WAIT, "counter: its service is now java.lang.Runnable (was test.api.Counter); a new proxy serves them");
        Await.until(() -> fw.context().getServiceReference(Counter.class) == null, WAIT, "no Counter service any more");
        r.run();
        fw.drop("counter.jar", TestBundles.bundle("t.counter", "1.0.2", both("Counter", "v3")));
        Await.until(() -> fw.context().getServiceReference(Runnable.class) == null
                || fw.context().getServiceReference(Counter.class) != null, WAIT, "Counter again");
        Counter again = fw.awaitService(Counter.class, "(doitlive.name=counter)", WAIT);
        Await.until(() -> "v3".equals(again.describe()), WAIT, "v3 serving");
        assertEquals(11, again.get(), "the state carried through both: counted by v1, then by v2's run()");
    }
}
