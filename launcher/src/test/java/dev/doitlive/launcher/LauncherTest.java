package dev.doitlive.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.doitlive.itest.Await;

/** Boots the real framework with the real core bundles and the project's config/ folder. */
class LauncherTest {
    @TempDir
    Path dir;

    private Options options() {
        return new Options()
                .config(Path.of(System.getProperty("doitlive.config", "../config")))
                .storage(dir.resolve("storage"))
                .watch(dir.resolve("load"))
                // Only so that this test can read ConfigAdmin typed; ConfigAdmin then wires to these classes.
                .systemPackagesExtra("org.osgi.service.cm;version=1.6.1");
    }

    @Test
    void startsThePlatformAndOurBundlesAndWatchesTheFolder() throws Exception {
        try (Launcher launcher = Launcher.start(options())) {
            launcher.startConsole();
            BundleContext ctx = launcher.context();
            for (String bsn : new String[] {"org.apache.felix.scr", "org.apache.felix.configadmin",
                    "org.apache.felix.fileinstall", "org.apache.felix.gogo.runtime", "org.apache.felix.gogo.command",
                    "org.apache.felix.gogo.shell", "org.apache.felix.log", "dev.doitlive.api",
                    "dev.doitlive.runtime", "dev.doitlive.shell"}) {
                Bundle b = bundle(ctx, bsn);
                assertNotNull(b, bsn + " installed");
                assertEquals(Bundle.ACTIVE, b.getState(), bsn + " active");
            }
            assertNull(bundle(ctx, "org.apache.felix.gogo.jline"), "one console variant only");
            assertEquals(2, level(bundle(ctx, "dev.doitlive.runtime")));
            assertEquals(4, level(bundle(ctx, "org.apache.felix.fileinstall")), "at the level of the bundles it installs");
            assertEquals(2, level(bundle(ctx, "dev.doitlive.source")), "its installer is up before FileInstall");
            assertEquals(4, launcher.framework().adapt(FrameworkStartLevel.class).getStartLevel());
            assertTrue(Files.isDirectory(dir.resolve("load")), "watched folder created");
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("fileinstall-" + dir.resolve("load"))), "watcher running");

            ConfigurationAdmin cm = ctx.getService(ctx.getServiceReference(ConfigurationAdmin.class));
            Map<String, Object> runtime = new HashMap<>();
            Await.until(() -> {
                runtime.putAll(properties(cm, "dev.doitlive.runtime"));
                return !runtime.isEmpty();
            }, Duration.ofSeconds(5), "config/dev.doitlive.runtime.cfg in ConfigAdmin");
            assertEquals("16", String.valueOf(runtime.get("historyDepth")));
            assertEquals("50", String.valueOf(runtime.get("probationCalls")));
            assertEquals("5000", String.valueOf(runtime.get("probationMillis")));
        }
    }

    @Test
    void aRestartKeepsTheCoreBundlesSwapsTheConsoleAndUpdatesChangedOnes() throws Exception {
        long scrId;
        long shellModified;
        try (Launcher launcher = Launcher.start(options())) {
            scrId = bundle(launcher.context(), "org.apache.felix.scr").getBundleId();
            shellModified = bundle(launcher.context(), "dev.doitlive.shell").getLastModified();
        }
        // As if the shell bundle had been rebuilt: its recorded checksum no longer matches the embedded jar.
        Path index = dir.resolve("storage").resolve(CoreBundles.INDEX);
        Files.writeString(index, Files.readString(index).replaceAll("(?m)^shell=.*$", "shell=0-0"));

        try (Launcher launcher = Launcher.start(options().console(Options.Console.INTERACTIVE)
                .skip("api").systemPackagesExtra(dev.doitlive.itest.LiveFramework.API_EXPORT))) {
            BundleContext ctx = launcher.context();
            assertEquals(scrId, bundle(ctx, "org.apache.felix.scr").getBundleId(), "same storage, same bundle");
            assertNotEquals(shellModified, bundle(ctx, "dev.doitlive.shell").getLastModified(), "shell updated");
            assertNotNull(bundle(ctx, "org.apache.felix.gogo.jline"));
            assertNotNull(bundle(ctx, "org.jline"));
            assertNull(bundle(ctx, "org.apache.felix.gogo.shell"), "the other console variant is uninstalled");
            assertNull(bundle(ctx, "dev.doitlive.api"), "a skipped core bundle is uninstalled");
        }
    }

    @Test
    void aRuntimeThatNeverComesIsOneClearError() {
        // Without the api bundle (and no export in its place) the runtime cannot resolve.
        LaunchException e = assertThrows(LaunchException.class,
                () -> Launcher.start(options().skip("api").runtimeTimeout(Duration.ofMillis(300))));
        assertEquals("the runtime service dev.doitlive.api.LiveRuntime did not appear within 300 ms"
                + " (bundle dev.doitlive.runtime is INSTALLED (not resolved))", e.getMessage());
    }

    @Test
    void aMissingConfigFolderIsOneClearError() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> Launcher.start(options().config(dir.resolve("nope"))));
        assertEquals("config folder " + dir.resolve("nope") + " not found (run from the project folder or pass --config DIR)",
                e.getMessage());
    }

    @Test
    void cleanRefusesAFolderThatIsNotAStorage() throws Exception {
        Files.writeString(dir.resolve("precious.txt"), "keep me");
        LaunchException e = assertThrows(LaunchException.class,
                () -> Launcher.start(options().storage(dir).clean(true)));
        assertTrue(e.getMessage().startsWith("--clean: " + dir + " does not look like a framework storage"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("precious.txt")));
    }

    /**
     * --clean on a storage that also holds the user's own files (here the project folder, with the watched folder in
     * it) wipes the framework's cache and keeps the rest, said in one line (before: it deleted everything, the watched
     * folder and its jars too, and FileInstall then said "Root path does not exist"). Found by a README-only try-out.
     */
    @Test
    void cleanWipesOnlyTheFrameworksCacheAndTheRuntimesFiles() throws Exception {
        Path project = dir.resolve("project");
        Options o = options().storage(project).watch(project.resolve("load"));
        try (Launcher launcher = Launcher.start(o)) {
            assertNotNull(launcher.context());
        }
        Files.createDirectories(project.resolve("notes"));
        Files.writeString(project.resolve("notes/setlist.txt"), "precious");
        Files.writeString(project.resolve("load/kept.cfg"), "a = 1\n");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream realErr = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try (Launcher launcher = Launcher.start(o.copy().clean(true))) {
            assertEquals(Bundle.ACTIVE, bundle(launcher.context(), "dev.doitlive.runtime").getState());
        } finally {
            System.setErr(realErr);
        }
        assertEquals("precious", Files.readString(project.resolve("notes/setlist.txt")));
        assertTrue(Files.exists(project.resolve("load/kept.cfg")), "the watched folder and its files stay");
        assertTrue(err.toString().contains("doitlive: --clean kept 2 entries of " + project + " that the runtime did not make (load,"
                + " notes): it wipes only the framework's cache and the runtime's own files"), err.toString());
    }

    private static Bundle bundle(BundleContext ctx, String bsn) {
        for (Bundle b : ctx.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static int level(Bundle b) {
        return b.adapt(BundleStartLevel.class).getStartLevel();
    }

    private static Map<String, Object> properties(ConfigurationAdmin cm, String pid) {
        Map<String, Object> map = new HashMap<>();
        try {
            Configuration[] configs = cm.listConfigurations("(service.pid=" + pid + ")");
            if (configs != null) {
                Dictionary<String, Object> d = configs[0].getProperties();
                for (String k : java.util.Collections.list(d.keys())) {
                    map.put(k, d.get(k));
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return map;
    }
}
