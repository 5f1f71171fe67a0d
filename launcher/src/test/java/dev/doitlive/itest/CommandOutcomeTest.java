package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import dev.doitlive.api.VersionDTO;
import test.api.Counter;

/**
 * What a command that brings a version in reports: a version that goes live and is reverted by its first calls on
 * probation is a failed refresh (a non-zero status in a script), and its history says failed.
 */
class CommandOutcomeTest extends FaultTest {

    @Test
    void aRefreshWhoseVersionFailsItsFirstCallsIsAFailure() throws Exception {
        // Installed from a file outside the watched folder: only live:refresh reads it again.
        Path file = tmp.resolve("outside").resolve("counter.jar");
        Files.createDirectories(file.getParent());
        write(file, counterJar("v1", 1, "1.0.0"));
        Bundle b = fw.context().installBundle(file.toUri().toString());
        b.start();
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread caller = new Thread(() -> { // calls all the time, as a show's loop does
            while (!stop.get()) {
                try {
                    c.next();
                } catch (Throwable t) {
                    failed.set(t);
                }
            }
        });
        caller.start();
        try {
            write(file, counterJar("1.0.1", Sources.counter("", "v2", """
                    long count;
                    public long next() { throw new IllegalStateException("v2 cannot count"); }
                    public long get() { return count; }
                    """)));
            String message = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:refresh counter")).getMessage();
            assertTrue(message.contains("seq 2") && message.contains("went live, then") && message.contains("v2 cannot count")
                    && message.contains("seq 1 (1.0.0) is live"), message);
            report("F51", "`live:refresh` of a version whose first calls fail on probation", "the command fails (non-zero in a"
                    + " script) with what happened, instead of \"is live\"; the history says failed", message);
        } finally {
            stop.set(true);
            caller.join();
        }
        assertNull(failed.get(), "no caller saw the failure");
        awaitSettled(1);
        assertEquals("v1", c.describe());
        assertEquals(VersionDTO.Status.FAILED, runtime.history("counter").stream().filter(v -> v.seq == 2).findFirst().orElseThrow().status,
                () -> "history says failed: " + runtime.history("counter"));
    }

    @Test
    void aRefreshThatGoesLiveAndServesIsASuccess() throws Exception {
        Path file = tmp.resolve("outside").resolve("counter.jar");
        Files.createDirectories(file.getParent());
        write(file, counterJar("v1", 1, "1.0.0"));
        fw.context().installBundle(file.toUri().toString()).start();
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        write(file, counterJar("v2", 1, "1.0.1"));
        assertTrue(fw.shell("live:refresh counter").contains("seq 2 (1.0.1) is live"));
        assertEquals("v2", c.describe());
    }

    private void write(Path file, byte[] bytes) throws Exception {
        Path tmpFile = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmpFile, bytes);
        Files.move(tmpFile, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
