package dev.doitlive.itest;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import dev.doitlive.api.LiveRuntime;

/** A fresh doitlive framework per test, with {@code test.api} shared with test code. */
abstract class LiveTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path tmp;
    LiveFramework fw;
    /** The runtime of the framework as started; a test that restarts it looks the new one up. */
    LiveRuntime runtime;
    /**
     * What the runtime printed on standard error. Installed before the framework starts: Gogo wraps the
     * System.err it finds at its start and puts its wrapper back whenever another stream replaces it.
     */
    Stderr stderr;

    @BeforeEach
    void startFramework() throws Exception {
        stderr = Stderr.capture();
        fw = web() ? LiveFramework.startWithWeb(tmp, "test.api;version=1.0.0")
                : LiveFramework.startWith(tmp, properties(), "test.api;version=1.0.0");
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
    }

    /** Framework properties the test sets at the start (the audio engine's sink, say); none by default. */
    java.util.Map<String, String> properties() {
        return java.util.Map.of();
    }

    /** Whether the framework gets the web page (at a free port); off for every test that does not look at it. */
    boolean web() {
        return false;
    }

    @AfterEach
    void stopFramework() {
        try {
            if (fw != null) {
                fw.close();
            }
        } finally {
            stderr.close();
        }
    }
}
