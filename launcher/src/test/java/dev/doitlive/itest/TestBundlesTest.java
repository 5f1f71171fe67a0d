package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Runs first the test that times the JVM's first (cold) build. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestBundlesTest {
    static final String COUNTER_V1 = """
            package t.counter;

            import org.osgi.service.component.annotations.Component;

            import dev.doitlive.api.Default;
            import dev.doitlive.api.Refreshable;
            import test.api.Counter;

            @Component(service = Counter.class)
            @Refreshable(name = "c")
            public class CounterImpl implements Counter {
                private long count;

                @Default
                private long step = 1;

                public long next() {
                    count += step;
                    return count;
                }

                public long get() {
                    return count;
                }

                public String describe() {
                    return "v1 at " + count;
                }
            }
            """;

    @Test
    @Order(1)
    void refreshableComponent() throws IOException {
        long t0 = System.nanoTime();
        byte[] jar = TestBundles.bundle("t.counter", "1.0.0", Map.of("t.counter.CounterImpl", COUNTER_V1));
        long first = System.nanoTime() - t0;

        Entries entries = entries(jar);
        Attributes main = entries.manifest.getMainAttributes();
        assertEquals("t.counter", main.getValue("Bundle-SymbolicName"));
        assertEquals("1.0.0", main.getValue("Bundle-Version"));
        assertEquals("2", main.getValue("Bundle-ManifestVersion"));
        assertEquals("t.counter", main.getValue("Private-Package"));
        assertNull(main.getValue("Export-Package"));

        String requires = main.getValue("Require-Capability");
        assertTrue(requires.contains(
                "osgi.extender;filter:=\"(&(osgi.extender=dev.doitlive.refreshable)(version>=1.0.0)(!(version>=2.0.0)))\""),
                requires);
        assertTrue(requires.contains("(osgi.extender=osgi.component)"), requires);

        String imports = main.getValue("Import-Package");
        assertTrue(imports.contains("dev.doitlive.api;version=\"[1.2,2)\""), imports);
        // Resolves against the system bundle's export test.api;version=1.0.0.
        assertTrue(imports.contains("test.api;version=\"[1.0,2)\""), imports);

        String serviceComponent = main.getValue("Service-Component");
        assertEquals("OSGI-INF/t.counter.CounterImpl.xml", serviceComponent);
        String xml = new String(entries.get(serviceComponent), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<property name=\"doitlive.name\" type=\"String\" value=\"c\"/>"), xml);
        assertTrue(xml.contains("<provide interface=\"test.api.Counter\"/>"), xml);
        assertTrue(xml.contains("<implementation class=\"t.counter.CounterImpl\"/>"), xml);
        assertNotNull(entries.get("t/counter/CounterImpl.class"));

        // Deterministic, and fast once warm.
        long t1 = System.nanoTime();
        byte[] again = TestBundles.bundle("t.counter", "1.0.0", Map.of("t.counter.CounterImpl", COUNTER_V1));
        long second = System.nanoTime() - t1;
        assertArrayEquals(jar, again);
        long t2 = System.nanoTime();
        int n = 10;
        for (int i = 0; i < n; i++) {
            TestBundles.bundle("t.counter", "1.0." + i,
                    Map.of("t.counter.CounterImpl", COUNTER_V1.replace("v1 at", "v" + i + " at")));
        }
        long later = (System.nanoTime() - t2) / n;
        System.out.printf("TestBundles timing: first (cold) %d ms, second %d ms, later %d ms each%n",
                first / 1_000_000, second / 1_000_000, later / 1_000_000);
        System.out.println("TestBundles manifest:\n"
                + new String(entries.get("META-INF/MANIFEST.MF"), StandardCharsets.UTF_8));
        System.out.println(xml);
    }

    @Test
    void syntaxErrorNamesTheLine() {
        String broken = """
                package t.broken;

                public class Broken {
                    public int f() {
                        return 1
                    }
                }
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestBundles.bundle("t.broken", "1.0.0", Map.of("t.broken.Broken", broken)));
        assertTrue(e.getMessage().contains("t/broken/Broken.java:5: "), e.getMessage());
        assertTrue(e.getMessage().contains("';' expected"), e.getMessage());
    }

    @Test
    void twoClassesAndAnExport() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        sources.put("t.two.Names", """
                package t.two;

                final class Names {
                    static String of(Object o) {
                        return "holder:" + o.getClass().getSimpleName();
                    }
                }
                """);
        sources.put("t.two.HolderImpl", """
                package t.two;

                import org.osgi.service.component.annotations.Activate;
                import org.osgi.service.component.annotations.Component;

                import dev.doitlive.api.Refreshable;
                import test.api.Holder;

                @Component(service = Holder.class)
                @Refreshable(name = "h", autoNone = true)
                public class HolderImpl implements Holder {
                    private final Runnable r = () -> { };

                    @Activate
                    void activate() {
                        r.run();
                    }

                    public String describe() {
                        return Names.of(this);
                    }
                }
                """);
        byte[] jar = TestBundles.bundle("t.two", "2.1.0", sources,
                "Export-Package: t.two;version=2.1.0", "Bundle-Name: two classes");
        Entries entries = entries(jar);
        Attributes main = entries.manifest.getMainAttributes();
        assertEquals("2.1.0", main.getValue("Bundle-Version"));
        assertEquals("two classes", main.getValue("Bundle-Name"));
        assertTrue(main.getValue("Export-Package").startsWith("t.two;version=\"2.1.0\""),
                main.getValue("Export-Package"));
        assertNotNull(entries.get("t/two/Names.class"));
        assertNotNull(entries.get("t/two/HolderImpl.class"));
        String xml = new String(entries.get("OSGI-INF/t.two.HolderImpl.xml"), StandardCharsets.UTF_8);
        assertTrue(xml.contains("activate=\"activate\""), xml);
        assertTrue(xml.contains("<property name=\"doitlive.autoNone\" type=\"Boolean\" value=\"true\"/>"), xml);
    }

    /** The jar's entries by name, plus its manifest. */
    private static Entries entries(byte[] jar) throws IOException {
        Entries result = new Entries();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            result.manifest = in.getManifest();
            assertNotNull(result.manifest, "no manifest");
            for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                result.put(e.getName(), in.readAllBytes());
            }
        }
        java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
        result.manifest.write(m);
        result.put("META-INF/MANIFEST.MF", m.toByteArray());
        return result;
    }

    @SuppressWarnings("serial")
    private static final class Entries extends TreeMap<String, byte[]> {
        Manifest manifest;
    }
}
