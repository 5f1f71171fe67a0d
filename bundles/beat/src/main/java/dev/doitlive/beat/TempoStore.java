package dev.doitlive.beat;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.doitlive.api.beat.BeatClock;

/**
 * The tempo and the bar set by hand (or by OSC, MIDI clock, the onset detector: anything but the configuration), kept in
 * the bundle's data area so that they outlive a restart. Saved off the caller's thread (a MIDI clock may set the tempo
 * 24 times a beat; a loop must never wait for a disk), the latest value only, written to a temporary file and renamed
 * over the old one so that a crash leaves the old file or the new one, never half of one.
 */
final class TempoStore implements AutoCloseable {
    static final String FILE = "tempo.properties";

    /**
     * What is kept.
     *
     * @param bpm         the tempo set, or NaN for the configuration's
     * @param bpmSource   who set it
     * @param beatsPerBar the beats per bar set, or 0 for the configuration's
     * @param onsetFile   the fingerprint (path, size, modification time) of the last WAV whose tempo the clock took, or
     *                    null: that file is not analysed again, so it never overrides a tempo set since
     */
    record Kept(double bpm, String bpmSource, int beatsPerBar, String onsetFile) {
        static final Kept NOTHING = new Kept(Double.NaN, null, 0, null);

        Kept(double bpm, String bpmSource, int beatsPerBar) {
            this(bpm, bpmSource, beatsPerBar, null);
        }

        Kept withBpm(double newBpm, String source) {
            return new Kept(newBpm, source, beatsPerBar, onsetFile);
        }

        Kept withBeatsPerBar(int beats) {
            return new Kept(bpm, bpmSource, beats, onsetFile);
        }

        Kept withOnsetFile(String fingerprint) {
            return new Kept(bpm, bpmSource, beatsPerBar, fingerprint);
        }

        boolean hasBpm() {
            return !Double.isNaN(bpm);
        }

        boolean hasBeatsPerBar() {
            return beatsPerBar > 0;
        }
    }

    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");

    private final Path file;
    private final Consumer<String> problems;
    private final AtomicReference<Kept> pending = new AtomicReference<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "doitlive beat: tempo save");
        t.setDaemon(true);
        return t;
    });
    /** Said once until a save works again: a full disk would otherwise repeat its line at every tap. */
    private volatile boolean failing;

    TempoStore(Path file, Consumer<String> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** What the last run kept; nothing when there is no file, and a line when it cannot be read. */
    Kept load() {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Kept.NOTHING;
        } catch (IOException | IllegalArgumentException e) {
            problems.accept("beat: " + file + " cannot be read (" + e.getMessage() + "); the tempo and bar of " + BeatClockImpl.CONFIGURED
                    + " are used");
            return Kept.NOTHING;
        }
        // Each value on its own: a damaged one is named with its key and falls back to the configuration's, the other
        // stays kept. The rules are the ones live:bpm and live:bar apply.
        List<String> bad = new ArrayList<>();
        double bpm = Double.NaN;
        String b = p.getProperty("bpm");
        if (b != null) {
            String text = b.strip();
            if (!Settings.DECIMAL.matcher(text).matches()) {
                bad.add("bpm = " + text + " is not a number of beats per minute, so the tempo of " + BeatClockImpl.CONFIGURED + " is used");
            } else if (!Settings.inRange(Double.parseDouble(text))) {
                bad.add("bpm = " + text + " is out of range (" + Lines.number(BeatClock.MIN_BPM) + " to " + Lines.number(BeatClock.MAX_BPM)
                        + "), so the tempo of " + BeatClockImpl.CONFIGURED + " is used");
            } else {
                bpm = Double.parseDouble(text);
            }
        }
        int beats = 0;
        String bar = p.getProperty("beatsPerBar");
        if (bar != null) {
            String text = bar.strip();
            if (!WHOLE.matcher(text).matches()) {
                bad.add("beatsPerBar = " + text + " is not a whole number of beats, so the beats per bar of " + BeatClockImpl.CONFIGURED
                        + " are used");
            } else if (text.length() > 4 || Integer.parseInt(text) < 1 || Integer.parseInt(text) > BeatClockImpl.MAX_BEATS_PER_BAR) {
                // (more digits than a sign and three: out of range, and never an int's overflow)
                bad.add("beatsPerBar = " + text + " is out of range (1 to " + BeatClockImpl.MAX_BEATS_PER_BAR + "), so the beats per bar of "
                        + BeatClockImpl.CONFIGURED + " are used");
            } else {
                beats = Integer.parseInt(text);
            }
        }
        Kept kept = new Kept(bpm, Double.isNaN(bpm) ? null : p.getProperty("bpm.source", "an earlier run"), beats,
                p.getProperty("onset.file"));
        if (!bad.isEmpty()) {
            // Written again with what is good, so that the next start does not say it again.
            problems.accept("beat: " + file + ": " + String.join("; ", bad) + " (the file is written again without "
                    + (bad.size() == 1 ? "it" : "them") + ")");
            save(kept);
        }
        return kept;
    }

    /** Saves {@code kept} soon, on the store's own thread; a newer save before it replaces it. */
    void save(Kept kept) {
        if (pending.getAndSet(kept) == null) {
            try {
                writer.execute(this::writePending);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                writePending(); // a setter racing the clock's stop: saved here rather than lost
            }
        }
    }

    private void writePending() {
        Kept k = pending.getAndSet(null);
        if (k != null) {
            write(k);
        }
    }

    private void write(Kept k) {
        try {
            Files.createDirectories(file.getParent());
            if (!k.hasBpm() && !k.hasBeatsPerBar() && k.onsetFile() == null) {
                Files.deleteIfExists(file);
            } else {
                Properties p = new Properties();
                if (k.hasBpm()) {
                    p.setProperty("bpm", Double.toString(k.bpm()));
                    p.setProperty("bpm.source", k.bpmSource());
                }
                if (k.hasBeatsPerBar()) {
                    p.setProperty("beatsPerBar", Integer.toString(k.beatsPerBar()));
                }
                if (k.onsetFile() != null) {
                    p.setProperty("onset.file", k.onsetFile());
                }
                Path tmp = file.resolveSibling(FILE + ".tmp");
                try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    p.store(out, "The beat kit's tempo and bar as set by hand (live:bpm, live:tap, live:bar, osc, midi, onset), and the last WAV analysed:"
                            + " they win over dev.doitlive.beat.cfg until live:bpm default / live:bar default");
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            failing = false;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                problems.accept("beat: cannot keep the tempo in " + file + " (" + e + "); it holds until the runtime stops");
            }
        }
    }

    /** Writes what is pending and stops the store's thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writePending(); // a save that came after the shutdown
    }
}
