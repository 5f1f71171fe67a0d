package dev.doitlive.controls.midi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.doitlive.api.FieldDTO;
import dev.doitlive.api.audio.NoteListener;
import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.controls.KitLines;
import dev.doitlive.controls.Members;
import dev.doitlive.controls.Targets;
import dev.doitlive.controls.Throttle;

/**
 * MIDI in: every input device ({@link DeviceWatch}) and the kit's own {@link Receiver} service (for a program or a
 * test to play into: {@code (doitlive.midi=kit)}) feed one set of mappings, from the mapping files ({@link MappingFile})
 * and from {@code live:learn}. A message goes to every mapping of its control; a control that was learned follows only
 * what was learned for it.
 * <ul>
 * <li>A control change's 0..127 is scaled to the mapping's range, or the field's own: 0..1 for a number (and a method's
 * one argument), 0..127 for a whole number, the constants' indexes for an enum; a boolean is true from 64.</li>
 * <li>A note on calls a method (no argument), toggles a boolean (with {@code hold}: true while the key is down), or sets
 * a number field to the range's top (1), and its note off to the bottom (0).</li>
 * <li>MIDI clock: 24 clocks a beat set the beat clock's tempo ({@link ClockFollower}); start sets its downbeat.</li>
 * <li>Every note and the pitch wheel also go to each {@link NoteListener} (the audio engine, which plays them).</li>
 * </ul>
 */
@Component(service = {MidiKit.class, Receiver.class}, property = MidiKit.SERVICE_PROPERTY + "=kit", immediate = true)
public class MidiKit implements Receiver {
    static final String SERVICE_PROPERTY = "doitlive.midi";
    static final String CLOCK_SOURCE = "midi clock";
    /** live:midi's order: control changes, then notes, each by number (cc.2 before cc.16), then channel. */
    static final Comparator<Mapping> BY_CONTROL = Comparator.comparing((Mapping m) -> m.control().note())
            .thenComparingInt(m -> m.control().number()).thenComparingInt(m -> m.control().channel());

    @Reference
    private KitLines lines;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BeatClock clock;

    /** Whoever plays notes (the audio engine): every key and the pitch wheel go to each, besides the mappings. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<NoteListener> players;

    /** The mapping files; each message reads their mappings as they are now (an edit replaces a file's whole). */
    private final List<MappingFile> files = new CopyOnWriteArrayList<>();
    private final Learning learning = new Learning();
    private final MidiInput service = new MidiInput("the kit's Receiver service", this);
    private BundleContext context;
    private Targets targets;
    private Throttle throttle;
    private DeviceWatch devices;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addFile(MappingFile f) {
        files.add(f);
    }

    void removeFile(MappingFile f) {
        files.remove(f);
    }

    private List<Mapping> fromFiles() {
        List<Mapping> all = new ArrayList<>();
        files.forEach(f -> all.addAll(f.mappings()));
        return all;
    }

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        targets = new Targets(lines.runtime());
        throttle = new Throttle("MIDI problems", l -> lines.problem("midi", l));
        devices = new DeviceWatch(this);
        devices.start();
    }

    @Deactivate
    void deactivate() {
        devices.close();
    }

    /** The Receiver service: what a program plays into the kit is one more input. */
    @Override
    public void send(MidiMessage message, long timeStamp) {
        service.send(message, timeStamp);
    }

    /** A sender closing the service's receiver: the kit stays. */
    @Override
    public void close() {
    }

    void say(String line) {
        lines.say(line);
    }

    void problem(String line) {
        throttle.say(line);
    }

    void tick() {
        throttle.tick();
    }

    // ------------------------------------------------------------------ messages (on the input's thread)

    void message(MidiInput in, MidiMessage m, long timeStamp) {
        int status = m.getStatus();
        switch (status) {
            case ShortMessage.TIMING_CLOCK -> clockTick(in, timeStamp);
            case ShortMessage.START -> start(in);
            case ShortMessage.CONTINUE -> in.clock.restart();
            case ShortMessage.STOP -> stop(in);
            default -> {
                if (status < 0xF0 && m instanceof ShortMessage s) {
                    channelMessage(in, s);
                }
            }
        }
    }

    private void channelMessage(MidiInput in, ShortMessage s) {
        int command = s.getCommand();
        int channel = s.getChannel() + 1;
        int number = s.getData1();
        int value = s.getData2();
        play(in, command, channel, number, value);
        if (command == ShortMessage.CONTROL_CHANGE) {
            if (number <= Control.LAST_CC) {
                control(in, false, channel, number, value, true);
            }
        } else if (command == ShortMessage.NOTE_ON && value > 0) {
            control(in, true, channel, number, value, true);
        } else if (command == ShortMessage.NOTE_OFF || command == ShortMessage.NOTE_ON) {
            control(in, true, channel, number, 0, false);
        }
    }

    /** Notes and the pitch wheel to every {@link NoteListener}; one that throws is said (throttled), the others still hear it. */
    private void play(MidiInput in, int command, int channel, int number, int value) {
        List<NoteListener> all = players;
        if (all == null || all.isEmpty()
                || (command != ShortMessage.NOTE_ON && command != ShortMessage.NOTE_OFF && command != ShortMessage.PITCH_BEND)) {
            return;
        }
        for (NoteListener p : all) {
            try {
                if (command == ShortMessage.PITCH_BEND) {
                    p.pitchBend(channel, ((value << 7) | number) - 8192);
                } else if (command == ShortMessage.NOTE_ON && value > 0) {
                    p.noteOn(channel, number, value);
                } else {
                    p.noteOff(channel, number);
                }
            } catch (RuntimeException | LinkageError e) {
                throttle.say("midi: from '" + in.name + "': a note listener failed: " + e);
            }
        }
    }

    private void control(MidiInput in, boolean note, int channel, int number, int value, boolean on) {
        Mapping[] learnt = on ? learning.take(note, channel, number) : null;
        if (learnt != null) {
            learnt(in, learnt[0], learnt[1]);
        }
        List<Mapping> apply = matching(learning.mappings(), note, channel, number);
        if (apply.isEmpty()) {
            for (MappingFile f : files) {
                List<Mapping> more = matching(f.mappings(), note, channel, number);
                if (!more.isEmpty()) {
                    apply = apply.isEmpty() ? more : concat(apply, more);
                }
            }
        }
        for (Mapping m : apply) {
            try {
                if (note) {
                    note(m, on);
                } else {
                    cc(m, value);
                }
            } catch (Exception e) {
                String what = (note ? "note." + channel + "." + number + (on ? " on" : " off") : "cc." + channel + "." + number
                        + " = " + value);
                throttle.say("midi: " + what + " from '" + in.name + "' -> " + m.target() + ": " + (e instanceof IllegalArgumentException
                        || e instanceof IllegalStateException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
    }

    private static List<Mapping> concat(List<Mapping> a, List<Mapping> b) {
        List<Mapping> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }

    private static List<Mapping> matching(List<Mapping> all, boolean note, int channel, int number) {
        List<Mapping> out = null;
        for (Mapping m : all) {
            if (m.control().matches(note, channel, number)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(m);
            }
        }
        return out == null ? List.of() : out;
    }

    /** A control change on a mapping: the value scaled for the field's kind (a method takes 0..1 unless a range says). */
    private void cc(Mapping m, int value) throws Exception {
        FieldDTO f = targets.field(m.name(), m.member());
        Object v;
        if (f != null && f.kind == FieldDTO.Kind.BOOLEAN) {
            v = value >= 64;
        } else {
            double lo = m.lo() != null ? m.lo() : 0;
            double hi = m.lo() != null ? m.hi() : f == null ? 1 : switch (f.kind) {
                case WHOLE -> 127;
                case CHOICE -> f.choices == null ? 0 : f.choices.length - 1;
                default -> 1;
            };
            v = lo + (hi - lo) * value / 127.0;
        }
        targets.apply(m.name(), m.member(), List.of(v));
    }

    /** A note on or off on a mapping. */
    private void note(Mapping m, boolean on) throws Exception {
        FieldDTO f = targets.field(m.name(), m.member());
        if (f == null) {
            if (on) {
                targets.apply(m.name(), m.member(), List.of()); // a method, called with no argument
            }
            return;
        }
        if (f.kind == FieldDTO.Kind.BOOLEAN) {
            if (m.hold()) {
                targets.apply(m.name(), m.member(), List.of(on));
            } else if (on) {
                boolean now = Boolean.parseBoolean(targets.read(m.name(), m.member()).value);
                targets.apply(m.name(), m.member(), List.of(!now));
            }
            return;
        }
        double v = on ? (m.hi() != null ? m.hi() : 1) : (m.lo() != null ? m.lo() : 0);
        targets.apply(m.name(), m.member(), List.of(v));
    }

    private void clockTick(MidiInput in, long timeStamp) {
        // A device's time stamp (microseconds) is when the clock came in, free of this thread's delays; else now.
        long nanos = timeStamp >= 0 ? timeStamp * 1000 : System.nanoTime();
        double bpm = in.clock.clock(nanos);
        if (Double.isNaN(bpm)) {
            return;
        }
        BeatClock c = beatClock(in, "clock");
        if (c == null) {
            return;
        }
        try {
            c.bpm(bpm, CLOCK_SOURCE);
        } catch (IllegalArgumentException e) {
            throttle.say("midi: clock from '" + in.name + "' at " + String.format(Locale.ROOT, "%.1f", bpm) + " bpm: " + e.getMessage());
        }
    }

    private void start(MidiInput in) {
        in.clock.restart();
        BeatClock c = beatClock(in, "start");
        if (c != null) {
            c.downbeat(CLOCK_SOURCE);
            lines.say("midi: clock start from '" + in.name + "': the bar starts now");
        }
    }

    private void stop(MidiInput in) {
        in.clock.restart();
        BeatClock c = clock;
        if (c != null) {
            lines.say("midi: clock stop from '" + in.name + "': the beat clock goes on at "
                    + String.format(Locale.ROOT, "%.1f", c.bpm()) + " bpm");
        }
    }

    /** The beat clock, or null after saying once per input that there is none. */
    private BeatClock beatClock(MidiInput in, String what) {
        BeatClock c = clock;
        if (c != null) {
            in.saidNoClock = false;
        } else if (!in.saidNoClock) {
            in.saidNoClock = true;
            throttle.say("midi: clock " + what + " from '" + in.name + "', but no beat clock is running (no BeatClock service)");
        }
        return c;
    }

    // ------------------------------------------------------------------ learn (the shell's thread, then an input's)

    /**
     * live:learn: the next control change or note-on, from any input, maps to {@code target}.
     *
     * @param range {@code LO..HI}, or null for the field's own
     */
    public String learn(String target, String range) {
        Mapping.Target t = Mapping.Target.parse(target);
        double[] r = range == null ? null : Mapping.learnRange(range, "live:learn " + target);
        String refused = Members.refusal(lines.runtime(), context, t.name(), t.member()); // no such refreshable: thrown
        if (refused != null) {
            throw new IllegalArgumentException("live:learn " + target + ": " + refused);
        }
        FieldDTO f = targets.fresh(t.name(), t.member());
        Mapping before = learning.await(t, r);
        Mapping waiting = learning.waiting();
        return "midi: learning " + (waiting == null ? target : waiting.target()) + (f == null ? "" : " (" + f.type + ")")
                + ": move a knob or press a pad" + (before != null ? " (instead of " + before.target() + ")" : "")
                + (devices.inputs().isEmpty() ? "; no MIDI device is open now (live:midi)" : "");
    }

    private void learnt(MidiInput in, Mapping m, Mapping replaced) {
        List<Mapping> shadowed = matching(fromFiles(), m.control().note(), m.control().channel(), m.control().number());
        lines.say("midi: learned " + m.control() + " from '" + in.name + "' -> " + m.target()
                + (replaced == null ? "" : " (instead of " + replaced.target() + ")")
                + (shadowed.isEmpty() ? "" : "; it stands in for " + shadowed.get(0).line() + " from " + shadowed.get(0).origin())
                + "; kept while the runtime runs: to keep it for good, put the line '" + m.line()
                + "' in a dev.doitlive.midi-NAME.cfg in the watched folder");
    }

    /** live:unlearn: stops waiting to learn and forgets every mapping learned (null), or those of one target. */
    public String unlearn(String target) {
        return learning.forget(target);
    }

    // ------------------------------------------------------------------ live:midi

    public String status() {
        StringBuilder s = new StringBuilder();
        List<MidiInput> inputs = devices.inputs();
        s.append("midi: ").append(inputs.isEmpty() ? "no input device (the JDK lists none; it looks again every "
                + DeviceWatch.POLL_SECONDS + " s)" : inputs.size() + " input device" + (inputs.size() == 1 ? "" : "s")).append('\n');
        List<MidiInput> all = new ArrayList<>(inputs);
        all.add(service);
        for (MidiInput in : all) {
            if (in == service && in.messages.get() == 0) {
                continue;
            }
            double bpm = in.clock.bpm();
            s.append("  '").append(in.name).append("': ").append(in.messages.get()).append(" messages")
                    .append(Double.isNaN(bpm) ? "" : String.format(Locale.ROOT, ", clock at %.2f bpm", bpm)).append('\n');
        }
        List<Mapping> maps = fromFiles();
        maps.addAll(learning.mappings());
        maps.sort(BY_CONTROL); // stable: of one control, the files' first, then the one learned
        s.append("mappings: ").append(maps.isEmpty() ? "none (put lines such as 'cc.16 = show.strobe 0..1' in a"
                + " dev.doitlive.midi-NAME.cfg in the watched folder, or live:learn NAME.FIELD)" : maps.size()).append('\n');
        for (Mapping m : maps) {
            s.append(String.format(Locale.ROOT, "  %-12s -> %-30s %s%n", m.control(), m.target(), m.origin()));
        }
        Mapping w = learning.waiting();
        if (w != null) {
            s.append("learning ").append(w.target()).append(": waiting for a knob or a pad\n");
        }
        if (clock == null) {
            s.append("no beat clock: MIDI clock sets no tempo\n");
        }
        return s.toString().stripTrailing();
    }
}
