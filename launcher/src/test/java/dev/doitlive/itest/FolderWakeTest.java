package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

import dev.doitlive.api.RefreshableDTO;
import test.api.Counter;

/**
 * The runtime wakes FileInstall's scan when a whole jar lands in the watched folder, and once anything else there
 * changed or went. Here FileInstall's own poll is ten minutes, so whatever FileInstall takes during a test it takes
 * because the runtime woke it: a jar new to it (which it takes only once two scans agree), a jar renamed over a known
 * one, a .cfg dropped in, a jar deleted, and a jar written in place in two halves with a pause between them, whose
 * half must wake nothing.
 */
class FolderWakeTest extends FaultTest {
    private static final long PAUSE_MS = 1000;

    @Override
    Map<String, String> properties() {
        return Map.of("doitlive.watch.scan", "600000");
    }

    @Test
    void aNewJarAndAJarRenamedOverItAreTakenWithoutFileInstallsPoll() {
        Counter c = liveCounter();
        long id = fw.bundle("t.counter").getBundleId();
        fw.drop("counter.jar", counterJar("v2", 1, "1.0.1"));
        RefreshTest.awaitDescribe(c, "v2");
        assertEquals(COUNT + 1, c.next(), "state carried");
        assertEquals(id, fw.bundle("t.counter").getBundleId(), "an update of the same bundle");
    }

    @Test
    void aCfgDroppedInAndAJarDeletedAreTakenWithoutFileInstallsPoll() throws Exception {
        liveCounter();
        fw.drop("dev.doitlive.runtime.cfg", "historyDepth = 3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stderr.await(WAIT, "dev.doitlive.runtime.cfg: historyDepth = 3 applied");
        fw.remove("counter.jar");
        Await.until(() -> fw.bundle("t.counter") == null, WAIT, "the deleted jar's bundle uninstalled");
    }

    @Test
    void aJarWrittenInTwoHalvesWithAPauseIsNeverTakenHalf() throws Exception {
        Counter c = liveCounter();
        long id = fw.bundle("t.counter").getBundleId();
        List<String> events = new CopyOnWriteArrayList<>();
        SynchronousBundleListener listener = e -> {
            if ("t.counter".equals(e.getBundle().getSymbolicName())) {
                events.add(name(e.getType()));
            }
        };
        fw.launcher().context().addBundleListener(listener);
        try {
            byte[] v2 = counterJar("v2", 1, "1.0.1");
            try (OutputStream out = Files.newOutputStream(fw.watched().resolve("counter.jar"))) {
                out.write(v2, 0, v2.length / 2);
                out.flush();
                TimeUnit.MILLISECONDS.sleep(PAUSE_MS);
                assertEquals(List.of(), events, "the half woke nothing: FileInstall neither took nor dropped the bundle");
                assertNotEquals(RefreshableDTO.Status.DETACHED, runtime.describe("counter").status, "attached");
                assertServes(c, "v1", COUNT);
                out.write(v2, v2.length / 2, v2.length - v2.length / 2);
            }
            RefreshTest.awaitDescribe(c, "v2");
            assertEquals(COUNT + 2, c.next(), "state carried");
            assertEquals(id, fw.bundle("t.counter").getBundleId(), "the whole jar updated the same bundle");
            assertFalse(events.contains("UNINSTALLED"), "never uninstalled: " + events);
        } finally {
            fw.launcher().context().removeBundleListener(listener);
        }
    }

    private static String name(int type) {
        return switch (type) {
            case BundleEvent.INSTALLED -> "INSTALLED";
            case BundleEvent.UPDATED -> "UPDATED";
            case BundleEvent.UNINSTALLED -> "UNINSTALLED";
            case BundleEvent.STOPPING -> "STOPPING";
            case BundleEvent.STOPPED -> "STOPPED";
            case BundleEvent.STARTING -> "STARTING";
            case BundleEvent.STARTED -> "STARTED";
            case BundleEvent.RESOLVED -> "RESOLVED";
            case BundleEvent.UNRESOLVED -> "UNRESOLVED";
            default -> Integer.toString(type);
        };
    }
}
