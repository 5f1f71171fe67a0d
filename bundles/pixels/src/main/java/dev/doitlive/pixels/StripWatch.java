package dev.doitlive.pixels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.doitlive.pixels.send.Voice;

/**
 * Whether an output that takes one strip's frames ({@code strip = NAME}) gets any. The strips are whatever the show's
 * loops write, which the kit cannot know in advance, so a NAME that no loop writes (a typo, a renamed strip) is found
 * by watching: when the output has had no frame of its strip for {@value #QUIET_SECONDS} s while frames of other strips
 * came, it says so once, naming its file, its strip and the strips written; when its frames come, it says that too,
 * and may say the first again after.
 */
final class StripWatch {
    static final long QUIET_SECONDS = 2;
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
    /** The strips remembered: enough for any show; a loop that makes up names frame by frame fills no memory. */
    static final int MAX_STRIPS = 64;
    /** The strips named in a line, the rest counted. */
    private static final int NAMED = 8;

    private final String wanted;
    /** When a frame of each other strip came last (the output's, across re-targets). */
    private final Map<String, AtomicLong> others;
    private volatile long own;
    // The sender thread's own:
    private boolean waiting;

    /**
     * @param wanted the strip the output takes
     * @param others the output's record of the other strips' frames
     * @param now    when the output started taking that strip
     */
    StripWatch(String wanted, Map<String, AtomicLong> others, long now) {
        this.wanted = wanted;
        this.others = others;
        this.own = now;
    }

    /** A record of other strips for an output's life. */
    static Map<String, AtomicLong> strips() {
        return new ConcurrentHashMap<>();
    }

    /** On the show's loop, every frame: whether it is the output's strip. No lock, and no allocation once a strip is known. */
    boolean takes(String strip, long now) {
        if (wanted.equals(strip)) {
            own = now;
            return true;
        }
        String key = String.valueOf(strip);
        AtomicLong at = others.get(key);
        if (at == null && others.size() < MAX_STRIPS) {
            at = others.computeIfAbsent(key, k -> new AtomicLong());
        }
        if (at != null) {
            at.set(now);
        }
        return false;
    }

    /**
     * On the output's sender thread, at least once a second: says that the output waits, or that it waits no more.
     *
     * @param file names the output's configuration in the line
     */
    void check(String output, String file, long now, Voice voice) {
        boolean quiet = now - own > QUIET_NANOS;
        if (!waiting && quiet) {
            List<String> written = written(now);
            if (!written.isEmpty()) {
                waiting = true;
                voice.problem(file + ": output " + output + " has had no frame of strip " + wanted + " for "
                        + TimeUnit.NANOSECONDS.toSeconds(now - own) + " s, while the strips written are " + names(written)
                        + " (strip = " + wanted + " takes that strip's frames only; leave it out for every strip's)");
            }
        } else if (waiting && !quiet) {
            waiting = false;
            voice.info("output " + output + ": frames of strip " + wanted + " come now (" + file + ")");
        }
    }

    /** For live:outputs: what the output waits for while it does, or null. */
    String waiting(long now) {
        if (now - own <= QUIET_NANOS) {
            return null;
        }
        List<String> written = written(now);
        return written.isEmpty() ? null : "no frame of strip " + wanted + " for " + TimeUnit.NANOSECONDS.toSeconds(now - own)
                + " s; written: " + names(written);
    }

    /** The other strips written in the last {@value #QUIET_SECONDS} s, by name. */
    private List<String> written(long now) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, AtomicLong> e : others.entrySet()) {
            if (now - e.getValue().get() <= QUIET_NANOS) {
                names.add(e.getKey());
            }
        }
        return new ArrayList<>(new TreeSet<>(names));
    }

    private static String names(List<String> names) {
        return names.size() <= NAMED ? String.join(", ", names)
                : String.join(", ", names.subList(0, NAMED)) + " and " + (names.size() - NAMED) + " more";
    }
}
