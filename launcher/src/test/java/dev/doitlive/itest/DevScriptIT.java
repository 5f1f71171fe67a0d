package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script's first command finds a {@code --dev} module's refreshable live, as it finds the watched folder's: the
 * packaged runtime waits for the module's first build before it reads commands (seen in a try-out: 'no refreshable
 * named counter (none is live yet)').
 */
class DevScriptIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aScriptsFirstCommandFindsTheDevModulesRefreshableLive() throws Exception {
        Path module = DevModeTest.copyOf(dir, "bundles/examples/counter");
        Path load = Files.createDirectories(dir.resolve("load"));
        Files.copy(DevModeTest.COUNTER_API_JAR, load.resolve("counter-api.jar"));
        try (RuntimeProcess p = RuntimeProcess.start(dir, RuntimeProcess.CONFIG, WAIT, "--storage", "storage", "--watch", "load",
                "--dev", module.toString())) {
            assertEquals("1", p.run("live:call counter next", WAIT).strip(), "the first command is answered by the module: " + p.stderrText());
            assertFalse(p.stderrText().contains("none is live yet"), p.stderrText());
        }
    }
}
