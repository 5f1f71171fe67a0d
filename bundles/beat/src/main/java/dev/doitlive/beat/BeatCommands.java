package dev.doitlive.beat;

import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.doitlive.api.beat.BeatClock;

/**
 * The beat kit's {@code live:} commands: {@code bpm}, {@code tap}, {@code downbeat}, {@code bar}. Each checks its
 * argument, makes one call into the clock and returns its one line; a bad argument is one line naming it (Gogo prints
 * an exception's message).
 */
@Component(service = BeatCommands.class)
@GogoCommand(scope = "live", function = {"bpm", "tap", "downbeat", "bar"})
public class BeatCommands {
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,9}");

    @Reference
    BeatClockImpl clock;

    /** For Declarative Services. */
    public BeatCommands() {
    }

    /** For tests: a clock of their own. */
    BeatCommands(BeatClockImpl clock) {
        this.clock = clock;
    }

    @Descriptor("show the tempo, who set it, the beat and where in the bar the show is")
    public String bpm() {
        return clock.status();
    }

    @Descriptor("set the tempo, the beat going on without a jump; kept across restarts until live:bpm default gives back the"
            + " tempo of dev.doitlive.beat.cfg")
    public String bpm(@Descriptor("beats per minute as a decimal number (" + (int) BeatClock.MIN_BPM + " to "
            + (int) BeatClock.MAX_BPM + "), or default") String bpm) {
        if (isDefault(bpm)) {
            return clock.defaultBpm();
        }
        // A number as live:rate takes it (and bpm in dev.doitlive.beat.cfg): a decimal with an optional exponent, 1e2 too.
        String text = bpm.strip();
        if (!Settings.DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("live:bpm expects beats per minute as a decimal number (" + Lines.number(BeatClock.MIN_BPM)
                    + " to " + Lines.number(BeatClock.MAX_BPM) + ") or 'default', got '" + bpm + "'");
        }
        double value = Double.parseDouble(text);
        if (!Settings.inRange(value)) { // named as typed: 1e999 is too large for a double, and no "Infinity bpm"
            throw new IllegalArgumentException(clock.outOfRange(text));
        }
        return clock.bpm(value, "live:bpm");
    }

    @Descriptor("tap the beat: from the second tap the tempo is the average interval of the last taps (a stray one"
            + " ignored) and the beat falls on the tap; a pause of over 2.5 beats starts a new series")
    public String tap() {
        return clock.tap("live:tap");
    }

    @Descriptor("the bar starts now: the beat falls here and is the first of a bar")
    public String downbeat() {
        return clock.downbeat("live:downbeat");
    }

    @Descriptor("show the beats per bar and where in the bar the show is")
    public String bar() {
        Tempo t = clock.tempo();
        double phase = t.barPhaseOf(t.beatAt(System.nanoTime()));
        return String.format(Locale.ROOT, "%s per bar; beat %d of the bar now (bar phase %.2f)", Lines.beats(t.beatsPerBar()),
                (int) Math.floor(phase * t.beatsPerBar()) + 1, phase);
    }

    @Descriptor("set the beats per bar, the bar starting on the current beat; kept across restarts until live:bar default"
            + " gives back the beats per bar of dev.doitlive.beat.cfg")
    public String bar(@Descriptor("beats in a bar, 1 to " + BeatClockImpl.MAX_BEATS_PER_BAR + ", or default") String beats) {
        if (isDefault(beats)) {
            return clock.defaultBeatsPerBar();
        }
        String text = beats.strip();
        if (!WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("live:bar expects a whole number of beats (1 to " + BeatClockImpl.MAX_BEATS_PER_BAR
                    + ") or 'default', got '" + beats + "'");
        }
        return clock.beatsPerBar(Integer.parseInt(text), "live:bar");
    }

    /**
     * Gogo calls a method named {@code _main} when a command's arguments fit none of its methods: the command's usage,
     * instead of Gogo's "Cannot coerce".
     */
    @Descriptor("prints a beat command's usage when its arguments fit none of its forms")
    public String _main(@Descriptor("the command's name, then the arguments given") String... words) {
        String command = words.length == 0 ? "" : words[0].toLowerCase(Locale.ROOT);
        String usage = switch (command) {
            case "bpm" -> "live:bpm [BPM | default]";
            case "tap" -> "live:tap";
            case "downbeat" -> "live:downbeat";
            case "bar" -> "live:bar [BEATS | default]";
            default -> throw new IllegalArgumentException("unknown command 'live:" + command + "'");
        };
        throw new IllegalArgumentException("live:" + command + ": wrong arguments; usage: " + usage);
    }

    private static boolean isDefault(String value) {
        return value != null && value.strip().equalsIgnoreCase("default");
    }
}
