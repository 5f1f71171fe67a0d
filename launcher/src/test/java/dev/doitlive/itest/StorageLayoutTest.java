package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import test.api.Counter;

/**
 * The README tells a user where the runtime keeps a refreshable's history, its saved state and what was set by hand on
 * a loop: the files are there, in the runtime bundle's data folder of the storage.
 */
class StorageLayoutTest extends LiveTest {
    private static final Path README = Path.of("../README.md");

    @Test
    void theFilesAreWhereTheReadmeSays() throws Exception {
        fw.drop("ticker.jar", TestBundles.bundle("t.ticker", "1.0.0", LoopTest.ticker("@Loop(rate = 100)", "v1", "count++;")));
        Counter c = fw.awaitService(Counter.class, null, WAIT);
        Await.until(() -> c.get() > 2, WAIT, "the loop to step");
        fw.shell("live:rate ticker 5");
        long runtimeId = fw.bundle("dev.doitlive.runtime").getBundleId();
        fw.restart(); // a clean stop saves the state

        String readme = Files.readString(README);
        for (String said : new String[] {"`.doitlive/bundle<N>/data/`, N the\n  runtime bundle's id", "`history/<name>/` there",
                "`index.tsv` and a `<seq>.jar` per version", "its saved state `history/<name>/state`", "loop NAME `loops/NAME`"}) {
            assertTrue(readme.contains(said), "README says " + said);
        }
        Path data = tmp.resolve("storage").resolve("bundle" + runtimeId).resolve("data");
        for (String file : new String[] {"history/ticker/index.tsv", "history/ticker/1.jar", "history/ticker/state", "loops/ticker"}) {
            assertTrue(Files.isRegularFile(data.resolve(file)), data.resolve(file) + " exists");
        }
    }
}
