package dev.doitlive.beat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.beat.onset.OnsetSource;

/**
 * The beat kit's settings, configuration PID {@code dev.doitlive.beat} ({@code config/dev.doitlive.beat.cfg}), each
 * value checked once when the configuration arrives: a bad value keeps the one in force and is said in one line naming
 * the file, as is a key that is no setting.
 *
 * @param bpm         the tempo at the start, unless one was set since (kept across restarts until
 *                    {@code live:bpm default})
 * @param beatsPerBar beats in a bar, unless set since ({@code live:bar})
 * @param onset       where the onset detector listens
 */
record Settings(double bpm, int beatsPerBar, OnsetSource onset) {
    static final String PID = "dev.doitlive.beat";
    static final Settings DEFAULTS = new Settings(120, 4, OnsetSource.OFF);
    private static final Set<String> KEYS = Set.of("bpm", "beatsPerBar", "onset");
    /** Keys the framework, Declarative Services and FileInstall put in every configuration: no settings of ours. */
    private static final List<String> NOT_OURS = List.of("service.", "component.", "felix.", "osgi.", "objectClass");
    /** A decimal number as the runtime takes one ({@code live:rate}): optional sign and exponent, no hex, no NaN. */
    static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");

    /**
     * Reads a configuration's properties against the settings in force before.
     *
     * @param problems receives one line per refused value or unknown key
     */
    static Settings check(Map<String, Object> props, Settings before, List<String> problems) {
        String where = where(props);
        double bpm = before.bpm;
        int beatsPerBar = before.beatsPerBar;
        OnsetSource onset = before.onset;
        Object rawBpm = props.get("bpm");
        if (rawBpm == null) {
            bpm = DEFAULTS.bpm;
        } else {
            String text = rawBpm.toString().strip();
            if (!DECIMAL.matcher(text).matches()) {
                problems.add(where + ": bpm = " + text + " is not a number of beats per minute" + comment(text) + "; bpm stays " + Lines.bpm(bpm));
            } else if (!inRange(Double.parseDouble(text))) {
                problems.add(where + ": bpm = " + text + " is out of range: give " + Lines.number(BeatClock.MIN_BPM) + " to "
                        + Lines.number(BeatClock.MAX_BPM) + "; bpm stays " + Lines.bpm(bpm));
            } else {
                bpm = Double.parseDouble(text);
            }
        }
        Object rawBar = props.get("beatsPerBar");
        if (rawBar == null) {
            beatsPerBar = DEFAULTS.beatsPerBar;
        } else {
            String text = rawBar.toString().strip();
            if (!WHOLE.matcher(text).matches()) {
                problems.add(where + ": beatsPerBar = " + text + " is not a whole number" + comment(text) + "; beatsPerBar stays " + beatsPerBar);
            } else if (text.length() > 3 || Integer.parseInt(text) < 1 || Integer.parseInt(text) > BeatClockImpl.MAX_BEATS_PER_BAR) {
                problems.add(where + ": beatsPerBar = " + text + " is out of range: give 1 to " + BeatClockImpl.MAX_BEATS_PER_BAR
                        + "; beatsPerBar stays " + beatsPerBar);
            } else {
                beatsPerBar = Integer.parseInt(text);
            }
        }
        Object rawOnset = props.get("onset");
        if (rawOnset == null) {
            onset = DEFAULTS.onset;
        } else {
            try {
                onset = OnsetSource.parse(rawOnset.toString(), folder(props));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": onset = " + rawOnset.toString().strip() + " " + e.getMessage() + "; onset stays " + before.onset);
            }
        }
        for (String key : new TreeSet<>(props.keySet())) {
            if (!KEYS.contains(key) && NOT_OURS.stream().noneMatch(key::startsWith)) {
                String like = KEYS.stream().filter(k -> k.equalsIgnoreCase(key)).findFirst().orElse(null);
                problems.add(where + ": " + key + " is no setting; it is ignored" + (like != null ? " (did you mean " + like + "?)"
                        : " (the settings: " + String.join(", ", new TreeSet<>(KEYS)) + ")"));
            }
        }
        return new Settings(bpm, beatsPerBar, onset);
    }

    /** {@code bpm = 128 # fast}: the comment is in the value. */
    private static String comment(String value) {
        return value.contains("#") ? " (a # starts a comment only at the start of a line)" : "";
    }

    static boolean inRange(double bpm) {
        return bpm >= BeatClock.MIN_BPM && bpm <= BeatClock.MAX_BPM;
    }

    /** The file the configuration came from ({@code dev.doitlive.beat.cfg}), or its PID when it came another way. */
    static String where(Map<String, Object> props) {
        Object file = props.get("felix.fileinstall.filename");
        if (file == null) {
            return "configuration " + PID;
        }
        String location = file.toString();
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\'));
        return slash < 0 ? location : location.substring(slash + 1);
    }

    /**
     * Whether {@code props} hold a configuration (DS gives a component its own properties only, without a
     * {@code service.pid}, when there is none: no .cfg, or it was deleted).
     */
    static boolean configured(Map<String, Object> props) {
        return props.get("felix.fileinstall.filename") != null || props.get("service.pid") != null;
    }

    /** The folder of the .cfg, which a relative WAV path is taken from; the working folder otherwise. */
    private static Path folder(Map<String, Object> props) {
        Object file = props.get("felix.fileinstall.filename");
        try {
            if (file != null) {
                String location = file.toString();
                Path cfg = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
                if (cfg.getParent() != null) {
                    return cfg.getParent();
                }
            }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            // not a file URL: the working folder
        }
        return Path.of("").toAbsolutePath();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "bpm = %s, beatsPerBar = %d, onset = %s", Lines.number(bpm), beatsPerBar, onset);
    }
}
