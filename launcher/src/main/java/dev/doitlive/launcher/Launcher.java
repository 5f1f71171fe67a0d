package dev.doitlive.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A running doitlive framework: Felix with the core bundles, started in the order the runtime needs.
 *
 * <ol>
 * <li>Felix starts at the beginning start level: the platform and our bundles.</li>
 * <li>The launcher waits for the runtime's {@value #RUNTIME_SERVICE} service, so that its service hooks are up
 * before any user bundle starts.</li>
 * <li>It raises the start level: user bundles start, and FileInstall (at their level, and the source bundle's
 * installer for {@code .java} files already there) reads config/ and starts watching the watched folder.</li>
 * <li>It waits until the watcher on the watched folder has done its first scan: the files in the folder have been
 * brought in (installed or updated, jars and built sources, refreshed and started, and their refreshables live:
 * the runtime holds a starting bundle until its arrival is done), so that a script's first command finds them.</li>
 * </ol>
 * Used by {@link Main} and by the tests.
 */
public final class Launcher implements AutoCloseable {
    /** Looked up by name: the launcher does not see bundle classes. */
    public static final String RUNTIME_SERVICE = "dev.doitlive.api.LiveRuntime";
    static final String RUNTIME_BUNDLE = "runtime";
    private static final long STOP_TIMEOUT_MS = 10_000;
    /** How long a start waits for FileInstall before asking whether it is configured to watch the folder at all. */
    private static final long WATCHER_TIMEOUT_MS = 10_000;
    /** How long a start waits for FileInstall, or a start level, on a machine too busy for the first timeout. */
    private static final long BUSY_TIMEOUT_MS = 120_000;

    private final Options options;
    private final Framework framework;
    private final Path config;
    private final Path watch;
    private final Path storage;
    private final AtomicInteger exitStatus = new AtomicInteger();
    private final StorageLock lock;
    private final WebStage web;
    private String webAddress;
    private boolean webStarted;

    private Launcher(Options options, Framework framework, Path config, Path watch, Path storage, StorageLock lock,
            WebStage web) {
        this.options = options;
        this.web = web;
        this.framework = framework;
        this.config = config;
        this.watch = watch;
        this.storage = storage;
        this.lock = lock;
    }

    /** Starts the framework and returns once the runtime is up and the watched folder is live. */
    public static Launcher start(Options options) throws LaunchException {
        Options o = options.copy();
        Path config = o.config().toAbsolutePath().normalize();
        Path watch = o.watch().toAbsolutePath().normalize();
        Path storage = o.storage().toAbsolutePath().normalize();
        StartTrace.step("launcher started");
        if (!Files.isDirectory(config)) {
            throw new LaunchException("config folder " + config + " not found (run from the project folder or pass --config DIR)");
        }
        createFolder(watch, "watched folder");
        createFolder(storage, "storage folder");
        // Before anything in the storage is read or wiped: a second runtime on it changes nothing.
        StorageLock lock = StorageLock.acquire(storage);
        try {
            if (o.clean()) {
                wipe(storage);
            }
            return start(o, config, watch, storage, lock);
        } catch (LaunchException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Launcher start(Options o, Path config, Path watch, Path storage, StorageLock lock) throws LaunchException {
        Map<String, String> props = FrameworkProperties.load(o, config, watch, storage);
        StartTrace.step("properties read");
        WebStage web = WebStage.prepare(props);
        web.skipIfOff(o);
        StartTrace.step("web prepared");
        int activeLevel = FrameworkProperties.intValue(props, FrameworkProperties.ACTIVE_LEVEL, 4);
        Map<String, Object> fwProps = new HashMap<>(props);
        // Felix takes objects in its configuration map: its logger is one.
        fwProps.put("felix.log.logger", new StderrLogger(System.err));

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Launcher.class.getClassLoader())
                .findFirst().orElseThrow(() -> new LaunchException("no OSGi framework on the class path"));
        StartTrace.step("framework found");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Framework framework = factory.newFramework((Map) fwProps);
        Launcher launcher = new Launcher(o, framework, config, watch, storage, lock, web);
        StartTrace.step("framework made");
        try {
            framework.init();
            StartTrace.bundles(framework.getBundleContext());
            StartTrace.step("framework initialised");
            launcher.installCore();
            StartTrace.step("core bundles installed");
            framework.start();
            StartTrace.step("beginning start level reached");
            launcher.awaitRuntime();
            StartTrace.step("runtime up");
            launcher.raiseStartLevel(activeLevel);
            StartTrace.step("active start level reached");
            launcher.awaitWatcher();
            StartTrace.step("watched folder live");
            launcher.awaitDevModules();
            return launcher;
        } catch (LaunchException e) {
            launcher.close();
            throw e;
        } catch (BundleException | RuntimeException e) {
            launcher.close();
            throw new LaunchException("the framework did not start: " + e.getMessage(), e);
        }
    }

    private void installCore() throws LaunchException {
        Set<String> otherConsole = new HashSet<>();
        for (Options.Console c : Options.Console.values()) {
            if (c != options.console()) {
                otherConsole.addAll(c.bundles);
            }
        }
        otherConsole.removeAll(options.console().bundles);
        List<CoreBundles.Core> wanted = CoreBundles.embedded().stream()
                .filter(c -> !options.skip().contains(c.name()) && !otherConsole.contains(c.name()))
                .toList();
        // The console's shell bundle starts last, through startConsole(), so that its prompt follows the banner.
        Set<String> manual = new HashSet<>(options.console().notAutostarted());
        if (web.on()) {
            manual.addAll(WebStage.START_ORDER); // started once the console is up: see startWebServer()
        }
        CoreBundles.sync(framework.getBundleContext(), wanted, manual, storage);
    }

    /**
     * Starts the page's bundles (Felix HTTP's Jetty, what it imports, ours) on a thread of its own once the console is
     * up: they take most of a second to resolve and start (some 400 classes), which the runtime's start, the first
     * scan of the watched folder, the console and a script's first command need not wait for, nor share the cores
     * with. Once only. {@link #webAddress()} waits for the server.
     */
    private synchronized void startWebServer() {
        if (!web.on() || webStarted) {
            return;
        }
        webStarted = true;
        Thread t = new Thread(() -> {
            for (String name : WebStage.START_ORDER) {
                Bundle b = context().getBundle(CoreBundles.LOCATION_PREFIX + name);
                try {
                    if (b != null) {
                        b.start(Bundle.START_TRANSIENT);
                    }
                } catch (BundleException | IllegalStateException e) {
                    if (framework.getState() == Bundle.ACTIVE) { // else the runtime is stopping already: nothing to say
                        System.err.println("doitlive: web: " + name + " did not start, so there is no page: " + e.getMessage());
                    }
                    return;
                }
            }
        }, "doitlive-web-start");
        t.setDaemon(true);
        t.start();
    }

    /** Waits for the runtime service, if the runtime bundle declares components (so it will register it). */
    private void awaitRuntime() throws LaunchException {
        BundleContext ctx = context();
        Bundle runtime = ctx.getBundle(CoreBundles.LOCATION_PREFIX + RUNTIME_BUNDLE);
        if (runtime == null || runtime.getHeaders().get("Service-Component") == null) {
            return;
        }
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(ctx, ctx.createFilter("(objectClass=" + RUNTIME_SERVICE + ")"), null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
        try {
            long ms = options.runtimeTimeout().toMillis();
            if (tracker.waitForService(ms) == null) {
                throw new LaunchException("the runtime service " + RUNTIME_SERVICE + " did not appear within "
                        + ms + " ms (bundle " + runtime.getSymbolicName() + " is " + state(runtime) + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while waiting for " + RUNTIME_SERVICE);
        } finally {
            tracker.close();
        }
    }

    private void raiseStartLevel(int level) throws LaunchException {
        CountDownLatch done = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(level, e -> done.countDown());
        try {
            if (!done.await(BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new LaunchException("start level " + level + " not reached within " + BUSY_TIMEOUT_MS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while raising the start level");
        }
    }

    /**
     * FileInstall says nothing when a watcher is ready. Its watcher thread, named {@code fileinstall-<dir>}, is
     * started right after the first scan (noInitialDelay), so a live thread of that name means the folder is live.
     * A configuration that does not name the folder fails after {@link #WATCHER_TIMEOUT_MS}; one that does is only
     * slow (a busy machine: seen with five runtimes starting on two cores), and is waited for, said in one line.
     */
    private void awaitWatcher() throws LaunchException {
        String name = "fileinstall-" + watch;
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(WATCHER_TIMEOUT_MS);
        boolean extended = false;
        while (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(name) && t.isAlive())) {
            if (System.nanoTime() > deadline) {
                Path cfg = config.resolve("org.apache.felix.fileinstall-load.cfg");
                if (!extended && WatchConfig.namesTheFolder(cfg)) {
                    extended = true;
                    deadline = started + TimeUnit.MILLISECONDS.toNanos(BUSY_TIMEOUT_MS);
                    System.err.println("doitlive: FileInstall is not watching " + watch + " yet after " + WATCHER_TIMEOUT_MS / 1000
                            + " s (a busy machine?): waiting for it up to " + BUSY_TIMEOUT_MS / 1000 + " s");
                    continue;
                }
                throw new LaunchException(extended
                        ? "FileInstall is not watching " + watch + " after " + BUSY_TIMEOUT_MS / 1000 + " s"
                        : "FileInstall is not watching " + watch + " after " + WATCHER_TIMEOUT_MS + " ms: does " + cfg
                                + " set felix.fileinstall.dir = ${doitlive.watch}?");
            }
            try {
                Thread.sleep(5); // polls the condition above, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while waiting for FileInstall");
            }
        }
    }

    /** The source bundle's word that every {@code --dev} module was built once (live, or its problem said). */
    static final String DEV_TRIED_FILTER = "(doitlive.source.dev=tried)";
    /** A cold start reads each module's pom with Maven's resolver (seconds) before it compiles it. */
    private static final long DEV_TIMEOUT_MS = 60_000;

    /**
     * With {@code --dev}: waits until the modules were built once, so that a script's first command finds their
     * refreshables live, as it finds the watched folder's (a module whose build takes longer is said, and not waited for).
     */
    private void awaitDevModules() throws LaunchException {
        if (options.dev().isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEV_TIMEOUT_MS);
        try {
            while (context().getServiceReferences((String) null, DEV_TRIED_FILTER) == null) {
                if (System.nanoTime() > deadline) {
                    System.err.println("doitlive: the --dev modules are not built after " + DEV_TIMEOUT_MS / 1000
                            + " s: going on without waiting for them (each says what it does in its own line)");
                    return;
                }
                Thread.sleep(5); // polls the condition above, bounded by the deadline
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while waiting for the --dev modules");
        }
    }

    /**
     * Starts the console's bundle (ours, or gogo.shell); transient, so the next run decides again. Then the page's
     * server, in the background.
     */
    public void startConsole() throws LaunchException {
        Thread thread = Thread.currentThread();
        ClassLoader tccl = thread.getContextClassLoader();
        // jline 3.22 looks its terminal providers (exec: stty) up through the context class loader, and the
        // console thread inherits ours: without jline's own loader it falls back to a dumb terminal.
        Bundle jline = context().getBundle(CoreBundles.LOCATION_PREFIX + "jline");
        BundleWiring wiring = jline != null ? jline.adapt(BundleWiring.class) : null;
        if (wiring != null) {
            thread.setContextClassLoader(wiring.getClassLoader());
        }
        if (options.console() == Options.Console.INTERACTIVE) {
            ExitCommand.register(framework, exitStatus);
        }
        try {
            for (String name : options.console().shell) {
                Bundle shell = context().getBundle(CoreBundles.LOCATION_PREFIX + name);
                try {
                    if (shell != null) {
                        shell.start(Bundle.START_TRANSIENT);
                    }
                } catch (BundleException e) {
                    throw new LaunchException(shell.getLocation() + ": the console did not start: " + e.getMessage(), e);
                }
            }
        } finally {
            thread.setContextClassLoader(tccl);
        }
        startWebServer();
    }

    public Framework framework() {
        return framework;
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    public Path config() {
        return config;
    }

    /** The watched folder, absolute. */
    public Path watched() {
        return watch;
    }

    public Path storage() {
        return storage;
    }

    /** The page's address with this start's token ({@code http://127.0.0.1:7777/?token=...}), or null with the page off. */
    public synchronized String webAddress() {
        if (webAddress == null && web.on()) {
            if (!web.addressKnownBeforeServer()) {
                startWebServer(); // port 0: only the server can say which port it took
            }
            webAddress = web.address(context());
        }
        return webAddress;
    }

    /**
     * What the banner says after "audio": what the engine plays (its service's {@code doitlive.audio.output}), waited
     * for a moment since the engine starts when ConfigAdmin hands it its configuration; or why there is no engine.
     */
    public String audioBanner() {
        Bundle audio = context().getBundle(CoreBundles.LOCATION_PREFIX + "audio");
        if (audio == null || audio.getState() != Bundle.ACTIVE) {
            return "off (its bundle is not running)";
        }
        if (!Files.exists(config.resolve("dev.doitlive.audio.cfg")) && !Files.exists(watch.resolve("dev.doitlive.audio.cfg"))) {
            return "off (no " + config.resolve("dev.doitlive.audio.cfg") + ")";
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        do {
            try {
                ServiceReference<?>[] refs = context().getServiceReferences((String) null, "(doitlive.audio.output=*)");
                if (refs != null) {
                    return String.valueOf(refs[0].getProperty("doitlive.audio.output"));
                }
                Thread.sleep(10); // polls the condition above, bounded by the deadline
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        return "not started yet (live:audio says what plays)";
    }

    /** What the banner says after "web": the address, or why there is no page. */
    public String webBanner() {
        return web.banner(webAddress());
    }

    /**
     * Blocks until the framework stops (the shell's {@code exit} or Ctrl-D, or {@link #close()} from elsewhere).
     *
     * @return the status given to {@code exit N}, else 0
     */
    public int awaitStop() throws InterruptedException {
        framework.waitForStop(0);
        return exitStatus.get();
    }

    /** Stops the framework and waits for it, then lets go of the storage (it stays). */
    @Override
    public void close() {
        try {
            stopFramework();
        } finally {
            lock.close();
        }
    }

    private void stopFramework() {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
                framework.stop();
            }
            FrameworkEvent e = framework.waitForStop(STOP_TIMEOUT_MS);
            if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println("doitlive: the framework did not stop within " + STOP_TIMEOUT_MS + " ms");
            }
        } catch (BundleException e) {
            System.err.println("doitlive: stopping the framework: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.INSTALLED -> "INSTALLED (not resolved)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }

    private static void createFolder(Path dir, String what) throws LaunchException {
        try {
            FolderSafety.create(dir);
        } catch (IOException e) {
            throw new LaunchException(what + " " + dir + ": cannot create: " + e);
        }
    }

    /**
     * --clean: empties the storage, which this launcher holds the lock of (the lock file stays). Only a folder that
     * is empty or holds a Felix storage, never some other folder given by mistake.
     */
    private static void wipe(Path storage) throws LaunchException {
        Path lockFile = storage.resolve(StorageLock.FILE);
        List<Path> ours = new java.util.ArrayList<>();
        List<String> kept = new java.util.ArrayList<>();
        try (Stream<Path> top = Files.list(storage)) {
            List<Path> entries = top.filter(p -> !p.equals(lockFile)).sorted().toList();
            List<String> names = entries.stream().map(p -> p.getFileName().toString()).toList();
            if (!names.isEmpty() && !names.contains("bundle0")) {
                throw new LaunchException("--clean: " + storage + " does not look like a framework storage (no bundle0); not deleting it");
            }
            for (Path p : entries) {
                if (isOurs(p.getFileName().toString())) {
                    ours.add(p);
                } else {
                    kept.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new LaunchException("--clean: " + storage + ": " + e.getMessage());
        }
        for (Path entry : ours) {
            try (Stream<Path> all = Files.walk(entry)) {
                for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new LaunchException("--clean: cannot delete " + entry + ": " + e);
            }
        }
        if (!kept.isEmpty()) {
            System.err.println("doitlive: --clean kept " + kept.size() + (kept.size() == 1 ? " entry" : " entries") + " of " + storage
                    + " that the runtime did not make (" + String.join(", ", kept)
                    + "): it wipes only the framework's cache and the runtime's own files");
        }
    }

    /**
     * What a storage holds of the framework and the runtime: Felix's bundle folders and its lock, the core bundles'
     * index. Everything else in it (a user's own files, a watched folder inside it) is not --clean's to delete.
     */
    private static boolean isOurs(String name) {
        return name.matches("bundle\\d+") || name.equals("cache.lock") || name.equals(CoreBundles.INDEX);
    }
}
