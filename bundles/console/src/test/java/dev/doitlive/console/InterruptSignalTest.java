package dev.doitlive.console;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGINT ignored or not, read from a Linux status file's SigIgn mask. */
class InterruptSignalTest {
    @TempDir
    Path dir;

    private boolean ignored(String sigIgn) throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nSigBlk:\t0000000000000000\nSigIgn:\t" + sigIgn + "\nSigCgt:\t0000000000000000\n");
        return InterruptSignal.ignored(status);
    }

    @Test
    void theSecondBitOfSigIgnIsSigint() throws Exception {
        assertTrue(ignored("0000000000000006"), "SIGINT and SIGQUIT ignored, as 'command &' in a script leaves them");
        assertTrue(ignored("0000000000000002"));
        assertFalse(ignored("0000000000000004"), "SIGQUIT only");
        assertFalse(ignored("0000000000000000"));
        assertFalse(ignored("ffffffffffffff00"));
    }

    @Test
    void aStatusWithoutTheLineOrUnreadableIsNotIgnored() throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\n");
        assertFalse(InterruptSignal.ignored(status));
        assertFalse(InterruptSignal.ignored(dir.resolve("missing")));
        assertFalse(ignored("not hex"));
    }
}
