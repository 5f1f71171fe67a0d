package dev.doitlive.runtime.loop;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import dev.doitlive.api.Loop;
import dev.doitlive.runtime.refresh.Lifecycle;
import dev.doitlive.runtime.state.DurableFile;

/**
 * What a performer set by hand on each loop, kept across restarts: the rate given with {@code live:rate} (absent: the
 * loop follows the rate it declares) and whether {@code live:stop} paused it or {@code live:start} started it (absent:
 * as declared). One small text file per loop, {@code loops/<name>} in the runtime's storage, written durably (temporary
 * file, forced, renamed) at each such command. A pause the runtime decided (a step that failed, a file deleted) is not
 * kept: after a restart the loop tries again.
 */
final class LoopMemory {
    private static final String RATE = "rate";
    private static final String STATE = "state";
    static final String PAUSED = "paused";
    static final String RUNNING = "running";
    /** Why a loop is paused by live:stop; and after a restart. */
    static final String BY_STOP = "paused by live:stop";
    static final String BY_STOP_BEFORE = "paused by live:stop before the runtime stopped";

    /** What was kept for one loop; a null field: nothing set by hand. */
    record Kept(Double rate, String state) {
        static final Kept NONE = new Kept(null, null);

        Kept withRate(Double r) {
            return new Kept(r, state);
        }

        Kept withState(String s) {
            return new Kept(rate, s);
        }
    }

    private final Path dir;
    private final Consumer<String> say;
    /** What is kept for each loop, as last read or written. */
    private final Map<String, Kept> kept = new HashMap<>();

    LoopMemory(Path dir, Consumer<String> say) {
        this.dir = dir;
        this.say = say;
    }

    private Path file(String loop) {
        return dir.resolve(Lifecycle.dirName(loop));
    }

    /** What is kept for {@code loop}. */
    Kept kept(String loop) {
        return kept.computeIfAbsent(loop, this::read);
    }

    /** What was kept for {@code loop}; a file that cannot be read is said in one line and taken as nothing kept. */
    private Kept read(String loop) {
        Path file = file(loop);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Kept.NONE;
        } catch (IOException e) {
            say.accept("loop " + loop + ": " + file + " cannot be read (" + e.getMessage() + "); it runs as declared");
            return Kept.NONE;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            say.accept("loop " + loop + ": " + file + " is damaged (" + e.getMessage() + "); it runs as declared");
            return Kept.NONE;
        }
        List<String> bad = new ArrayList<>();
        Double rate = null;
        String r = p.getProperty(RATE);
        if (r != null) {
            try {
                rate = Double.parseDouble(r.trim());
            } catch (NumberFormatException e) {
                rate = Double.NaN;
            }
            if (!(rate >= 0 && rate <= Loop.MAX_RATE)) {
                bad.add("rate = " + r);
                rate = null;
            }
        }
        String state = p.getProperty(STATE);
        if (state != null && !state.trim().equals(PAUSED) && !state.trim().equals(RUNNING)) {
            bad.add("state = " + state);
            state = null;
        }
        if (!bad.isEmpty()) {
            say.accept("loop " + loop + ": " + file + ": " + String.join(", ", bad) + " ignored (not a rate up to "
                    + (long) Loop.MAX_RATE + ", or not " + PAUSED + " or " + RUNNING + ")");
        }
        return new Kept(rate, state == null ? null : state.trim());
    }

    /**
     * Keeps {@code k} for {@code loop} (nothing set by hand: the file goes), if it changes what is kept. A write that
     * fails is said in one line: the loop runs on as set, only a restart would not know it.
     */
    void keep(String loop, Kept k) {
        if (k.equals(kept(loop))) {
            return;
        }
        this.kept.put(loop, k);
        write(loop, k);
    }

    private void write(String loop, Kept kept) {
        Path file = file(loop);
        try {
            if (kept.rate() == null && kept.state() == null) {
                Files.deleteIfExists(file);
                return;
            }
            StringBuilder text = new StringBuilder("# loop ").append(loop)
                    .append(": set by hand (live:rate, live:stop, live:start), kept across restarts\n");
            if (kept.rate() != null) {
                text.append(RATE).append(" = ").append(kept.rate()).append('\n');
            }
            if (kept.state() != null) {
                text.append(STATE).append(" = ").append(kept.state()).append('\n');
            }
            Files.createDirectories(dir);
            DurableFile.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            say.accept("loop " + loop + ": cannot keep what was set by hand in " + file + " (" + e.getMessage()
                    + "); it holds until the runtime stops");
        }
    }
}
