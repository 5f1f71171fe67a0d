package dev.doitlive.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.util.tracker.ServiceTracker;

import dev.doitlive.launcher.GogoSession;
import dev.doitlive.launcher.LaunchException;
import dev.doitlive.launcher.Launcher;
import dev.doitlive.launcher.Options;

/**
 * A real doitlive framework for integration tests: Felix, the platform and our bundles, FileInstall polling
 * {@code <dir>/load} every 50 ms, storage in {@code <dir>/storage}. The api bundle is not installed: the system
 * bundle exports {@code dev.doitlive.api} (and the test packages given) from the test's class path, so test
 * code can cast services to api types.
 *
 * <p>Services are looked up through a small client bundle, not the system bundle: Felix shows the system bundle
 * every service whatever the find hooks say, so it would see the raw services the runtime hides behind proxies.
 *
 * <pre>
 * &#64;TempDir Path dir;
 * try (LiveFramework live = LiveFramework.start(dir, "example.counter.api;version=1.0.0")) {
 *     live.drop("counter.jar", bytes);
 *     Counter c = live.awaitService(Counter.class, null, Duration.ofSeconds(5));
 * }
 * </pre>
 */
public final class LiveFramework implements AutoCloseable {
    /** The api package as the api bundle exports it (its version from the bundle's own manifest). */
    public static final String API_EXPORT = "dev.doitlive.api;version=" + exportedVersion(dev.doitlive.api.LiveRuntime.class)
            + ",dev.doitlive.api.pixels;version=" + exportedVersion(dev.doitlive.api.pixels.PixelOutput.class)
            + ",dev.doitlive.api.beat;version=" + exportedVersion(dev.doitlive.api.beat.BeatClock.class)
            + ",dev.doitlive.api.audio;version=" + exportedVersion(dev.doitlive.api.audio.AudioBlock.class);
    private static final String CLIENT = "doitlive:itest/client";
    private static final Duration SHELL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The version its bundle exports a class's package at, read from the manifest bnd wrote next to the class (the
     * bundle jar, or target/classes in the reactor): the tests' system bundle exports what the bundle would.
     */
    static String exportedVersion(Class<?> type) {
        try {
            Path home = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            Manifest manifest;
            if (Files.isDirectory(home)) {
                try (var in = Files.newInputStream(home.resolve("META-INF/MANIFEST.MF"))) {
                    manifest = new Manifest(in);
                }
            } else {
                try (var jar = new java.util.jar.JarFile(home.toFile())) {
                    manifest = jar.getManifest();
                }
            }
            aQute.bnd.header.Attrs attrs = new aQute.bnd.header.Parameters(
                    manifest.getMainAttributes().getValue("Export-Package")).get(type.getPackageName());
            return attrs.getVersion();
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot read the exported version of " + type.getPackageName() + ": " + e, e);
        }
    }

    /** The command threw; the message is the command's own. */
    public static final class CommandFailed extends RuntimeException {
        CommandFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Options options;
    private final Path staging;
    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();
    private Launcher launcher;
    private BundleContext client;
    private GogoSession session;
    private ByteArrayOutputStream printed;

    private LiveFramework(Options options, Path staging) {
        this.options = options;
        this.staging = staging;
    }

    /**
     * Starts a framework under {@code dir} (a fresh {@code @TempDir}).
     *
     * @param testPackages export clauses for packages test code shares with bundles, e.g.
     *                     {@code "example.counter.api;version=1.0.0"}
     */
    public static LiveFramework start(Path dir, String... testPackages) throws LaunchException {
        return start(dir, false, testPackages);
    }

    /** {@link #start}, with the web page on at a free port: {@link #webAddress()}. */
    public static LiveFramework startWithWeb(Path dir, String... testPackages) throws LaunchException {
        return start(dir, true, testPackages);
    }

    /**
     * {@link #start}, with framework properties set (or replaced) first: {@code doitlive.audio.sink = wav} turns the audio
     * engine on, which the tests keep off.
     */
    public static LiveFramework startWith(Path dir, java.util.Map<String, String> properties, String... testPackages) throws LaunchException {
        return start(dir, false, properties, testPackages);
    }

    private static LiveFramework start(Path dir, boolean web, String... testPackages) throws LaunchException {
        return start(dir, web, java.util.Map.of(), testPackages);
    }

    private static LiveFramework start(Path dir, boolean web, java.util.Map<String, String> properties, String... testPackages)
            throws LaunchException {
        Options options = new Options()
                .config(Path.of(System.getProperty("doitlive.config", "../config")))
                .storage(dir.resolve("storage"))
                .watch(dir.resolve("load"))
                .console(Options.Console.HEADLESS)
                .property("doitlive.watch.poll", "50")
                // FileInstall's own scan as it was before the folder's wakes covered every change: the fault tests
                // time stalled and half-written files against it (FolderWakeTest turns it off to test the wakes).
                .property("doitlive.watch.scan", "50")
                // The page only where a test asks for it: each would otherwise want the same fixed port.
                .property("doitlive.web", Boolean.toString(web))
                .property("doitlive.web.port", "0")
                // OSC at a free port: quiet, and never a port another test or program holds (live:osc says which).
                .property("doitlive.osc.port", "0")
                // No audio thread unless a test turns it on (startWith): there is no sound device here, and it costs a core's share.
                .property("doitlive.audio.sink", "off")
                .skip("api")
                .systemPackagesExtra(API_EXPORT)
                .systemPackagesExtra(testPackages);
        properties.forEach(options::property);
        Path staging = dir.resolve("staging");
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LiveFramework live = new LiveFramework(options, staging);
        live.boot();
        return live;
    }

    private void boot() throws LaunchException {
        launcher = Launcher.start(options);
        try {
            launcher.startConsole();
            client = startClient(launcher.context());
        } catch (LaunchException | RuntimeException e) {
            launcher.close();
            throw e;
        }
    }

    /** A bundle with no code, kept in the storage across restarts; its context sees what any consumer sees. */
    private static BundleContext startClient(BundleContext system) throws LaunchException {
        try {
            Bundle b = system.getBundle(CLIENT);
            if (b == null) {
                Manifest m = new Manifest();
                m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
                m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
                m.getMainAttributes().putValue("Bundle-SymbolicName", "dev.doitlive.itest.client");
                ByteArrayOutputStream jar = new ByteArrayOutputStream();
                new JarOutputStream(jar, m).close();
                b = system.installBundle(CLIENT, new ByteArrayInputStream(jar.toByteArray()));
                b.adapt(BundleStartLevel.class).setStartLevel(1);
            }
            b.start();
            return b.getBundleContext();
        } catch (BundleException | IOException e) {
            throw new LaunchException("the test client bundle did not start: " + e.getMessage(), e);
        }
    }

    public Path watched() {
        return launcher.watched();
    }

    /** The test client bundle's context: services as a consumer bundle sees them (proxies, not raw services). */
    public BundleContext context() {
        return client;
    }

    /** The page's address with its token, {@code http://127.0.0.1:PORT/?token=...}; null with the page off. */
    public String webAddress() {
        return launcher.webAddress();
    }

    public Launcher launcher() {
        return launcher;
    }

    /** The installed bundle with this symbolic name, or null. */
    public Bundle bundle(String symbolicName) {
        for (Bundle b : context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /**
     * Puts a jar into the watched folder in one step: written outside it, then renamed in, so FileInstall
     * never sees half a file. A replacement always gets a newer modification time, which FileInstall compares.
     */
    public void drop(String fileName, byte[] jar) {
        try {
            Path target = watched().resolve(fileName);
            Path tmp = Files.createTempFile(staging, fileName, ".part");
            Files.write(tmp, jar);
            if (Files.exists(target)) {
                FileTime before = Files.getLastModifiedTime(target);
                if (Files.getLastModifiedTime(tmp).compareTo(before) <= 0) {
                    Files.setLastModifiedTime(tmp, FileTime.fromMillis(before.toMillis() + 1000));
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces a file in the watched folder with text of the same length and the same modification time, in one
     * rename, so FileInstall's scan (length and time) never sees the change: what an editor's save looks like when
     * the clock is coarse. Written in place, a scan between the write and the reset of the time would see it.
     */
    public void replaceUnseen(String fileName, String text) {
        try {
            Path target = watched().resolve(fileName);
            FileTime time = Files.getLastModifiedTime(target);
            Path tmp = Files.createTempFile(staging, fileName, ".part");
            Files.writeString(tmp, text);
            if (Files.size(tmp) != Files.size(target)) {
                throw new IllegalArgumentException(fileName + ": the new text is not the old one's length");
            }
            Files.setLastModifiedTime(tmp, time);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts a source folder into the watched folder in one step: written outside it, then renamed in, so FileInstall
     * and the source kit's poll see all of it or none. {@code files}: paths inside the folder and their text.
     */
    public void dropFolder(String name, java.util.Map<String, String> files) {
        try {
            Path tmp = Files.createTempDirectory(staging, name);
            for (java.util.Map.Entry<String, String> f : files.entrySet()) {
                Path p = tmp.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
            }
            Files.move(tmp, watched().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a source file into the watched folder in one step, as {@link #drop} does with a jar. */
    public void save(String fileName, String text) {
        drop(fileName, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void remove(String fileName) {
        try {
            Files.delete(watched().resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for a service of {@code type} matching {@code filter} (null for any). The type's package must be
     * exported from the system bundle (see {@link #start}), otherwise the service is of another class.
     */
    public <T> T awaitService(Class<T> type, String filter, Duration timeout) {
        String f = "(objectClass=" + type.getName() + ")";
        if (filter != null && !filter.isBlank()) {
            f = "(&" + f + filter + ")";
        }
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context(), context().createFilter(f), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + f + ": " + e.getMessage(), e);
        }
        tracker.open(true); // also services of classes the system bundle cannot see, to say so below
        trackers.add(tracker); // kept open: closing it would release the service under the test's feet
        Object service;
        try {
            service = tracker.waitForService(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + f, e);
        }
        if (service == null) {
            throw new AssertionError("no service " + f + " within " + timeout.toMillis() + " ms");
        }
        if (!type.isInstance(service)) {
            throw new AssertionError("service " + f + " is of a class loaded by a bundle, not the test's "
                    + type.getName() + ": export its package from the system bundle (LiveFramework.start(dir, \""
                    + type.getPackageName() + ";version=...\"))");
        }
        return type.cast(service);
    }

    /**
     * Runs one Gogo command in a session that lives as long as the framework; returns what it printed followed by
     * its formatted value.
     *
     * @throws CommandFailed with the command's own message when it throws
     */
    public synchronized String shell(String command) {
        try {
            if (session == null) {
                printed = new ByteArrayOutputStream();
                PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
                session = GogoSession.open(launcher.context(), SHELL_TIMEOUT, new ByteArrayInputStream(new byte[0]), out, out);
            }
        } catch (LaunchException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        printed.reset();
        try {
            Object result = session.execute(command);
            String text = printed.toString(StandardCharsets.UTF_8);
            return result == null ? text : text + session.format(result);
        } catch (Exception e) {
            throw new CommandFailed(e.getMessage() != null ? e.getMessage() : e.toString(), e);
        }
    }

    /** Stops the framework and starts a new one on the same storage and watched folder. */
    public void restart() throws LaunchException {
        restart(() -> { });
    }

    /** Stops the framework, runs {@code whileStopped} (to change its storage, as a crash or a user may), starts it again. */
    public void restart(Runnable whileStopped) throws LaunchException {
        stop();
        whileStopped.run();
        boot();
    }

    /** Stops the framework and starts it again with one more framework property (a setting read at the start). */
    public void restartWith(String property, String value) throws LaunchException {
        stop();
        options.property(property, value);
        boot();
    }

    /** Stops the framework and starts it again with the configuration of another folder (a changed copy of the project's). */
    public void restartWithConfig(Path dir) throws LaunchException {
        stop();
        options.config(dir);
        boot();
    }

    /** Stops the framework and starts it again with more framework properties. */
    public void restartWith(java.util.Map<String, String> properties) throws LaunchException {
        stop();
        properties.forEach(options::property);
        boot();
    }

    private synchronized void stop() {
        trackers.forEach(ServiceTracker::close);
        trackers.clear();
        if (session != null) {
            session.close();
            session = null;
        }
        launcher.close();
    }

    @Override
    public void close() {
        stop();
    }
}
