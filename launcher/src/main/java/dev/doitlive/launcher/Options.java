package dev.doitlive.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to launch: folders, console variant and what tests change. Built from the command line by
 * {@link #parse(String...)} or in code with the fluent setters; {@link Launcher#start(Options)} takes a copy.
 */
public final class Options {
    /** Which Gogo console the framework gets. */
    public enum Console {
        /**
         * Our console bundle on the terminal, with gogo.jline's commands, line editing and completion: gogo.jline is
         * installed for its classes and never started (its activator would run a console of its own), and jline.
         */
        INTERACTIVE(List.of("console"), Set.of("gogo.jline"), "jline"),
        /** gogo.shell without a console of its own ({@code gosh.args=--nointeractive}); commands come from the launcher. */
        HEADLESS(List.of("gogo.shell"), Set.of());

        /** The core bundles that make the console, started last and in this order by {@link Launcher#startConsole()}. */
        final List<String> shell;
        /** Core bundles installed for their classes, never started. */
        final Set<String> passive;
        /** All core bundles of this variant: the shell and its libraries. */
        final Set<String> bundles;

        Console(List<String> shell, Set<String> passive, String... libraries) {
            this.shell = shell;
            this.passive = passive;
            Set<String> all = new java.util.HashSet<>(Set.of(libraries));
            all.addAll(shell);
            all.addAll(passive);
            this.bundles = Set.copyOf(all);
        }

        /** The core bundles the framework must not start by itself. */
        Set<String> notAutostarted() {
            Set<String> all = new java.util.HashSet<>(shell);
            all.addAll(passive);
            return Set.copyOf(all);
        }
    }

    /** A bad command line; the message names the option and what is wrong. */
    public static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private Path storage = Path.of(".doitlive");
    private Path config = Path.of("config");
    private Path watch = Path.of("load");
    private boolean clean;
    private boolean help;
    private boolean allowWorldWritable;
    private Console console = Console.HEADLESS;
    private Duration runtimeTimeout = Duration.ofSeconds(15);
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> systemPackagesExtra = new ArrayList<>();
    private final Set<String> skip = new LinkedHashSet<>();
    /** The modules in dev mode. */
    private final List<Path> dev = new ArrayList<>();
    /** The framework property naming the modules in dev mode. */
    public static final String DEV_PROPERTY = "doitlive.dev";

    public Options() {
    }

    private Options(Options o) {
        storage = o.storage;
        config = o.config;
        watch = o.watch;
        clean = o.clean;
        help = o.help;
        allowWorldWritable = o.allowWorldWritable;
        console = o.console;
        runtimeTimeout = o.runtimeTimeout;
        properties.putAll(o.properties);
        systemPackagesExtra.addAll(o.systemPackagesExtra);
        skip.addAll(o.skip);
        dev.addAll(o.dev);
    }

    public static String usage() {
        return String.join("\n",
                "Usage: java -jar doitlive.jar [options]",
                "Starts the doitlive runtime on Apache Felix. With a terminal you get the Gogo shell; otherwise",
                "commands are read from standard input, run, and their results printed (exit status 1 if one failed).",
                "",
                "  --config DIR    framework.properties and .cfg files (default: ./config)",
                "  --watch DIR     the watched folder: drop bundles, .java sources and .cfg files here",
                "                  (default: ./load, created)",
                "  --storage DIR   the framework's storage, kept across restarts (default: ./.doitlive); one runtime",
                "                  at a time: a second one on it refuses to start",
                "  --clean         wipe the storage before starting (not one another runtime holds)",
                "  --web-port PORT the web page's port (default 7777; 0 picks a free one); the banner prints its",
                "                  address with this start's token",
                "  --web-host ADDR the address the page listens on (default 127.0.0.1, this machine only); another",
                "                  (0.0.0.0: every network) lets a tablet on the stage's network in, with the token",
                "  --no-web        start without the web page",
                "  --dev PATH      dev mode: watch a Maven module's src/main/java and src/main/resources (PATH holds",
                "                  its pom.xml); every save is compiled against the framework's exports and the",
                "                  module's own dependencies (from the local repository), made a bundle with the",
                "                  module's bnd instructions, and swapped in. Repeat it for several modules",
                "  --allow-world-writable",
                "                  run even when the watched folder, the storage or a parent of theirs is writable by",
                "                  everyone (refused by default: any jar put in the watched folder runs here)",
                "  -h, --help      print this text",
                "");
    }

    /** Parses the command line; {@code --name=value} and {@code --name value} are both accepted. */
    public static Options parse(String... args) throws UsageException {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--config", "--watch", "--storage" -> {
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                            throw new UsageException(name + " needs a folder");
                        }
                        value = args[++i];
                    }
                    if (value.isBlank()) {
                        throw new UsageException(name + " needs a folder");
                    }
                    Path p = Path.of(value);
                    switch (name) {
                        case "--config" -> o.config = p;
                        case "--watch" -> o.watch = p;
                        default -> o.storage = p;
                    }
                }
                case "--web-port", "--web-host" -> {
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                            throw new UsageException(name + (name.equals("--web-port") ? " needs a port" : " needs an address"));
                        }
                        value = args[++i];
                    }
                    if (name.equals("--web-port")) {
                        o.properties.put(WebStage.PORT, webPort(value));
                    } else if (value.isBlank()) {
                        throw new UsageException("--web-host needs an address (127.0.0.1, 0.0.0.0 or one of this machine's)");
                    } else {
                        o.properties.put(WebStage.HOST, value.trim());
                    }
                }
                case "--dev" -> {
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                            throw new UsageException("--dev needs a Maven module's folder (the one with its pom.xml)");
                        }
                        value = args[++i];
                    }
                    if (value.isBlank()) {
                        throw new UsageException("--dev needs a Maven module's folder (the one with its pom.xml)");
                    }
                    o.dev(Path.of(value));
                }
                case "--no-web" -> {
                    if (value != null) {
                        throw new UsageException(name + " takes no value");
                    }
                    o.properties.put(WebStage.ENABLED, "false");
                }
                case "--clean", "-h", "--help", FolderSafety.ALLOW_OPTION -> {
                    if (value != null) {
                        throw new UsageException(name + " takes no value");
                    }
                    switch (name) {
                        case "--clean" -> o.clean = true;
                        case FolderSafety.ALLOW_OPTION -> o.allowWorldWritable = true;
                        default -> o.help = true;
                    }
                }
                default -> throw new UsageException(arg.startsWith("-")
                        ? "unknown option " + name
                        : "unexpected argument '" + arg + "'");
            }
        }
        return o;
    }

    private static String webPort(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return Integer.toString(port);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException("--web-port '" + value + "': not a port (1 to 65535; 0 picks a free one)");
    }

    /** Checks the folders before anything starts: a wrong one is a bad command line, not a failed start. */
    public void validate() throws UsageException {
        if (!Files.isDirectory(config)) {
            throw new UsageException("--config " + config + ": no such folder"
                    + (config.equals(Path.of("config")) ? "; run from the project folder or pass --config DIR" : ""));
        }
        if (!Files.isRegularFile(config.resolve(FrameworkProperties.FILE))) {
            throw new UsageException("--config " + config + ": no " + FrameworkProperties.FILE + " in it");
        }
        if (Files.exists(watch) && !Files.isDirectory(watch)) {
            throw new UsageException("--watch " + watch + ": not a folder");
        }
        if (Files.exists(storage) && !Files.isDirectory(storage)) {
            throw new UsageException("--storage " + storage + ": not a folder");
        }
        for (Path module : dev) {
            if (!Files.isDirectory(module)) {
                throw new UsageException("--dev " + module + ": no such folder");
            }
            if (!Files.isRegularFile(module.resolve("pom.xml"))) {
                throw new UsageException("--dev " + module + ": no pom.xml in it (name a Maven module's folder)");
            }
        }
        if (!allowWorldWritable) {
            FolderSafety.check(watch, "--watch");
            FolderSafety.check(storage, "--storage");
        }
    }

    Options copy() {
        return new Options(this);
    }

    public Options storage(Path dir) {
        storage = dir;
        return this;
    }

    public Options config(Path dir) {
        config = dir;
        return this;
    }

    public Options watch(Path dir) {
        watch = dir;
        return this;
    }

    /**
     * A Maven module in dev mode (repeatable): the live-source bundle reads the framework property
     * {@value #DEV_PROPERTY}, the modules' folders separated by the path separator.
     */
    public Options dev(Path module) {
        Path abs = module.toAbsolutePath().normalize();
        dev.add(abs);
        properties.merge(DEV_PROPERTY, abs.toString(), (a, b) -> a + java.io.File.pathSeparator + b);
        return this;
    }

    public List<Path> dev() {
        return List.copyOf(dev);
    }

    public Options clean(boolean clean) {
        this.clean = clean;
        return this;
    }

    /** Runs even when the watched folder or the storage (or a parent) is writable by everyone. */
    public Options allowWorldWritable(boolean allow) {
        this.allowWorldWritable = allow;
        return this;
    }

    public Options console(Console console) {
        this.console = console;
        return this;
    }

    /** How long {@link Launcher#start} waits for the runtime service. */
    public Options runtimeTimeout(Duration timeout) {
        runtimeTimeout = timeout;
        return this;
    }

    /** A framework property; overrides config/framework.properties. */
    public Options property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    /** Export clauses (e.g. {@code dev.doitlive.api;version=1.0.0}) added to the system bundle's exports. */
    public Options systemPackagesExtra(String... clauses) {
        systemPackagesExtra.addAll(List.of(clauses));
        return this;
    }

    /** Core bundles not to install (and to uninstall if an earlier run left them), by name: {@code api}, {@code shell}... */
    public Options skip(String... coreBundleNames) {
        skip.addAll(List.of(coreBundleNames));
        return this;
    }

    public Path storage() {
        return storage;
    }

    public Path config() {
        return config;
    }

    public Path watch() {
        return watch;
    }

    public boolean clean() {
        return clean;
    }

    public boolean help() {
        return help;
    }

    public boolean allowWorldWritable() {
        return allowWorldWritable;
    }

    public Console console() {
        return console;
    }

    public Duration runtimeTimeout() {
        return runtimeTimeout;
    }

    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    public List<String> systemPackagesExtra() {
        return List.copyOf(systemPackagesExtra);
    }

    public Set<String> skip() {
        return Set.copyOf(skip);
    }
}
