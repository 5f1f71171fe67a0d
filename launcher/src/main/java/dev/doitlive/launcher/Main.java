package dev.doitlive.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;

/**
 * {@code java -jar doitlive.jar}: starts the framework, prints the banner, then either hands the terminal to
 * the Gogo shell or runs standard input as a script. Exit status: 0; 1 when a script command or the start
 * failed; 2 for a bad command line.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        // Gogo replaces System.in/out/err with per-thread streams; keep the real ones.
        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;
        Options options;
        try {
            options = Options.parse(args);
            if (options.help()) {
                out.print(Options.usage());
                return 0;
            }
            options.validate();
        } catch (Options.UsageException e) {
            err.println("doitlive: " + e.getMessage() + " (see --help)");
            return 2;
        }
        boolean interactive = System.console() != null;
        options.console(interactive ? Options.Console.INTERACTIVE : Options.Console.HEADLESS);
        // On a terminal, lines printed while the user types (events, a refreshable's own output) go above the prompt;
        // a script's stdout and stderr stay as they are.
        ConsoleLines lines = interactive ? ConsoleLines.install() : null;

        Launcher launcher;
        try {
            launcher = Launcher.start(options);
        } catch (LaunchException e) {
            err.println("doitlive: " + e.getMessage());
            return 1;
        }
        if (lines != null) {
            lines.attach(launcher.context());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "doitlive-shutdown"));
        try {
            // With a script, stdout carries the results only: the banner goes to stderr.
            banner(launcher, interactive ? out : err, interactive);
            StartTrace.step("banner printed");
            launcher.startConsole();
            StartTrace.step("console started");
            if (interactive) {
                return launcher.awaitStop(); // the shell's 'exit' or Ctrl-D stops the framework
            }
            return new ScriptRunner(launcher.context(), out, err).run(in);
        } catch (LaunchException | IOException e) {
            err.println("doitlive: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            return 1;
        } finally {
            launcher.close();
            if (lines != null) {
                lines.finish(); // a last line without its line break still reaches the terminal
            }
        }
    }

    private static void banner(Launcher launcher, PrintStream to, boolean interactive) {
        long ms = System.currentTimeMillis() - startMillis();
        to.println("doitlive " + version() + " on Felix " + launcher.framework().getVersion() + ", ready in " + ms + " ms");
        to.println("  watching  " + launcher.watched() + "  (drop bundles, .java sources and .cfg files here)");
        to.println("  storage   " + launcher.storage());
        to.println("  config    " + launcher.config());
        to.println("  web       " + launcher.webBanner());
        to.println("  audio     " + launcher.audioBanner());
        to.println(interactive
                ? "Type 'help' for commands, 'help live:<command>' for one; Tab completes names; 'exit' or Ctrl-D quits."
                : "Reading commands from standard input; 'help' lists them.");
    }

    /**
     * When this JVM started, in ms (java.management's runtime bean: the process table's start time is only as exact as
     * the boot time it counts from, a second).
     */
    static long startMillis() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream v = Main.class.getResourceAsStream("version.properties")) {
            if (v != null) {
                p.load(v);
            }
        } catch (IOException e) {
            // the banner then says "unknown"
        }
        return p.getProperty("version", "unknown");
    }
}
