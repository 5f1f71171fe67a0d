package dev.doitlive.runtime.loop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.util.tracker.ServiceTracker;

import dev.doitlive.api.Loop;
import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.Step;

/**
 * The loops: found on the whiteboard (every refreshable {@link Step} proxy with {@code @Loop} properties) and
 * declared or re-rated by configurations of factory PID {@value Loop#FACTORY_PID} (a
 * {@code dev.doitlive.loop-NAME.cfg} in the watched folder: {@code step = <refreshable>}, {@code rate = <Hz>},
 * optional {@code name}). Deleting a configuration stops its loop. What a performer sets by hand (a rate, a pause) wins
 * over the declarations and is kept across restarts ({@link LoopMemory}) until {@code live:rate NAME default}, or
 * {@code live:start}.
 */
public final class Loops implements ManagedServiceFactory {
    private static final long WATCH_MS = 250;

    private final LoopHost host;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "doitlive-loop-watch");
        t.setDaemon(true);
        return t;
    });
    private final ServiceTracker<Step, Step> steps;
    private final Map<String, LoopRunner> byName = new HashMap<>();
    /** Loops declared by a step's own {@code @Loop}, with the rate it declares. */
    private final Map<String, Double> declared = new HashMap<>();
    /** Loops declared with {@code autostart = false}: started by hand, and kept so. */
    private final java.util.Set<String> startedByHand = new java.util.HashSet<>();
    private final LoopMemory memory;
    /** Configuration PID -> the loop it declares or re-rates. */
    private final Map<String, String> configured = new HashMap<>();
    /**
     * Configurations that re-rate a loop no step has declared yet, by PID, with their file and rate: at a start they come
     * before the refreshables, so the rate waits for the step that declares the loop.
     */
    private final Map<String, Pending> pending = new HashMap<>();
    /** The framework has started: a re-rating configuration whose loop does not exist by now is said. */
    private boolean started;

    private record Pending(String loop, String where, double rate) {
    }

    public Loops(BundleContext context, LoopHost host) throws InvalidSyntaxException {
        this.host = host;
        this.memory = new LoopMemory(context.getDataFile("loops").toPath(), host::say);
        // The runtime started again in a running framework (not at the framework's start): no start level to wait for.
        this.started = context.getBundle(0).getState() == org.osgi.framework.Bundle.ACTIVE;
        Filter proxies = FrameworkUtil.createFilter("(&(" + Constants.OBJECTCLASS + "=" + Step.class.getName() + ")("
                + Refreshable.PROXY_PROPERTY + "=*))");
        this.steps = new ServiceTracker<>(context, proxies, null) {
            @Override
            public Step addingService(ServiceReference<Step> ref) {
                Step s = super.addingService(ref);
                stepArrived(ref, s);
                return s;
            }

            @Override
            public void removedService(ServiceReference<Step> ref, Step s) {
                stepLeft(s);
                super.removedService(ref, s);
            }
        };
    }

    public void open() {
        steps.open();
        watchdog.scheduleWithFixedDelay(this::watch, WATCH_MS, WATCH_MS, TimeUnit.MILLISECONDS);
    }

    /** Looks for steps that hang: a hung step keeps its loop's thread, so another thread must notice. */
    private void watch() {
        List<LoopRunner> all;
        synchronized (this) {
            all = new ArrayList<>(byName.values());
        }
        all.forEach(LoopRunner::watch);
        followDeclarations();
    }

    /**
     * A new version of a step may declare another {@code @Loop} rate: its loop takes it, unless a rate set by hand is in
     * force (that one stays until {@code live:rate NAME default}). A configuration's rate stays over the step's.
     */
    private synchronized void followDeclarations() {
        for (Map.Entry<String, Double> d : declared.entrySet()) {
            LoopRunner r = byName.get(d.getKey());
            if (r == null || configured.containsValue(d.getKey())) {
                continue;
            }
            double beats = host.declaredPerBeat(r.stepName());
            if (!Double.isNaN(beats) && validPerBeat(beats)) {
                followPerBeat(r, beats); // a new version may put its loop on the beat, or take it off
            }
            double now = host.declaredRate(r.stepName());
            if (Double.isNaN(now) || now == d.getValue() || !valid(now, null)) {
                continue;
            }
            d.setValue(now);
            boolean byHand = r.rateSetByHand();
            r.declaredRate(now);
            String version = "seq " + host.liveSeq(r.stepName()) + " of " + r.stepName();
            if (!byHand) {
                r.rate(now);
                host.say("loop " + r.name + ": rate " + LoopRunner.rateText(now) + ", as " + version + " declares");
            } else if (r.rate() == now) {
                keepRate(r);
            } else {
                host.say("loop " + r.name + ": keeps " + LoopRunner.rateText(r.rate()) + ", set by live:rate; " + version
                        + " declares " + LoopRunner.rateText(now) + " (live:rate " + r.name + " default takes it)");
            }
        }
    }

    // ------------------------------------------------------------------ the whiteboard

    private synchronized void stepArrived(ServiceReference<Step> ref, Step s) {
        String refreshable = String.valueOf(ref.getProperty(Refreshable.NAME_PROPERTY));
        Object rate = ref.getProperty(Loop.RATE_PROPERTY);
        if (rate != null) {
            Object n = ref.getProperty("doitlive.loop.name");
            String name = n == null || n.toString().isBlank() ? refreshable : n.toString();
            double hz = number(rate, 60);
            declared.putIfAbsent(name, hz); // later versions: followDeclarations
            LoopRunner r = byName.get(name);
            if (r == null) {
                boolean autostart = !"false".equals(String.valueOf(ref.getProperty("doitlive.loop.autostart")));
                if (!autostart) {
                    startedByHand.add(name);
                }
                Pending p = takePending(name);
                r = create(name, refreshable, p != null ? p.rate() : valid(hz, name) ? hz : 60, autostart);
                double beats = perBeatOf(ref, name);
                r.declaredPerBeat(beats);
                r.perBeat(beats);
                host.say(r.announce("step " + refreshable + (p == null ? "" : ", rate from " + p.where()), ""));
            } else {
                followPerBeat(r, perBeatOf(ref, name));
            }
            r.attach(refreshable, s);
        }
        // Loops configured for this refreshable's step.
        for (LoopRunner r : byName.values()) {
            if (r.stepName().equals(refreshable)) {
                r.attach(refreshable, s);
            }
        }
    }

    private synchronized void stepLeft(Step s) {
        for (LoopRunner r : byName.values()) {
            if (r.attachedTo(s)) {
                r.detach();
            }
        }
    }

    /** The steps per beat a step's version declares ({@code @Loop(perBeat)}), 0 when none or out of range (said). */
    private double perBeatOf(ServiceReference<Step> ref, String loop) {
        double beats = number(ref.getProperty(Loop.PER_BEAT_PROPERTY), 0);
        if (!validPerBeat(beats)) {
            refused("loop " + loop + ": perBeat " + beats + " is out of range: give 0 (by its rate) or up to " + (long) MAX_PER_BEAT);
            return 0;
        }
        return beats;
    }

    /** A new version declares other steps per beat: the loop takes them, unless a pace set by hand is in force. */
    private void followPerBeat(LoopRunner r, double beats) {
        if (beats == r.declaredPerBeat()) {
            return;
        }
        boolean byHand = r.rateSetByHand();
        r.declaredPerBeat(beats);
        if (!byHand) {
            r.perBeat(beats);
            host.say("loop " + r.name + ": " + r.pace() + ", as seq " + host.liveSeq(r.stepName()) + " of " + r.stepName() + " declares");
        }
    }

    /** live:rate NAME N/beat: on the beat, {@code beats} steps per beat; 0: back to its rate. */
    public synchronized String perBeat(String name, double beats) {
        LoopRunner r = require(name);
        if (!validPerBeat(beats)) {
            throw new IllegalArgumentException(beats + " steps per beat is out of range: give 0 (by its rate) or up to "
                    + (long) MAX_PER_BEAT);
        }
        String before = r.pace();
        r.perBeat(beats);
        return name + ": " + before + " -> " + r.pace() + (host.clock() == null && beats > 0 ? " (no beat clock: at 120 beats per minute)" : "");
    }

    private static boolean validPerBeat(double beats) {
        return beats >= 0 && beats <= MAX_PER_BEAT && !Double.isNaN(beats);
    }

    // ------------------------------------------------------------------ configurations

    @Override
    public String getName() {
        return "doitlive loops";
    }

    @Override
    public synchronized void updated(String pid, Dictionary<String, ?> props) throws ConfigurationException {
        Object stepProp = props.get("step");
        Object nameProp = props.get("name");
        String file = String.valueOf(props.get("felix.fileinstall.filename"));
        String where = file.equals("null") ? "configuration " + pid : file.substring(file.lastIndexOf('/') + 1);
        // The loop's name: name =, else the file's alias (dev.doitlive.loop-NAME.cfg), else step =.
        String alias = where.startsWith(Loop.FACTORY_PID + "-") && where.endsWith(".cfg")
                ? where.substring(Loop.FACTORY_PID.length() + 1, where.length() - 4) : null;
        String name = nameProp != null ? nameProp.toString().trim()
                : alias != null ? alias : stepProp != null ? stepProp.toString().trim() : null;
        if (name == null || name.isEmpty()) {
            String line = where + ": a loop configuration needs step = <refreshable name> (and rate = <steps per second>)";
            refused(line);
            throw new ConfigurationException("step", line);
        }
        double rate;
        try {
            rate = props.get("rate") == null ? Double.NaN : Double.parseDouble(props.get("rate").toString().trim());
        } catch (NumberFormatException e) {
            String line = where + ": rate = " + props.get("rate") + " is not a number of steps per second";
            refused(line);
            throw new ConfigurationException("rate", line);
        }
        if (!Double.isNaN(rate) && !valid(rate, where)) {
            throw new ConfigurationException("rate", where + ": rate " + rate + " is out of range");
        }
        double beats;
        try {
            beats = props.get("perBeat") == null ? Double.NaN : Double.parseDouble(props.get("perBeat").toString().trim());
        } catch (NumberFormatException e) {
            beats = -1;
        }
        if (props.get("perBeat") != null && !validPerBeat(beats)) {
            String line = where + ": perBeat = " + props.get("perBeat") + " is not a number of steps per beat from 0 to " + (long) MAX_PER_BEAT;
            refused(line);
            throw new ConfigurationException("perBeat", line);
        }
        configured.put(pid, name);
        LoopRunner r = byName.get(name);
        if (r == null) {
            if (stepProp == null) {
                pending.put(pid, new Pending(name, where, rate));
                if (started) {
                    refusedPending(pending.get(pid));
                }
                return;
            }
            double hz = Double.isNaN(rate) ? 60 : rate;
            r = create(name, stepProp.toString().trim(), hz, true);
            if (!Double.isNaN(beats)) {
                r.declaredPerBeat(beats);
                r.perBeat(beats);
            }
            attachExisting(r);
            host.say(r.announce("step " + r.stepName() + ", from " + where,
                    r.hasStep() || r.state() != LoopDTO.State.RUNNING ? "" : ": " + r.waitsForStep()));
        } else {
            if (!Double.isNaN(rate)) {
                boolean byHand = r.rateSetByHand();
                r.declaredRate(rate); // the file's rate is what the loop declares from now on
                if (rate == r.rate()) {
                    keepRate(r);
                } else if (byHand) {
                    host.say("loop " + name + ": keeps " + LoopRunner.rateText(r.rate()) + ", set by live:rate; the rate of "
                            + where + ", " + LoopRunner.rateText(rate) + ", applies after live:rate " + name + " default");
                } else {
                    r.rate(rate);
                    host.say("loop " + name + ": rate " + LoopRunner.rateText(rate) + " (from " + where + ")");
                }
            }
            if (!Double.isNaN(beats)) {
                followPerBeat(r, beats);
            }
            if (r.state() == LoopDTO.State.PAUSED && !LoopMemory.PAUSED.equals(memory.kept(name).state())) {
                r.start();
            }
        }
    }

    private void attachExisting(LoopRunner r) {
        ServiceReference<Step>[] refs = steps.getServiceReferences();
        if (refs != null) {
            for (ServiceReference<Step> ref : refs) {
                if (r.stepName().equals(ref.getProperty(Refreshable.NAME_PROPERTY))) {
                    r.attach(r.stepName(), steps.getService(ref));
                }
            }
        }
    }

    /** The rate a waiting configuration gives loop {@code name}, now declared by its step; null if none waits. */
    private Pending takePending(String name) {
        for (var e : pending.entrySet()) {
            if (e.getValue().loop().equals(name) && !Double.isNaN(e.getValue().rate())) {
                return pending.remove(e.getKey());
            }
        }
        return null;
    }

    private void refusedPending(Pending p) {
        refused(p.where() + ": no loop named " + p.loop() + " exists; give step = <refreshable name> to declare one (a step"
                + " that declares loop " + p.loop() + " later takes its rate)");
    }

    /**
     * The bundles the framework keeps have started (the start level raised), and their steps are in: a configuration that
     * re-rates a loop none of them declares is said now, and from now on as soon as it comes.
     */
    public synchronized void started() {
        if (started) {
            return;
        }
        started = true;
        pending.values().forEach(this::refusedPending);
    }

    @Override
    public synchronized void deleted(String pid) {
        pending.remove(pid);
        String name = configured.remove(pid);
        LoopRunner r = name == null ? null : byName.get(name);
        if (r == null) {
            return;
        }
        if (declared.containsKey(name)) {
            r.pause("its configuration was deleted");
            boolean byHand = r.rateSetByHand();
            r.declaredRate(declared.get(name));
            if (!byHand) {
                r.rate(declared.get(name));
            }
            keepRate(r);
            host.say("loop " + name + " paused: its configuration was deleted");
        } else {
            byName.remove(name);
            r.close();
            memory.keep(name, LoopMemory.Kept.NONE); // the loop is gone: a new one of that name starts as it declares
            host.say("loop " + name + " stopped: its configuration was deleted");
        }
    }

    // ------------------------------------------------------------------ the step's file

    /**
     * The file of {@code refreshable} was deleted from the watched folder: the loops that run its step stop (its proxy
     * keeps serving other callers, detached). A user who deletes a loop's file means the loop to end.
     */
    public synchronized void stepFileDeleted(String refreshable, String file) {
        for (LoopRunner r : byName.values()) {
            if (r.stepName().equals(refreshable) && r.state() != LoopDTO.State.PAUSED) {
                r.pause(deletedReason(file));
                host.say("loop " + r.name + " stopped: " + file + " was deleted (a new " + file + " starts it again)");
            }
        }
    }

    /** A new file of {@code refreshable} took over: the loops stopped by its deletion run again. */
    public synchronized void stepFileBack(String refreshable, String file) {
        for (LoopRunner r : byName.values()) {
            if (r.stepName().equals(refreshable) && r.state() == LoopDTO.State.PAUSED && deletedReason(file).equals(r.reason())) {
                host.say("loop " + r.start());
            }
        }
    }

    /**
     * {@code refreshable} was forgotten (live:forget): the loops its own {@code @Loop} declared go with it; a loop a
     * configuration declares stays, waiting for its step.
     */
    public synchronized void stepForgotten(String refreshable) {
        for (java.util.Iterator<LoopRunner> it = byName.values().iterator(); it.hasNext();) {
            LoopRunner r = it.next();
            if (r.stepName().equals(refreshable) && declared.containsKey(r.name) && !configured.containsValue(r.name)) {
                it.remove();
                declared.remove(r.name);
                r.close();
                host.say("loop " + r.name + " removed: its step " + refreshable + " was forgotten");
            }
        }
    }

    private static String deletedReason(String file) {
        return "its file " + file + " was deleted; a new " + file + " starts it again";
    }

    // ------------------------------------------------------------------ commands

    public synchronized List<LoopDTO> list() {
        List<LoopDTO> list = new ArrayList<>();
        byName.values().forEach(r -> list.add(r.toDTO()));
        list.sort(Comparator.comparing(d -> d.name));
        return list;
    }

    public synchronized String start(String name) {
        String said = require(name).start();
        keepStarted(name);
        return said;
    }

    public synchronized String stop(String name) {
        String said = require(name).pause(LoopMemory.BY_STOP);
        memory.keep(name, memory.kept(name).withState(LoopMemory.PAUSED));
        return said;
    }

    public synchronized String restart(String name) {
        LoopRunner r = require(name);
        if (r.state() != LoopDTO.State.PAUSED) {
            return name + " is not paused (" + r.state().toString().toLowerCase().replace('_', ' ') + ")";
        }
        String said = r.start();
        keepStarted(name);
        return said;
    }

    /** Started by hand: a loop that starts by itself needs nothing kept; one declared autostart = false does. */
    private void keepStarted(String name) {
        memory.keep(name, memory.kept(name).withState(startedByHand.contains(name) ? LoopMemory.RUNNING : null));
    }

    public synchronized String rate(String name, double hz) {
        LoopRunner r = require(name);
        if (!valid(hz, null)) {
            throw new IllegalArgumentException("rate " + hz + " is out of range: give 0 (free-running) or up to " + (long) Loop.MAX_RATE
                    + " steps per second");
        }
        String before = r.pace();
        boolean same = r.perBeat() == 0 && r.rate() == hz;
        r.perBeat(0);
        r.rate(hz);
        keepRate(r);
        return name + ": " + before + " -> " + LoopRunner.rateText(hz)
                + (hz == r.declaredRate() && r.declaredPerBeat() == 0 && !same ? " (the rate it declares)" : "");
    }

    /** Back to the declared rate: the one set by hand is forgotten. */
    public synchronized String resetRate(String name) {
        LoopRunner r = require(name);
        if (!r.rateSetByHand()) {
            return name + " is at the " + (r.perBeat() > 0 ? "pace" : "rate") + " it declares, " + r.pace();
        }
        if (r.declaredPerBeat() > 0) {
            r.rate(r.declaredRate());
            keepRate(r);
            return perBeat(name, r.declaredPerBeat()) + " (as it declares)";
        }
        return rate(name, r.declaredRate());
    }

    // ------------------------------------------------------------------ what was set by hand

    /** A new loop, as its declaration says and as the performer left it (a rate, a pause) before the restart. */
    private LoopRunner create(String name, String step, double declaredHz, boolean autostart) {
        LoopMemory.Kept k = memory.kept(name);
        double hz = k.rate() != null ? k.rate() : declaredHz;
        LoopDTO.State state = LoopMemory.PAUSED.equals(k.state()) ? LoopDTO.State.PAUSED
                : autostart || LoopMemory.RUNNING.equals(k.state()) ? LoopDTO.State.RUNNING : LoopDTO.State.NOT_STARTED;
        LoopRunner r = new LoopRunner(name, step, declaredHz, hz, state, state == LoopDTO.State.PAUSED ? LoopMemory.BY_STOP_BEFORE : null,
                host);
        byName.put(name, r);
        return r;
    }

    private void keepRate(LoopRunner r) {
        // Only a rate is kept (a pace on the beat set by hand is not): the rate differs from the declared one.
        memory.keep(r.name, memory.kept(r.name).withRate(r.rate() != r.declaredRate() ? r.rate() : null));
    }

    private LoopRunner require(String name) {
        LoopRunner r = name == null ? null : byName.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no loop named '" + name + "'"
                    + (byName.isEmpty() ? " (no loop is declared)" : " (loops: " + String.join(", ", byName.keySet().stream().sorted().toList()) + ")"));
        }
        return r;
    }

    /** Stops every loop: the runtime is going away. */
    public void close() {
        watchdog.shutdownNow();
        steps.close();
        List<LoopRunner> all;
        synchronized (this) {
            all = new ArrayList<>(byName.values());
            byName.clear();
        }
        all.forEach(LoopRunner::close);
    }

    /** The most steps per beat a loop may be given. */
    static final double MAX_PER_BEAT = 64;

    private boolean valid(double hz, String where) {
        boolean ok = hz >= 0 && hz <= Loop.MAX_RATE && !Double.isNaN(hz);
        if (!ok && where != null) {
            refused(where + ": rate " + hz + " is out of range: give 0 (free-running) or up to " + (long) Loop.MAX_RATE
                    + " steps per second");
        }
        return ok;
    }

    /** A loop configuration refused: said, and kept in live:errors. */
    private void refused(String line) {
        host.error(null, "configuration", line, null);
        host.say(line);
    }

    private static double number(Object o, double otherwise) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(o));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
