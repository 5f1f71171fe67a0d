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

    @BeforeEach
    void startFramework() throws Exception {
        fw = LiveFramework.start(tmp, "test.api;version=1.0.0");
        runtime = fw.awaitService(LiveRuntime.class, null, WAIT);
    }

    @AfterEach
    void stopFramework() {
        fw.close();
    }
}
