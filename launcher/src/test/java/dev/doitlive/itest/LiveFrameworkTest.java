package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

/** The harness itself, with a real bundle: a DS component whose implementation is a JDK class, no code needed. */
class LiveFrameworkTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void dropAwaitShellRestartAndRemove() throws Exception {
        try (LiveFramework live = LiveFramework.start(dir)) {
            live.drop("probe.jar", probeBundle("1.0.0"));
            List<?> probe = live.awaitService(List.class, "(probe=1.0.0)", TIMEOUT);
            assertTrue(probe.isEmpty());
            Bundle b = live.bundle("test.probe");
            assertEquals(4, b.adapt(BundleStartLevel.class).getStartLevel(), "user bundles start after the runtime");

            live.drop("probe.jar", probeBundle("2.0.0"));
            live.awaitService(List.class, "(probe=2.0.0)", TIMEOUT);
            assertEquals(b.getBundleId(), live.bundle("test.probe").getBundleId(), "updated in place");

            assertTrue(live.shell("lb -s").contains("test.probe"));
            assertEquals("org.apache.felix.framework", live.shell("(${.context} bundle 0) symbolicName"));
            assertEquals("unknown command 'nosuch'",
                    assertThrows(LiveFramework.CommandFailed.class, () -> live.shell("nosuch")).getMessage());

            live.restart();
            live.awaitService(List.class, "(probe=2.0.0)", TIMEOUT);
            assertEquals(b.getBundleId(), live.bundle("test.probe").getBundleId(), "back after a restart");
            assertNull(live.bundle("dev.doitlive.api"), "the api comes from the system bundle");

            live.remove("probe.jar");
            Await.until(() -> live.bundle("test.probe") == null, TIMEOUT, "probe.jar uninstalled");
        }
    }

    private static byte[] probeBundle(String version) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "test.probe");
        a.putValue("Bundle-Version", version);
        a.putValue("Service-Component", "OSGI-INF/probe.xml");
        String component = """
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="probe" immediate="true">
                  <implementation class="java.util.ArrayList"/>
                  <property name="probe" value="%s"/>
                  <service><provide interface="java.util.List"/></service>
                </scr:component>
                """.formatted(version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
            jar.putNextEntry(new JarEntry("OSGI-INF/probe.xml"));
            jar.write(component.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
