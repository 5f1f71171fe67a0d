package dev.doitlive.controls;

import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.doitlive.controls.midi.MidiKit;
import dev.doitlive.controls.osc.OscCounts;
import dev.doitlive.controls.osc.OscListener;

/**
 * The controls kit's {@code live:} commands: {@code live:osc}, {@code live:midi}, {@code live:learn}, {@code live:unlearn}.
 * Thin, as the shell's: each asks the kit one thing and returns its answer.
 */
@Component(service = ControlsCommands.class)
@GogoCommand(scope = "live", function = {"osc", "midi", "learn", "unlearn"})
public class ControlsCommands {
    private static final String TARGET = "NAME.FIELD: a field of a refreshable (live:state NAME shows them), or NAME.METHOD";
    private static final Map<String, String> USAGE = Map.of(
            "osc", "live:osc",
            "midi", "live:midi",
            "learn", "live:learn NAME.FIELD [LO..HI]",
            "unlearn", "live:unlearn [NAME.FIELD]");

    /** Optional: with no configuration dev.doitlive.osc there is no listener, and live:osc says so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile OscListener osc;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MidiKit midi;

    /** OSC's counts, kept while the listener is gone. */
    @Reference
    private OscCounts counts;

    /** The folder --config gave ({@code doitlive.config}), for the line that says the OSC file is missing. */
    private String configFolder;

    @Activate
    void activate(BundleContext context) {
        configFolder = context.getProperty("doitlive.config");
    }

    @Descriptor("show the OSC port: where it listens, the messages taken and refused, the last of each")
    public String osc() {
        OscListener l = osc;
        return l == null ? OscListener.offStatus(counts, configFolder) : l.status();
    }

    @Descriptor("show the MIDI inputs (devices the JDK lists, and the kit's Receiver service), the mappings and their files,"
            + " and what live:learn waits for")
    public String midi() {
        return kit().status();
    }

    @Descriptor("map the next knob moved or pad pressed, on any MIDI input, to a field (or method) of a refreshable; kept"
            + " while the runtime runs, and said with the line to put in a mapping file to keep it")
    public String learn(@Descriptor(TARGET) String target) {
        return kit().learn(target, null);
    }

    @Descriptor("map the next knob moved or pad pressed to a field of a refreshable, a knob's 0..127 scaled to LO..HI")
    public String learn(@Descriptor(TARGET) String target,
            @Descriptor("the range a knob's 0..127 is scaled to: 0..1, -1..1, 1..0 (reversed), 20..200") String range) {
        return kit().learn(target, range);
    }

    @Descriptor("stop waiting to learn, and forget every mapping learned since the start (the files' mappings stay)")
    public String unlearn() {
        return kit().unlearn(null);
    }

    @Descriptor("forget the mappings learned for one target")
    public String unlearn(@Descriptor(TARGET) String target) {
        return kit().unlearn(target);
    }

    /** Gogo calls {@code _main} when a command's arguments fit none of its methods: its usage, in one line. */
    @Descriptor("prints a command's usage when its arguments fit none of its forms")
    public String _main(@Descriptor("the command's name, then the arguments given") String... words) {
        String function = words.length == 0 ? "" : words[0];
        String usage = USAGE.get(function);
        if (usage == null) {
            throw new IllegalArgumentException("unknown command 'live:" + function + "'");
        }
        throw new IllegalArgumentException("live:" + function + ": wrong arguments; usage: " + usage);
    }

    private MidiKit kit() {
        MidiKit m = midi;
        if (m == null) {
            throw new IllegalStateException("the MIDI kit is not running (is bundle dev.doitlive.controls active?)");
        }
        return m;
    }
}
