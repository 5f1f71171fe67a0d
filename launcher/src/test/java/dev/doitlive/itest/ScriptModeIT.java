package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script's first command finds the watched folder's files brought in: jars installed and started, {@code .java}
 * sources built, their refreshables live; on a first start, after a restart, and after {@code --clean}; and its exit
 * says nothing alarming (no late install on a stopping framework: "Invalid BundleContext").
 */
class ScriptModeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path EXAMPLES = Path.of("../bundles/examples").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theFirstCommandFindsTheWatchedFoldersJarsAndSourcesLive() throws Exception {
        Path load = Files.createDirectories(dir.resolve("load"));
        Files.copy(EXAMPLES.resolve("counter-api/target/example.counter.api-0.1.0-SNAPSHOT.jar"), load.resolve("counter-api.jar"));
        Files.copy(EXAMPLES.resolve("counter/target/example.counter-0.1.0-SNAPSHOT.jar"), load.resolve("counter.jar"));
        Files.writeString(load.resolve("Wobble.java"), """
                package live;
                import java.util.function.DoubleUnaryOperator;
                import org.osgi.service.component.annotations.Component;
                import dev.doitlive.api.Refreshable;
                @Component(service = DoubleUnaryOperator.class)
                @Refreshable(name = "wobble")
                public class Wobble implements DoubleUnaryOperator {
                    public double applyAsDouble(double t) { return 2 * t; }
                }
                """);
        // The counter's state survives the plain restart (it is saved at the clean stop); --clean forgets it.
        String[] counts = {"1", "2", "1"};
        String[][] runs = {{}, {}, {"--clean"}};
        for (int r = 0; r < runs.length; r++) {
            String[] args = runs[r];
            String[] all = new String[args.length + 4];
            System.arraycopy(new String[] {"--storage", "store", "--watch", "load"}, 0, all, 0, 4);
            System.arraycopy(args, 0, all, 4, args.length);
            try (RuntimeProcess p = RuntimeProcess.start(dir, RuntimeProcess.CONFIG, WAIT, all)) {
                assertEquals("1.0", p.run("live:call wobble applyAsDouble 0.5", WAIT), "the source is live " + String.join(" ", args) + "\n" + p.stderrText());
                assertEquals(counts[r], p.run("live:call counter next", WAIT), "the jar is live\n" + p.stderrText());
                assertEquals(0, p.exit(WAIT), p.stderrText());
                for (String alarm : new String[] {"Invalid BundleContext", "does not start", "cannot be installed", "Exception"}) {
                    assertFalse(p.stderrHas(alarm), alarm + ":\n" + p.stderrText());
                }
            }
        }
    }

    @Test
    void exitInAScriptStopsTheRuntimeWithItsStatusWhileStandardInputStaysOpen() throws Exception {
        Files.createDirectories(dir.resolve("load"));
        try (RuntimeProcess p = RuntimeProcess.start(dir, RuntimeProcess.CONFIG, WAIT, "--storage", "store", "--watch", "load")) {
            p.run("exit nope", WAIT);
            assertTrue(p.stderrHas("error: exit takes a whole number, the status to exit with: nope"), p.stderrText());
            assertTrue(p.isAlive(), "a wrong exit is one error line, the script goes on");
            assertEquals(3, p.lastLine("exit 3", WAIT), p.stderrText());
        }
        try (RuntimeProcess p = RuntimeProcess.start(dir, RuntimeProcess.CONFIG, WAIT, "--storage", "store", "--watch", "load")) {
            assertEquals(0, p.lastLine("exit", WAIT), p.stderrText());
        }
    }

    /** A .cfg saved in the config folder while the runtime runs is applied by the wake, not FileInstall's poll (off here). */
    @Test
    void aSettingSavedInTheConfigFolderIsAppliedWithoutFileInstallsPoll() throws Exception {
        Files.createDirectories(dir.resolve("load"));
        Path config = RuntimeProcess.copyOfConfig(dir);
        Path props = config.resolve("framework.properties");
        String shipped = Files.readString(props);
        assertTrue(shipped.contains("felix.fileinstall.poll = 1000"), "the config folder's poll, as shipped");
        Files.writeString(props, shipped.replace("felix.fileinstall.poll = 1000", "felix.fileinstall.poll = 600000"));
        try (RuntimeProcess p = RuntimeProcess.start(dir, config, WAIT, "--storage", "store", "--watch", "load", "--no-web")) {
            Path tmp = Files.writeString(dir.resolve("runtime.cfg.part"), "historyDepth = 7\n");
            Files.move(tmp, config.resolve("dev.doitlive.runtime.cfg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Await.until(() -> p.stderrText().contains("dev.doitlive.runtime.cfg: historyDepth = 7 applied"), WAIT, p::stderrText);
        }
    }

    /** The line for an audio .cfg deleted names the config folder the runtime was given, not the default one. */
    @Test
    void theAudioCfgDeletedFromTheConfigFolderIsNamedWhereItWas() throws Exception {
        Files.createDirectories(dir.resolve("load"));
        Path config = RuntimeProcess.copyOfConfig(dir);
        try (RuntimeProcess p = RuntimeProcess.start(dir, config, WAIT, "--storage", "store", "--watch", "load", "--no-web")) {
            Files.delete(config.resolve("dev.doitlive.audio.cfg"));
            String line = "audio: " + config.resolve("dev.doitlive.audio.cfg") + " is gone: the audio is off";
            Await.until(() -> p.stderrText().contains(line), WAIT, p::stderrText);
        }
    }
}
