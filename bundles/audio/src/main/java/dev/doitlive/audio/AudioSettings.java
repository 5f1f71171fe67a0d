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
 * wins over the file's {@code KEY} (the tests set {@code doitlive.audio.sink = off}); one that is no good is said and
 * the file's value is used, as the other kits' properties are. A quoted value is escaped where it is not printable.
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
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)");

    /**
     * Reads a configuration against the settings in force before.
     *
     * @param property the framework property of a name ({@code doitlive.audio.sink}), or null
     * @param problems receives one line per refused value or unknown key
     */
    static AudioSettings check(Map<String, ?> props, AudioSettings before, Function<String, String> property, List<String> problems) {
        String file = where(props);
        Reader r = new Reader(props, property, file, problems);
        String sinkBefore = before.sink + (before.device == null ? "" : ":" + before.device);
        String sinkText = r.read("sink", sinkBefore, DEFAULTS.sink, t -> {
            String kind = t.contains(":") ? t.substring(0, t.indexOf(':')) : t;
            if (kind.equals("device") || List.of("wav", "discard", "off").contains(t)) {
                return t;
            }
            throw new Refused(List.of("device", "wav", "discard", "off").contains(kind.toLowerCase(java.util.Locale.ROOT))
                    ? "is no sink: sinks are written in lower case (" + kind.toLowerCase(java.util.Locale.ROOT) + t.substring(kind.length()) + ")"
                    : "is no sink: give device (or device:NAME), wav, discard or off");
        });
        String sink = sinkText.contains(":") ? sinkText.substring(0, sinkText.indexOf(':')) : sinkText;
        String device = sinkText.contains(":") && !sinkText.substring(sinkText.indexOf(':') + 1).isBlank()
                ? sinkText.substring(sinkText.indexOf(':') + 1).strip() : null;
        int sampleRate = r.whole("sampleRate", before.sampleRate, DEFAULTS.sampleRate, 8000, 192000);
        int frames = r.whole("frames", before.frames, DEFAULTS.frames, 16, 8192);
        int buffers = r.whole("buffers", before.buffers, DEFAULTS.buffers, 1, 64);
        int channels = r.whole("channels", before.channels, DEFAULTS.channels, 1, 2);
        int crossfade = r.whole("crossfade", before.crossfade, DEFAULTS.crossfade, 0, 192000);
        double limiter = r.decimal("limiter", before.limiter, DEFAULTS.limiter, 0.1, 1);
        int wavMaxSeconds = r.whole("wavMaxSeconds", before.wavMaxSeconds, DEFAULTS.wavMaxSeconds, 1, 86400);
        Path wav = r.read("wav", before.wav, DEFAULTS.wav, t -> {
            if (t.isEmpty()) {
                throw new Refused("is empty: give a file (relative to the folder the runtime runs in)");
            }
            Path w;
            try {
                w = Path.of(t).toAbsolutePath().normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new Refused("is no file name (" + e.getReason() + ")");
            }
            // A folder that does not exist is refused, not made: a typo would otherwise record somewhere nobody looks.
            if (w.getParent() != null && !java.nio.file.Files.isDirectory(w.getParent())) {
                throw new Refused("is in no folder: " + w.getParent() + " does not exist (make it first)");
            }
            if (java.nio.file.Files.isDirectory(w)) {
                throw new Refused("is a folder: give a file in it");
            }
            return w;
        });
        for (String key : new TreeSet<>(props.keySet())) {
            if (!KEYS.contains(key) && NOT_OURS.stream().noneMatch(key::startsWith)) {
                String like = KEYS.stream().filter(k -> k.equalsIgnoreCase(key) || near(k, key)).findFirst().orElse(null);
                problems.add(file + ": " + shown(key) + " is no setting; it is ignored" + (like != null ? " (did you mean " + like + "?)"
                        : " (the settings: " + String.join(", ", KEYS) + ")"));
            }
        }
        return new AudioSettings(sink, device, sampleRate, frames, buffers, channels, crossfade, limiter, wav, wavMaxSeconds);
    }

    /** Text from a file or a property as a line may quote it: what is not printable escaped, and not too long. */
    static String shown(Object value) {
        String t = String.valueOf(value);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.length() && b.length() < 80; i++) {
            char c = t.charAt(i);
            int type = Character.getType(c);
            if (c < 0x20 || c == 0x7f || Character.isISOControl(c) || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE || type == Character.FORMAT || c == '\uFFFD') {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.length() >= 80 && t.length() > 80 ? b + "..." : b.toString();
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
        return String.format(Locale.ROOT, "sink = %s, %d Hz, %d frames (%.1f ms), %d buffers, %d %s, crossfade %d frames, limiter %s",
                sink + (device == null ? "" : ":" + device), sampleRate, frames, periodMillis(), buffers, channels, channels == 1 ? "channel" : "channels", crossfade,
                java.math.BigDecimal.valueOf(limiter).stripTrailingZeros().toPlainString());
    }

    /** Why a value cannot be used, in the words after "KEY = VALUE". */
    private static final class Refused extends RuntimeException {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    private interface Parse<T> {
        T parse(String text);
    }

    /**
     * Reads each key from the framework property {@code doitlive.audio.KEY} when set, else from the file; saying what it
     * refuses: a bad property leaves the file's value in use (as the other kits' properties do), a bad file value the one
     * in force.
     */
    private record Reader(Map<String, ?> values, Function<String, String> property, String file, List<String> problems) {
        <T> T read(String key, T before, T fallback, Parse<T> parse) {
            Object inFile = values.get(key);
            String p = property.apply(PROPERTY_PREFIX + key);
            if (p != null && !p.isBlank()) {
                try {
                    return parse.parse(p.strip());
                } catch (Refused r) {
                    problems.add("framework property " + PROPERTY_PREFIX + key + " = " + shown(p.strip()) + " " + r.getMessage() + "; "
                            + (inFile != null ? "the file's " + key + " = " + shown(inFile.toString().strip()) + " is used instead"
                                    : key + " is its default, " + shown(fallback)));
                }
            }
            if (inFile == null) {
                return fallback;
            }
            String t = inFile.toString().strip();
            try {
                return parse.parse(t);
            } catch (Refused r) {
                problems.add(file + ": " + key + " = " + shown(t) + " " + r.getMessage() + "; " + key + " stays " + shown(before));
                return before;
            }
        }

        int whole(String key, int before, int fallback, int lo, int hi) {
            return read(key, before, fallback, t -> {
                if (!WHOLE.matcher(t).matches()) {
                    throw new Refused("is not a whole number");
                }
                java.math.BigInteger n = new java.math.BigInteger(t);
                if (n.compareTo(java.math.BigInteger.valueOf(lo)) < 0 || n.compareTo(java.math.BigInteger.valueOf(hi)) > 0) {
                    throw new Refused("is out of range: give " + lo + " to " + hi);
                }
                return n.intValue();
            });
        }

        double decimal(String key, double before, double fallback, double lo, double hi) {
            return read(key, before, fallback, t -> {
                if (!DECIMAL.matcher(t).matches()) {
                    throw new Refused("is not a number");
                }
                double d = Double.parseDouble(t);
                if (d < lo || d > hi) {
                    throw new Refused("is out of range: give " + lo + " to " + hi);
                }
                return d;
            });
        }
    }
}
