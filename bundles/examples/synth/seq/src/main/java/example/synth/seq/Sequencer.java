package example.synth.seq;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.Default;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.audio.AudioBlock;
import dev.doitlive.api.audio.AudioBuffer;
import dev.doitlive.api.audio.AudioContext;
import dev.doitlive.api.audio.Block;

/**
 * The synth's sequencer: on the beat clock, {@link #stepsPerBeat} steps a beat through {@link #pattern}; a key held on
 * a MIDI keyboard (or {@code live:note}) plays instead while it is down. It makes no sound itself: it writes two
 * control channels for the oscillator and the envelope, the pitch and the gate (the velocity while a note
 * sounds, 0 between notes), the pitch as octaves from A4 (the modular synth's volt per octave: 0 is 440 Hz, 1 is 880),
 * so that a control signal stays in the range of a sound's. {@code live:set seq pattern "C3 . Eb3 G3"} changes the tune
 * at the next step.
 */
@Component(service = AudioBlock.class)
@Refreshable(name = "seq")
@Block(channels = 2, play = false)
public class Sequencer implements AudioBlock {
    /** The steps: a note name (C4, F#3, Bb2) sounds, {@code .} rests, {@code -} holds the note before. */
    @Default
    private String pattern = "A2 . A3 . C3 - E3 . G2 . G3 . B2 - D3 .";
    @Default
    private double stepsPerBeat = 4;
    /** How much of its step a note sounds, 0 to 1. */
    @Default
    private double gate = 0.6;
    @Default
    private double velocity = 0.8;

    /** The key held down (MIDI, live:note), or -1; its velocity. */
    private int held = -1;
    private float heldVelocity;

    // Working memory: the pattern as keys, made again only when the pattern changes.
    private transient String parsed;
    /** Per step: the key that sounds (a held step sounds the one before it), or -1 for a rest. */
    private transient int[] sounds;
    /** Per step: whether the next step holds its note, so that its gate stays open to the step's end. */
    private transient boolean[] tied;
    /** The pitch at the end of the last buffer: a rest keeps it, so that a note's release does not jump. */
    private transient float lastPitch;

    /** Where a pattern's words that are no notes are said (once a pattern). */
    @Reference
    private LiveRuntime runtime;

    @Override
    public void render(AudioBuffer out, AudioContext ctx) {
        for (int n = 0; n < ctx.notes(); n++) {
            if (ctx.noteVelocity(n) > 0) {
                held = ctx.noteKey(n);
                heldVelocity = ctx.noteVelocity(n);
            } else if (ctx.noteKey(n) == held) {
                held = -1;
            }
        }
        parse();
        int[] k = sounds;
        float[] pitch = out.channel(0);
        float[] level = out.channel(1);
        double bend = ctx.bend();
        for (int i = 0; i < ctx.frames(); i++) {
            if (held >= 0) {
                pitch[i] = (float) octaves(held + bend);
                level[i] = heldVelocity;
                continue;
            }
            double steps = (ctx.beat() + i * ctx.beatsPerFrame()) * stepsPerBeat;
            int step = (int) Math.floorMod((long) Math.floor(steps), (long) k.length);
            int key = k[step];
            if (key < 0) {
                pitch[i] = i > 0 ? pitch[i - 1] : lastPitch; // the release goes on at the pitch it had
                level[i] = 0;
            } else {
                pitch[i] = (float) octaves(key + bend);
                level[i] = tied[step] || steps - Math.floor(steps) < gate ? (float) velocity : 0;
            }
        }
        lastPitch = pitch[ctx.frames() - 1];
    }

    private void parse() {
        String p = pattern;
        if (p.equals(parsed)) {
            return;
        }
        String[] words = p.trim().isEmpty() ? new String[] {"."} : p.trim().split("\\s+");
        int n = words.length;
        int[] k = new int[n];
        boolean[] t = new boolean[n];
        java.util.List<String> bad = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            k[i] = words[i].equals("-") ? HOLD : key(words[i]);
            if (k[i] == REST && !words[i].equals(".")) {
                bad.add(words[i]);
            }
        }
        if (!bad.isEmpty() && runtime != null) { // once a pattern: it is parsed again only when it changes
            runtime.report("seq", "seq: pattern \"" + p + "\": " + String.join(", ", bad) + (bad.size() == 1 ? " is no note" : " are no notes")
                    + " (a note is a name with its octave: C4, F#3, Bb2; . rests, - holds): they rest");
        }
        for (int pass = 0; pass < 2; pass++) { // twice round: a hold at the start takes the note at the end
            for (int i = 0; i < n; i++) {
                if (words[i].equals("-")) {
                    k[i] = k[(i - 1 + n) % n];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            t[i] = words[(i + 1) % n].equals("-") && k[i] >= 0;
        }
        parsed = p;
        sounds = k;
        tied = t;
    }

    private static final int REST = -1;
    private static final int HOLD = -2;

    /** A key as octaves from A4 (key 69). */
    static double octaves(double key) {
        return (key - 69) / 12;
    }

    /** A note name with its octave (C4 is 60), or a rest for anything else. */
    static int key(String name) {
        if (!name.matches("[A-Ga-g][#b]?-?\\d")) {
            return REST;
        }
        int pitch = "C D EF G A B".indexOf(Character.toUpperCase(name.charAt(0)));
        int i = 1;
        if (name.charAt(1) == '#') {
            pitch++;
            i++;
        } else if (name.charAt(1) == 'b') {
            pitch--;
            i++;
        }
        int key = (Integer.parseInt(name.substring(i)) + 1) * 12 + pitch;
        return key < 0 || key > 127 ? REST : key;
    }
}
