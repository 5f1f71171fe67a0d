package dev.doitlive.audio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.SwapEvent;
import dev.doitlive.api.SwapListener;
import dev.doitlive.api.audio.AudioBlock;
import dev.doitlive.api.audio.AudioBlockDTO;
import dev.doitlive.api.audio.AudioDTO;
import dev.doitlive.api.audio.AudioEngine;
import dev.doitlive.api.audio.Block;
import dev.doitlive.api.audio.NoteListener;
import dev.doitlive.api.beat.BeatClock;
import dev.doitlive.audio.out.DeviceSink;
import dev.doitlive.audio.out.PacedSink;
import dev.doitlive.audio.out.Sink;
import dev.doitlive.audio.out.WavWriter;
import dev.doitlive.audio.render.BlockState;
import dev.doitlive.audio.render.Graph;
import dev.doitlive.audio.render.Node;
import dev.doitlive.audio.render.Notes;
import dev.doitlive.audio.render.Player;

/**
 * The audio engine: every {@link AudioBlock} service (its proxy, like the show's patterns) joins the graph its
 * {@link Block} properties describe; the {@link Player} renders it on the audio thread into the output
 * {@code config/dev.doitlive.audio.cfg} names. As a {@link SwapListener} it learns of each block's swap while the
 * runtime's gate is closed and hands the audio thread the replaced version to crossfade from; as a
 * {@link NoteListener} it takes the notes played. Blocks coming and going, configuration, swaps: all on other threads,
 * published to the audio thread whole.
 */
@Component(service = {AudioEngine.class, NoteListener.class, SwapListener.class, Engine.class}, configurationPid = AudioSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public class Engine implements AudioEngine, NoteListener, SwapListener {
    @Reference
    private LiveRuntime runtime;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile BeatClock clock;

    /** The blocks bound, by service id, in the order they came. */
    private final Map<Object, Graph.Member> members = new LinkedHashMap<>();
    private final Map<String, BlockState> states = new ConcurrentHashMap<>();
    private final Notes notes = new Notes();
    private BundleContext context;
    private Watch watch;
    private ServiceRegistration<Output> banner;
    private volatile AudioSettings settings;
    private volatile Player player;
    private volatile Graph graph = Graph.empty(1);
    /** Why the output is not what was asked for (no device), or null. */
    private volatile String problem;
    /** The counters of the audio threads stopped since the start (or the last reset): live:audio's are the engine's, as the blocks' are. */
    private volatile long playedBefore;
    private volatile long playedNanosBefore;
    private volatile long lateBefore;
    private volatile long worstBefore;
    private volatile long limitedBefore;
    /** Whether the configuration came from a file outside config/ (a .cfg dropped into the watched folder). */
    private volatile boolean fromElsewhere;
    /** The configuration's problems said last: a later edit says only new ones (an unknown key is said once). */
    private List<String> settingsSaid = List.of();
    /**
     * The configuration was deleted while this bundle ran (so the component went): when it is back, a line says so. Static:
     * each activation is a new instance.
     */
    private static volatile boolean configDeleted;
    /** The graph's problems said last: a rebuild says only new ones. */
    private Set<String> said = Set.of();

    @Activate
    void activate(BundleContext context, Map<String, Object> props) {
        this.context = context;
        List<String> problems = new ArrayList<>();
        AudioSettings s = AudioSettings.check(props, AudioSettings.DEFAULTS, context::getProperty, problems);
        sayOnce(problems);
        elsewhere(props);
        watch = new Watch(this, runtime);
        synchronized (this) {
            settings = s;
            start(s);
        }
        watch.start();
        if (configDeleted) {
            configDeleted = false;
            runtime.say("audio: " + AudioSettings.where(props) + " is back: " + s + (s.sink().equals("off") ? "" : "; the audio thread starts again"
                    + (s.sink().equals("wav") ? " (" + s.wav().getFileName() + " starts afresh)" : "")));
        }
    }

    /** Says the configuration's problems not said at its last arrival: an unknown key kept in the file is said once. */
    private void sayOnce(List<String> problems) {
        List<String> before = settingsSaid;
        for (String l : problems) {
            if (!before.contains(l)) {
                runtime.report("audio", "audio: " + l);
            }
        }
        settingsSaid = List.copyOf(problems);
    }

    /**
     * A dev.doitlive.audio.cfg dropped into the watched folder is the same configuration as config/'s, and FileInstall
     * replaces config/'s whole with it: said, since a key it lacks goes back to its default.
     */
    private void elsewhere(Map<String, ?> props) {
        Object file = props.get("felix.fileinstall.filename");
        String config = context.getProperty("doitlive.config");
        if (file == null || config == null) {
            return;
        }
        try {
            java.nio.file.Path p = java.nio.file.Path.of(java.net.URI.create(file.toString())).toAbsolutePath().normalize();
            java.nio.file.Path folder = java.nio.file.Path.of(config).toAbsolutePath().normalize();
            fromElsewhere = !folder.equals(p.getParent());
            if (fromElsewhere) {
                runtime.report("audio", "audio: " + p + " replaces config/" + AudioSettings.PID + ".cfg whole (a key it lacks is back to its"
                        + " default, and deleting it turns the audio off): keep the audio settings in " + folder.resolve(AudioSettings.PID + ".cfg"));
            }
        } catch (RuntimeException e) {
            // not a file: URI (it came another way): nothing to say
        }
    }

    @Modified
    void modified(Map<String, Object> props) {
        List<String> problems = new ArrayList<>();
        synchronized (this) {
            AudioSettings before = settings;
            AudioSettings now = AudioSettings.check(props, before, context::getProperty, problems);
            sayOnce(problems);
            elsewhere(props);
            settings = now;
            boolean restarts = now.restarts(before);
            if (restarts) {
                stop();
                start(now);
            } else if (player != null) {
                player.crossfade(now.crossfade());
                player.limiter((float) now.limiter());
            }
            if (!now.equals(before)) {
                runtime.say("audio: " + AudioSettings.where(props) + ": " + now + (problem != null ? " taken, but " + problem
                        : " applied") + (problem == null && restarts && now.sink().equals("wav")
                        ? " (the audio thread restarted: " + now.wav() + " starts afresh)" : restarts ? " (the audio thread restarted)" : ""));
            }
        }
    }

    /** The config folder as the launcher was given it, with a trailing separator ({@code config/} when unknown). */
    private String configFolder() {
        String c = context == null ? null : context.getProperty("doitlive.config");
        return c == null || c.isBlank() ? "config/" : java.nio.file.Path.of(c) + java.io.File.separator;
    }

    @Deactivate
    void deactivate(int reason) {
        // ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED (4; 3 is MODIFIED): not in the annotations jar.
        if (reason == 4) {
            configDeleted = true;
            String configFile = configFolder() + AudioSettings.PID + ".cfg"; // where this runtime's config folder is, not the default's
            runtime.say("audio: " + (fromElsewhere
                    ? "the " + AudioSettings.PID + ".cfg dropped into the watched folder is gone: the audio is off (no audio thread, the"
                            + " blocks stay); " + configFile + " is read again only when it changes (touch it)"
                    : configFile + " is gone: the audio is off (no audio thread, the blocks stay) until the file is back"));
        }
        watch.close();
        synchronized (this) {
            settings = null; // the blocks unbound from now on are no rewiring to say
            stop();
        }
        if (banner != null) {
            try {
                banner.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle
            }
        }
    }

    // ------------------------------------------------------------------ the output

    /** Opens the output and starts the audio thread; with the lock held. */
    private void start(AudioSettings s) {
        problem = null;
        if (s.sink().equals("off")) {
            player = null;
            graph = graph(s.frames());
            showOutput("off (sink = off)");
            return;
        }
        Sink sink = open(s);
        graph = graph(s.frames());
        Player p = new Player(sink, s.sampleRate(), s.frames(), s.channels(), (float) s.limiter(), s.crossfade(), notes, () -> clock, graph,
                watch::wake);
        player = p;
        p.start();
        showOutput(sink.describe() + ", " + s.sampleRate() + " Hz, " + s.frames() + " frames ("
                + String.format(java.util.Locale.ROOT, "%.1f ms", s.periodMillis()) + "), " + s.buffers() + " buffers ahead");
    }

    /** The sink the settings ask for; without a device, one that keeps its pace (said in one line). */
    private Sink open(AudioSettings s) {
        switch (s.sink()) {
            case "device" -> {
                try {
                    return DeviceSink.open(s.device(), s.sampleRate(), s.channels(), s.frames(), s.buffers());
                } catch (IllegalStateException e) {
                    problem = "no sound device: " + e.getMessage();
                    if (banner == null) {
                        // The first start: the banner's audio line says it (its problem), between the banner's lines
                        // a line of its own would only interrupt them. live:audio says it too.
                        return new PacedSink(s.sampleRate(), s.frames(), s.buffers(), null);
                    }
                    runtime.say("audio: " + problem + "; the sound goes nowhere, at its pace (sink = wav in config/"
                            + AudioSettings.PID + ".cfg records it to a file)");
                    return new PacedSink(s.sampleRate(), s.frames(), s.buffers(), null);
                }
            }
            case "wav" -> {
                try {
                    return new PacedSink(s.sampleRate(), s.frames(), s.buffers(),
                            new WavWriter(s.wav(), s.channels(), s.sampleRate(), s.wavMaxSeconds(), l -> runtime.report("audio", l)));
                } catch (IOException e) {
                    problem = "cannot write " + s.wav() + " (" + WavWriter.cause(e) + ")";
                    runtime.report("audio", "audio: " + problem + ": the sound goes nowhere, at its pace");
                    return new PacedSink(s.sampleRate(), s.frames(), s.buffers(), null);
                } catch (RuntimeException e) {
                    problem = "cannot write " + s.wav() + " (" + e.getMessage() + ")";
                    runtime.report("audio", "audio: " + problem + ": the sound goes nowhere, at its pace");
                    return new PacedSink(s.sampleRate(), s.frames(), s.buffers(), null);
                }
            }
            default -> {
                return new PacedSink(s.sampleRate(), s.frames(), s.buffers(), null);
            }
        }
    }

    /** Stops the audio thread (it closes its output); with the lock held. */
    private void stop() {
        Player p = player;
        player = null;
        if (p != null) {
            p.stop();
            playedBefore += p.played();
            playedNanosBefore += p.played() * p.periodNanos();
            lateBefore += p.late();
            worstBefore = Math.max(worstBefore, p.worstRenderNanos());
            limitedBefore += p.limited();
        }
    }

    private void showOutput(String output) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Output.PROPERTY, output + (problem == null ? "" : " - " + problem));
        if (banner == null) {
            banner = context.registerService(Output.class, new Output(), props);
        } else {
            banner.setProperties(props);
        }
    }

    // ------------------------------------------------------------------ the blocks

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeBlock", updated = "updatedBlock")
    void addBlock(AudioBlock block, Map<String, Object> props) {
        synchronized (this) {
            members.put(props.get("service.id"), member(block, props));
            rebuild();
        }
    }

    void updatedBlock(AudioBlock block, Map<String, Object> props) {
        addBlock(block, props);
    }

    void removeBlock(AudioBlock block, Map<String, Object> props) {
        synchronized (this) {
            members.remove(props.get("service.id"));
            rebuild();
            // A block gone (its file deleted) lets go of its state: a swap it still held keeps no old version alive.
            Set<String> names = new java.util.HashSet<>();
            members.values().forEach(m -> names.add(m.name()));
            states.keySet().retainAll(names);
        }
    }

    private Graph.Member member(AudioBlock block, Map<String, Object> props) {
        Object n = props.get(Refreshable.NAME_PROPERTY);
        if (n == null) {
            n = props.get("component.name");
        }
        String name = n == null ? "block-" + props.get("service.id") : n.toString();
        int channels = 1;
        Object c = props.get(Block.CHANNELS_PROPERTY);
        if (c != null) {
            try {
                channels = Integer.parseInt(c.toString().strip());
            } catch (NumberFormatException e) {
                channels = -1;
            }
            if (channels < 1 || channels > Block.MAX_CHANNELS) {
                runtime.report("audio", "audio: " + name + ": channels = " + c + " is out of range: give 1 to " + Block.MAX_CHANNELS
                        + "; it writes 1");
                channels = 1;
            }
        }
        Object play = props.get(Block.PLAY_PROPERTY);
        return new Graph.Member(name, block, strings(props.get(Block.INPUTS_PROPERTY)), channels, play == null || Boolean.parseBoolean(play.toString()));
    }

    private static String[] strings(Object v) {
        if (v == null) {
            return new String[0];
        }
        if (v instanceof String[] a) {
            return a;
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(Object::toString).toArray(String[]::new);
        }
        return v.toString().isBlank() ? new String[0] : new String[] {v.toString()};
    }

    /** A new graph of the blocks bound, to the audio thread from its next buffer; with the lock held. */
    private void rebuild() {
        if (settings == null) {
            return; // not active yet: activate builds it
        }
        Graph g = graph(settings.frames());
        graph = g;
        Player p = player;
        if (p != null) {
            p.graph(g);
        }
    }

    private Graph graph(int frames) {
        Set<String> problems = new LinkedHashSet<>();
        Player p = player;
        Graph g = Graph.of(new ArrayList<>(members.values()), frames, name -> states.computeIfAbsent(name, BlockState::new),
                p != null ? p.graph() : graph, problems::add);
        for (String l : problems) {
            if (!said.contains(l)) {
                runtime.report("audio", "audio: " + l);
            }
        }
        said = problems;
        return g;
    }

    // ------------------------------------------------------------------ swaps and notes

    /** Swap thread, the block's gate closed: the audio thread takes it at its next buffer. */
    @Override
    public void swapping(SwapEvent swap) {
        BlockState s = states.get(swap.name());
        if (s != null) {
            s.swapped(swap);
            watch.wake(); // it warms the new version for its own replacement, off the gate
        }
    }

    @Override
    public void noteOn(int channel, int key, int velocity) {
        notes.note(channel, key, Math.max(1, Math.min(127, velocity)));
    }

    @Override
    public void noteOff(int channel, int key) {
        notes.note(channel, key, 0);
    }

    @Override
    public void pitchBend(int channel, int value) {
        notes.bend(value);
    }

    // ------------------------------------------------------------------ what it plays

    Player player() {
        return player;
    }

    List<Node> nodes() {
        return graph.nodes();
    }

    AudioSettings settings() {
        return settings;
    }

    @Override
    public void reset() {
        playedBefore = 0;
        playedNanosBefore = 0;
        lateBefore = 0;
        worstBefore = 0;
        limitedBefore = 0;
        Player p = player;
        if (p != null) {
            p.reset();
        }
    }

    @Override
    public long[] deliveryIntervals() {
        Player p = player;
        return p == null ? new long[0] : p.deliveryIntervals();
    }

    @Override
    public AudioDTO status() {
        AudioDTO d = new AudioDTO();
        AudioSettings s = settings;
        Player p = player;
        d.output = p == null ? "off" : p.output() + (p.resting() ? ", resting (no block: the audio thread sleeps until one comes)" : "");
        d.problem = problem;
        if (s != null) {
            d.sampleRate = s.sampleRate();
            d.frames = s.frames();
            d.buffers = s.buffers();
            d.crossfade = s.crossfade();
            d.periodNanos = Math.round(s.frames() * 1e9 / s.sampleRate());
        }
        d.played = playedBefore;
        d.playedNanos = playedNanosBefore;
        d.late = lateBefore;
        d.worstRenderNanos = worstBefore;
        d.limited = limitedBefore;
        if (p != null) {
            d.played += p.played();
            d.playedNanos += p.played() * p.periodNanos();
            d.late += p.late();
            d.worstRenderNanos = Math.max(d.worstRenderNanos, p.worstRenderNanos());
            d.limited += p.limited();
        }
        d.droppedNotes = notes.dropped();
        List<AudioBlockDTO> blocks = new ArrayList<>();
        for (Node n : graph.nodes()) {
            AudioBlockDTO b = Views.block(n, p == null);
            blocks.add(b);
            if (b.status.startsWith("stuck")) { // the audio thread waits for it: nothing plays
                d.problem = (d.problem == null ? "" : d.problem + "; ") + "stuck: " + n.name() + "'s" + b.status.substring("stuck: its".length())
                        + ", nothing plays (live:interrupt " + n.name() + ")";
            }
        }
        d.blocks = blocks.toArray(new AudioBlockDTO[0]);
        return d;
    }
}
