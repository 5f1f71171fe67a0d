package dev.doitlive.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.doitlive.api.LiveRuntime;

/**
 * {@code live:new NAME}: writes a starter source into the watched folder and waits until it is live, so that
 * the next command can use it. Gogo calls {@code _new} for {@code new}, a Java keyword.
 */
@Component(service = NewCommand.class)
@GogoCommand(scope = "live", function = "new")
public class NewCommand {
    private static final long WAIT_MILLIS = 15_000;
    static final String USAGE = """
            live:new [--loop | --signal | --synth] NAME
              Writes a starter source NAME's class .java into the watched folder, waits until it is live, and
              prints its path: then edit and save it. Default: a light-show pattern when the show's API
              (example.show.api) is installed, else a signal (live:call NAME applyAsDouble 0.25).
              --loop    a loop's step instead, running once a second
              --signal  a signal even when the show's API is installed
              --synth   an audio block the audio engine plays: the key held (live:note A3 100 0), else an arpeggio
              NAME      a letter, then letters, digits, - or _ (wave2 -> Wave2.java, my-dot -> MyDot.java)""";

    @Reference
    private SourceBuilder builder;

    /** Names already taken; optional so that live:new stays usable while the runtime restarts. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LiveRuntime runtime;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("how live:new is used")
    public String _new() {
        return USAGE;
    }

    @Descriptor("write a starter source for a new refreshable into the watched folder and wait until it is live;"
            + " then edit and save it. Default: a light-show pattern when the show's API is installed, else a signal")
    public String _new(
            @Descriptor("a loop's step instead (runs once a second)")
            @Parameter(names = "--loop", presentValue = "true", absentValue = "false") boolean loop,
            @Descriptor("a signal (a value for each time t, for live:call) even when the show's API is installed")
            @Parameter(names = "--signal", presentValue = "true", absentValue = "false") boolean signal,
            @Descriptor("name of the new refreshable: a letter, then letters, digits, - or _") String name)
            throws IOException, InterruptedException {
        if (name.equals("--help") || name.equals("-h")) {
            return USAGE; // Gogo's help cannot find _new, the method behind a keyword
        }
        if (loop && signal) {
            throw new IllegalArgumentException("live:new: --loop and --signal do not go together; give one of them");
        }
        together(loop ? "--loop" : signal ? "--signal" : null, name);
        return create(loop ? Starter.LOOP : signal || !exported(Starter.PATTERN.needs) ? Starter.SIGNAL : Starter.PATTERN, name);
    }

    /**
     * {@code live:new --synth NAME}. A form of its own: Gogo 1.1 matches no method with three flags when none is given
     * ({@code live:new NAME}), so the third flag cannot join the two above; without {@code --synth} it is the form above.
     */
    @Descriptor("write a starter audio block the audio engine plays (live:audio): the key held, else an arpeggio on the beat")
    public String _new(
            @Descriptor("an audio block the audio engine plays")
            @Parameter(names = "--synth", presentValue = "true", absentValue = "false") boolean synth,
            @Descriptor("name of the new refreshable: a letter, then letters, digits, - or _") String name)
            throws IOException, InterruptedException {
        together(synth ? "--synth" : null, name);
        return synth ? create(Starter.SYNTH, name) : _new(false, false, name);
    }

    /** Two kinds asked at once ({@code --synth --loop}): Gogo binds the second flag as the NAME. */
    private static void together(String flag, String name) {
        if (flag != null && FLAGS.contains(name) && !flag.equals(name)) {
            throw new IllegalArgumentException("live:new: " + flag + " and " + name + " do not go together; give one of them, then a NAME");
        }
    }

    private static final java.util.List<String> FLAGS = java.util.List.of("--loop", "--signal", "--synth");

    private String create(Starter starter, String name) throws IOException, InterruptedException {
        if (name.equals("--help") || name.equals("-h")) {
            return USAGE;
        }
        if (FLAGS.contains(name)) {
            // A flag with no name after it reaches here as the name: Gogo binds the lone word to NAME.
            throw new IllegalArgumentException("live:new: " + name + " needs a NAME after it; usage: live:new [--loop | --signal | --synth] NAME");
        }
        String className = Starter.className(name);
        Path file = watchedFolder().resolve(className + ".java");
        // Every refusal comes before the file is written: a second refreshable of a taken name would only be refused
        // by the runtime once built, with the file left behind.
        if (Files.exists(file)) {
            throw new IllegalArgumentException("live:new: " + file + " exists already; edit it, or pick another name");
        }
        refuseTaken(name);
        Path temp = file.resolveSibling("." + className + ".java.tmp"); // hidden: FileInstall's installers skip it
        Files.writeString(temp, starter.source(name, className), StandardCharsets.UTF_8);
        builder.forget(file);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        return awaitLive(file, name, starter);
    }

    /** Gogo calls {@code _main} when the arguments fit neither form (two names, say): the usage, in one line. */
    @Descriptor("prints live:new's usage when its arguments fit none of its forms")
    public String _main(@Descriptor("the command's name, then the arguments given") String... words) {
        throw new IllegalArgumentException("live:new: wrong arguments; usage: " + USAGE.lines().findFirst().orElseThrow());
    }

    private void refuseTaken(String name) {
        LiveRuntime live = runtime;
        if (live == null) {
            throw new IllegalStateException("live:new: the doitlive runtime is not running (is bundle dev.doitlive.runtime active?)");
        }
        live.list().stream().filter(r -> r.name.equals(name)).findFirst().ifPresent(r -> {
            String file = r.location == null ? null : r.location.substring(r.location.lastIndexOf('/') + 1);
            if (deleted(r.location)) {
                // Detached (or about to be, its deletion under way): its state and history wait for a new file of it, which
                // a starter would take over, or be refused by.
                throw new IllegalArgumentException("live:new: " + name + " is detached: its file " + file + " was deleted and"
                        + " its state and history are kept for a new one; live:forget " + name + " drops them, or pick another name");
            }
            throw new IllegalArgumentException("live:new: the name '" + name + "' is taken by the refreshable from "
                    + (file == null ? "another bundle" : file) + "; pick another name");
        });
    }

    /** Whether the file of a bundle location ({@code file:/...} or a source's) is gone. */
    private static boolean deleted(String location) {
        if (location == null) {
            return false;
        }
        try {
            String uri = location.startsWith(SourceFile.SCHEME + ":") ? location.substring(SourceFile.SCHEME.length() + 1) : location;
            return !Files.exists(Path.of(java.net.URI.create(uri)));
        } catch (RuntimeException e) {
            return false; // not a file's location: taken, as any other
        }
    }

    private String awaitLive(Path file, String name, Starter starter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            String outcome = builder.outcome(file);
            if ("".equals(outcome)) {
                // Its bundle started, so its arrival is done (the runtime holds a start until then): live, or said why not.
                String failure = notLive(name, file);
                if (failure != null) {
                    throw new IllegalStateException("live:new: wrote " + file + " but it did not go live: " + failure);
                }
                return "wrote " + file + " (" + starter.label() + "); " + name + " is live: edit and save it to change it";
            }
            if (outcome != null) {
                throw new IllegalStateException("live:new: wrote " + file + " but it did not go live: " + outcome);
            }
            Thread.sleep(20);
        }
        return "wrote " + file + " (" + starter.label() + "); not live after " + WAIT_MILLIS / 1000
                + " s: is the watched folder being scanned? (live:errors)";
    }

    /** Null when the runtime serves {@code name}; else why not (its newest line naming the file), or that it does not. */
    private String notLive(String name, Path file) {
        LiveRuntime live = runtime;
        if (live == null) {
            return null; // the runtime is restarting: nobody to ask, the source kit's word stands
        }
        try {
            live.describe(name);
            return null;
        } catch (IllegalArgumentException e) {
            String prefix = file.getFileName() + ":";
            return live.errors(null).stream().map(err -> err.message).filter(m -> m != null && m.startsWith(prefix)).findFirst()
                    .orElse("the runtime has no refreshable named " + name + " (live:errors)");
        }
    }

    private Path watchedFolder() {
        String dir = context.getProperty("doitlive.watch");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("live:new: no watched folder: the framework property doitlive.watch is not set");
        }
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("live:new: the watched folder " + p + " is not a directory");
        }
        return p;
    }

    private boolean exported(String pkg) {
        return ExportedClasses.exporters(context.getBundles()).containsKey(pkg);
    }
}
