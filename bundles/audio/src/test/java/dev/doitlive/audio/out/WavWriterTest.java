package dev.doitlive.audio.out;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAV file: a header sox reads without a warning, and a file deleted while it records is noticed and made anew. */
class WavWriterTest {
    @TempDir
    Path tmp;

    private final List<String> said = new CopyOnWriteArrayList<>();

    private static float[][] buffer(float v) {
        float[][] b = new float[2][256];
        for (float[] c : b) {
            java.util.Arrays.fill(c, v);
        }
        return b;
    }

    private static String sox(Path wav) throws Exception {
        Process p = new ProcessBuilder("sox", wav.toString(), "-n", "stat").redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void soxAndTheJdkReadTheFileWithoutAWarning() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sox")), "sox is not installed (apt-get install sox)");
        Path wav = tmp.resolve("a.wav");
        WavWriter w = new WavWriter(wav, 2, 48000, 10, said::add);
        for (int i = 0; i < 100; i++) {
            w.write(buffer(0.5f), 256);
        }
        w.close();
        String out = sox(wav);
        assertFalse(out.contains("WARN"), "sox warns of nothing:\n" + out);
        assertTrue(out.matches("(?s).*Samples read:\\s+51200\\s.*"), out);
        AudioFormat f = AudioSystem.getAudioFileFormat(wav.toFile()).getFormat();
        assertEquals(AudioFormat.Encoding.PCM_FLOAT, f.getEncoding());
        assertEquals(25600, AudioSystem.getAudioFileFormat(wav.toFile()).getFrameLength());
        assertTrue(said.isEmpty(), said.toString());
    }

    @Test
    void aFileDeletedWhileItRecordsIsSaidAndANewOneIsRecorded() throws Exception {
        Path wav = tmp.resolve("b.wav");
        WavWriter w = new WavWriter(wav, 2, 48000, 10, said::add);
        w.write(buffer(0.5f), 256);
        Files.delete(wav);
        writeUntil(w, () -> !said.isEmpty(), "a line");
        assertTrue(said.get(0).startsWith("audio: " + wav + " was deleted while it recorded (") && said.get(0).endsWith(
                "): a new one is recorded from now on"), said.toString());
        w.write(buffer(0.5f), 256);
        w.close();
        assertTrue(Files.size(wav) > 58, "recorded into the new file");
        assertEquals(1, said.size(), said.toString());
    }

    @Test
    void aFileReplacedByAFolderIsSaidOnceAndRecordedAgainWhenTheFolderGoes() throws Exception {
        Path wav = tmp.resolve("c.wav");
        WavWriter w = new WavWriter(wav, 2, 48000, 10, said::add);
        w.write(buffer(0.5f), 256);
        Files.delete(wav);
        Files.createDirectory(wav);
        writeUntil(w, () -> w.failing() != null, "the writer to see the folder");
        assertEquals("Is a directory", w.failing());
        assertEquals(List.of("audio: " + wav + ": cannot write it (Is a directory); the sound goes on, unrecorded, and the file is"
                + " tried again every second"), said);
        Files.delete(wav);
        writeUntil(w, () -> w.failing() == null, "the writer to record again");
        w.write(buffer(0.5f), 256);
        w.close();
        assertEquals("audio: " + wav + " can be written again: a new one is recorded from now on", said.get(said.size() - 1), said.toString());
        assertEquals(2, said.size(), "said once while it failed: " + said);
        assertTrue(Files.size(wav) > 58, "recorded into the new file");
    }

    private static void writeUntil(WavWriter w, java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) { // the writer looks every second
            assertTrue(System.nanoTime() < deadline, what + " within a few seconds");
            w.write(buffer(0.5f), 256);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }
}
