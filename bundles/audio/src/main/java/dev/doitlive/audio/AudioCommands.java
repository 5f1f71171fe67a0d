package dev.doitlive.audio;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.doitlive.api.audio.AudioContext;

/** {@code live:audio} (what plays, how it keeps up, each block) and {@code live:note} (a note without a keyboard). */
@Component(service = AudioCommands.class, immediate = true) // immediate: a note's scheduled off outlives the command
@GogoCommand(scope = "live", function = {"audio", "note"})
public class AudioCommands {
    static final String NOTE_USAGE = "live:note KEY [VELOCITY [SECONDS]]: KEY a MIDI key (0 to 127) or a name (C4, F#3, Bb2; A4 is 69,"
            + " 440 Hz); VELOCITY 1 to 127 (100), 0 for its note off; SECONDS it is held (0.5), 0 until its note off";
    private static final String[] NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    /** Optional: without a configuration there is no engine, and live:audio says so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Engine engine;

    private ScheduledExecutorService offs;

    @Activate
    void activate() {
        offs = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "doitlive-audio-notes");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        offs.shutdownNow().forEach(Runnable::run); // the notes still held go off now: none hangs on
    }

    @Descriptor("what the audio engine plays (the output, the sample rate, the buffer), how it keeps up (late buffers, the worst"
            + " render) and each block of its graph: inputs, channels, whether played, renders, mean and worst render time,"
            + " slow renders, failures, crossfades, status")
    public String audio() {
        Engine e = engine;
        if (e == null) {
            return "audio: off: no configuration " + AudioSettings.PID + " (config/" + AudioSettings.PID + ".cfg is missing)";
        }
        AudioSettings s = e.settings();
        return Views.audio(e.status(), s == null ? null : s.toString());
    }

    @Descriptor("prints live:audio's usage when its arguments fit none of its forms")
    public String _main(@Descriptor("the command's name, then the arguments given") String... words) {
        if (words.length > 0 && words[0].endsWith("note")) {
            throw new IllegalArgumentException("live:note: wrong arguments; usage: " + NOTE_USAGE);
        }
        throw new IllegalArgumentException("live:audio: wrong arguments; usage: live:audio (it takes none)");
    }

    @Descriptor("play a note for half a second, as a MIDI key would (channel 1), to try a synth without a keyboard")
    public String note(@Descriptor("a MIDI key, 0 to 127, or a name: C4, F#3, Bb2 (A4 is 69)") String key) {
        return note(key, "100", "0.5");
    }

    @Descriptor("play a note at a velocity (1 to 127) for half a second; 0 is its note off")
    public String note(@Descriptor("a MIDI key or a name") String key, @Descriptor("velocity, 1 to 127; 0: note off") String velocity) {
        return note(key, velocity, "0.5");
    }

    @Descriptor("play a note at a velocity for some seconds; 0 seconds holds it until its note off (live:note KEY 0)")
    public String note(@Descriptor("a MIDI key or a name") String key, @Descriptor("velocity, 1 to 127; 0: note off") String velocity,
            @Descriptor("seconds it is held, up to 60; 0: until its note off") String seconds) {
        // The arguments first: a wrong key is said as such whether or not anything plays.
        int k = key(key);
        int v = whole(velocity, 0, 127, "velocity");
        double held = decimal(seconds, 0, 60, "seconds");
        Engine e = engine;
        if (e == null) {
            throw new IllegalStateException("live:note: the audio engine is off: no configuration " + AudioSettings.PID);
        }
        if (e.player() == null) {
            throw new IllegalStateException("live:note: the audio is off (sink = off): no block hears " + name(k)
                    + "; set sink in config/" + AudioSettings.PID + ".cfg");
        }
        String named = name(k) + " (" + k + ", " + String.format(Locale.ROOT, "%.1f Hz", AudioContext.hertz(k)) + ")";
        if (v == 0) {
            e.noteOff(1, k);
            return "note " + named + " off";
        }
        e.noteOn(1, k, v);
        if (held > 0) {
            offs.schedule(() -> e.noteOff(1, k), Math.round(held * 1000), TimeUnit.MILLISECONDS);
            return "note " + named + " on at velocity " + v + " for " + seconds.strip() + " s";
        }
        return "note " + named + " on at velocity " + v + " until live:note " + key.strip() + " 0";
    }

    /** A key: 0 to 127, or a name with its octave (C4 is 60, A4 69; sharps #, flats b). */
    static int key(String text) {
        String t = text.strip();
        if (t.matches("\\d{1,3}")) {
            int k = Integer.parseInt(t);
            if (k <= 127) {
                return k;
            }
        } else if (t.matches("[A-Ga-g][#b]?-?\\d")) {
            int pitch = "C D EF G A B".indexOf(Character.toUpperCase(t.charAt(0)));
            int i = 1;
            if (t.charAt(1) == '#') {
                pitch++;
                i++;
            } else if (t.charAt(1) == 'b') {
                pitch--;
                i++;
            }
            int k = (Integer.parseInt(t.substring(i)) + 1) * 12 + pitch;
            if (k >= 0 && k <= 127) {
                return k;
            }
            throw new IllegalArgumentException("live:note: '" + t + "' is key " + k + ", beyond MIDI's 0 (C-1) to 127 (G9)");
        }
        if (t.matches("\\d+")) {
            throw new IllegalArgumentException("live:note: key " + t + " is beyond MIDI's 0 to 127");
        }
        throw new IllegalArgumentException("live:note: '" + t + "' is no key: give 0 to 127 or a name with its octave (C4, F#3, Bb2)");
    }

    static String name(int key) {
        return NAMES[key % 12] + (key / 12 - 1);
    }

    private static int whole(String text, int lo, int hi, String what) {
        String t = text.strip();
        if (t.matches("\\d{1,4}") && Integer.parseInt(t) >= lo && Integer.parseInt(t) <= hi) {
            return Integer.parseInt(t);
        }
        throw new IllegalArgumentException("live:note: " + what + " '" + t + "': give " + lo + " to " + hi);
    }

    private static double decimal(String text, double lo, double hi, String what) {
        String t = text.strip();
        try {
            double d = Double.parseDouble(t);
            if (d >= lo && d <= hi) {
                return d;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("live:note: " + what + " '" + t + "': give " + (int) lo + " to " + (int) hi);
    }
}
