package dev.doitlive.beat.onset;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The onset detector as configured: off, following line-in, or a WAV file analysed once. A file's beats are counted
 * from the moment it is read, as if it started playing then: the clock takes the file's tempo and its beat
 * ({@code live:downbeat} when the track really starts puts the bar there). Files are read on a thread of the detector's
 * own, never on the thread that brings the configuration.
 */
public final class OnsetInput implements AutoCloseable {
    private final Beats beats;
    private final ExecutorService files = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "doitlive beat: onset file");
        t.setDaemon(true);
        return t;
    });
    private OnsetSource current = OnsetSource.OFF;
    private LineIn lineIn;
    /** Counts the sources used; a file's result that comes after its source was replaced is dropped. */
    private volatile long generation;

    public OnsetInput(Beats beats) {
        this.beats = beats;
    }

    /** Listens to {@code source} from now on; the same source again changes nothing. */
    public synchronized void use(OnsetSource source) {
        if (source.equals(current)) {
            return;
        }
        stopLineIn();
        current = source;
        long mine = ++generation;
        switch (source.kind()) {
            case OFF -> { }
            case LINE_IN -> {
                lineIn = new LineIn(source, beats);
                lineIn.start();
            }
            case FILE -> {
                String fingerprint = fingerprint(source.file());
                if (fingerprint != null && beats.analysed(fingerprint)) {
                    return; // this very file gave its tempo once already: a tempo set since wins
                }
                try {
                    files.execute(() -> analyse(source, mine));
                } catch (RejectedExecutionException e) {
                    // closed meanwhile: nothing to follow any more
                }
            }
        }
    }

    private void analyse(OnsetSource source, long mine) {
        String label = "onset from " + source.label();
        long start = System.nanoTime();
        try {
            AudioFile.Envelope envelope = AudioFile.read(source.file());
            TempoEstimator.Estimate e = envelope.tempo();
            if (mine != generation) {
                return;
            }
            if (e.found()) {
                String fingerprint = fingerprint(source.file());
                beats.fileTempo(e.bpm(), start + Math.round(e.beatSeconds() * 1e9), source.label(),
                        fingerprint != null ? fingerprint : source.file().toString());
            } else {
                beats.problem("beat: " + label + ": " + e.problem() + " in " + source.file()
                        + " (it needs a steady beat: a click track, a song with clear drums); the tempo stays as set");
            }
        } catch (IOException | RuntimeException e) {
            if (mine == generation) {
                beats.problem("beat: " + label + ": " + source.file() + " " + e.getMessage() + "; the tempo stays as set");
            }
        }
    }

    /**
     * The file's path, size and modification time: the same three, the same sound (a digest would read an hour of
     * backing track on every configuration event); null when the file cannot be seen.
     */
    static String fingerprint(java.nio.file.Path file) {
        try {
            var a = java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            return file + ";" + a.size() + ";" + a.lastModifiedTime().toMillis();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Waits until the files handed in so far are analysed (for tests: the answer to "did it apply?" is then final). */
    public void awaitFiles() throws Exception {
        files.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }

    private void stopLineIn() {
        if (lineIn != null) {
            lineIn.close();
            lineIn = null;
        }
    }

    @Override
    public synchronized void close() {
        generation++;
        stopLineIn();
        files.shutdownNow();
        try {
            files.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
