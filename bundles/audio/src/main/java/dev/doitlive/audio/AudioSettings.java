package dev.doitlive.audio;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The audio engine's settings, configuration PID {@value #PID} ({@code config/dev.doitlive.audio.cfg}), each value
 * checked when the configuration arrives: a bad value keeps the one in force (at the start, the default) and is said in
 * one line naming the file, as is a key that is no setting. A framework property {@code doitlive.audio.KEY}, when set,
 * wins over the file's {@code KEY} (the tests set {@code doitlive.audio.sink = off}).
 *
 * @param sink       {@code device}, {@code wav}, {@code discard} or {@code off}
 * @param device     with {@code device:NAME}, the part of the device's name to look for; null for the default device
 * @param wav        the WAV file {@code sink = wav} writes, absolute
 * @param crossfade  frames a swap's crossfade takes, 0 for none
 * @param limiter    the peak the output never passes, 0.1 to 1 (full scale)
 */
record AudioSettings(String sink, String device, int sampleRate, int frames, int buffers, int channels, int crossfade, double limiter,
        Path wav, int wavMaxSeconds) {
    static final String PID = "dev.doitlive.audio";
    static final String PROPERTY_PREFIX = "doitlive.audio.";
    static final AudioSettings DEFAULTS = new AudioSettings("device", null, 48000, 256, 2, 2, 256, 0.9, Path.of("audio.wav").toAbsolutePath(), 600);
    private static final List<String> KEYS = List.of("sink", "sampleRate", "frames", "buffers", "channels", "crossfade", "limiter", "wav",
            "wavMaxSeconds");
    private static final List<String> NOT_OURS = List.of("service.", "component.", "felix.", "osgi.", "objectClass");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,9}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)");

    /**
     * Reads a configuration against the settings in force before.
     *
     * @param property the framework property of a name ({@code doitlive.audio.sink}), or null
     * @param problems receives one line per refused value or unknown key
     */
    static AudioSettings check(Map<String, ?> props, AudioSettings before, Function<String, String> property, List<String> problems) {
        String file = where(props);
        Map<String, Object> values = new LinkedHashMap<>(props);
        Map<String, String> from = new LinkedHashMap<>();
        for (String k : KEYS) {
            String p = property.apply(PROPERTY_PREFIX + k);
            if (p != null && !p.isBlank()) {
                values.put(k, p);
                from.put(k, "framework property " + PROPERTY_PREFIX + k);
            }
        }
        Reader r = new Reader(values, k -> from.getOrDefault(k, file), problems);
        String sink = before.sink;
        String device = before.device;
        Object s = values.get("sink");
        if (s == null) {
            sink = DEFAULTS.sink;
            device = null;
        } else {
            String t = s.toString().strip();
            String kind = t.contains(":") ? t.substring(0, t.indexOf(':')) : t;
            if (kind.equals("device")) {
                sink = kind;
                device = t.contains(":") && !t.substring(t.indexOf(':') + 1).isBlank() ? t.substring(t.indexOf(':') + 1).strip() : null;
            } else if (List.of("wav", "discard", "off").contains(t)) {
                sink = t;
                device = null;
            } else {
                problems.add(from.getOrDefault("sink", file) + ": sink = " + t + " is none: give device (or device:NAME), wav, discard or off;"
                        + " sink stays " + sink + (device == null ? "" : ":" + device));
            }
        }
        int sampleRate = r.whole("sampleRate", before.sampleRate, DEFAULTS.sampleRate, 8000, 192000);
        int frames = r.whole("frames", before.frames, DEFAULTS.frames, 16, 8192);
        int buffers = r.whole("buffers", before.buffers, DEFAULTS.buffers, 1, 64);
        int channels = r.whole("channels", before.channels, DEFAULTS.channels, 1, 2);
        int crossfade = r.whole("crossfade", before.crossfade, DEFAULTS.crossfade, 0, 192000);
        double limiter = r.decimal("limiter", before.limiter, DEFAULTS.limiter, 0.1, 1);
        int wavMaxSeconds = r.whole("wavMaxSeconds", before.wavMaxSeconds, DEFAULTS.wavMaxSeconds, 1, 86400);
        Path wav = before.wav;
        Object w = values.get("wav");
        if (w == null) {
            wav = DEFAULTS.wav;
        } else if (w.toString().isBlank()) {
            problems.add(from.getOrDefault("wav", file) + ": wav is empty: give a file (relative to the folder the runtime runs in); wav stays " + wav);
        } else {
            try {
                wav = Path.of(w.toString().strip()).toAbsolutePath();
            } catch (java.nio.file.InvalidPathException e) {
                problems.add(from.getOrDefault("wav", file) + ": wav = " + w + " is no file name (" + e.getReason() + "); wav stays " + wav);
            }
        }
        for (String key : new TreeSet<>(props.keySet())) {
            if (!KEYS.contains(key) && NOT_OURS.stream().noneMatch(key::startsWith)) {
                String like = KEYS.stream().filter(k -> k.equalsIgnoreCase(key) || near(k, key)).findFirst().orElse(null);
                problems.add(file + ": " + key + " is no setting; it is ignored" + (like != null ? " (did you mean " + like + "?)"
                        : " (the settings: " + String.join(", ", KEYS) + ")"));
            }
        }
        return new AudioSettings(sink, device, sampleRate, frames, buffers, channels, crossfade, limiter, wav, wavMaxSeconds);
    }

    /** One letter more, less or changed (a typo): the edit distance is at most 1. */
    private static boolean near(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] prev = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            int[] row = new int[y.length() + 1];
            row[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                row[j] = Math.min(Math.min(row[j - 1], prev[j]) + 1, prev[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1));
            }
            prev = row;
        }
        return prev[y.length()] <= 1;
    }

    /** Whether a change from {@code o} needs a new audio thread (and output); a crossfade or limiter does not. */
    boolean restarts(AudioSettings o) {
        return !sink.equals(o.sink) || !java.util.Objects.equals(device, o.device) || sampleRate != o.sampleRate || frames != o.frames
                || buffers != o.buffers || channels != o.channels || !wav.equals(o.wav) || wavMaxSeconds != o.wavMaxSeconds;
    }

    /** How long one buffer plays, in milliseconds. */
    double periodMillis() {
        return frames * 1000.0 / sampleRate;
    }

    /** The file the configuration came from, or its PID when it came another way. */
    static String where(Map<String, ?> props) {
        Object file = props.get("felix.fileinstall.filename");
        if (file == null) {
            return "configuration " + PID;
        }
        String location = file.toString();
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\'));
        return slash < 0 ? location : location.substring(slash + 1);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "sink = %s, %d Hz, %d frames (%.1f ms), %d buffers, %d channels, crossfade %d frames, limiter %s",
                sink + (device == null ? "" : ":" + device), sampleRate, frames, periodMillis(), buffers, channels, crossfade,
                java.math.BigDecimal.valueOf(limiter).stripTrailingZeros().toPlainString());
    }

    /** Reads numbers, saying what it refuses. */
    private record Reader(Map<String, Object> values, Function<String, String> where, List<String> problems) {
        int whole(String key, int before, int fallback, int lo, int hi) {
            Object v = values.get(key);
            if (v == null) {
                return fallback;
            }
            String t = v.toString().strip();
            if (!WHOLE.matcher(t).matches()) {
                problems.add(where.apply(key) + ": " + key + " = " + t + " is not a whole number; " + key + " stays " + before);
                return before;
            }
            int n = Integer.parseInt(t);
            if (n < lo || n > hi) {
                problems.add(where.apply(key) + ": " + key + " = " + t + " is out of range: give " + lo + " to " + hi + "; " + key + " stays " + before);
                return before;
            }
            return n;
        }

        double decimal(String key, double before, double fallback, double lo, double hi) {
            Object v = values.get(key);
            if (v == null) {
                return fallback;
            }
            String t = v.toString().strip();
            if (!DECIMAL.matcher(t).matches()) {
                problems.add(where.apply(key) + ": " + key + " = " + t + " is not a number; " + key + " stays " + before);
                return before;
            }
            double d = Double.parseDouble(t);
            if (d < lo || d > hi) {
                problems.add(where.apply(key) + ": " + key + " = " + t + " is out of range: give " + lo + " to " + hi + "; " + key + " stays " + before);
                return before;
            }
            return d;
        }
    }
}
