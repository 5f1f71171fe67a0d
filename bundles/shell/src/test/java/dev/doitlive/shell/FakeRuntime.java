package dev.doitlive.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.doitlive.api.ErrorDTO;
import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;

/**
 * An in-memory {@link LiveRuntime} that answers with canned data and remembers how it was called. For
 * formatting and argument tests only; the real runtime is tested on a real framework.
 */
final class FakeRuntime implements LiveRuntime {
    /** Everything the fake knows about one refreshable. */
    static final class Entry {
        final RefreshableDTO dto = new RefreshableDTO();
        final List<VersionDTO> history = new ArrayList<>();
        final Map<String, String> state = new LinkedHashMap<>();
        final List<ErrorDTO> errors = new ArrayList<>();
        final List<String> defaults = new ArrayList<>();
        OutcomeDTO nextOutcome;
    }

    final Map<String, Entry> entries = new TreeMap<>();
    /** The arguments of the last refresh or revert: name, toSeq (-1 for refresh), timeout. */
    String lastName;
    long lastToSeq;
    long lastTimeout;

    final Map<String, LoopDTO> loops = new TreeMap<>();
    /** The last loop command: its name, the method called (startLoop, stopLoop, restartLoop, rate) and rate's rate. */
    String lastLoop;
    String lastLoopCall;
    double lastRate = Double.NaN;

    LoopDTO addLoop(String name, String step, LoopDTO.State state, double targetRate) {
        LoopDTO l = new LoopDTO();
        l.name = name;
        l.step = step;
        l.state = state;
        l.targetRate = targetRate;
        l.declaredRate = targetRate;
        loops.put(name, l);
        return l;
    }

    Entry add(String name) {
        Entry e = new Entry();
        e.dto.name = name;
        e.dto.status = RefreshableDTO.Status.OK;
        entries.put(name, e);
        return e;
    }

    private Entry get(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("No refreshable named '" + name + "'.");
        }
        return e;
    }

    @Override
    public List<RefreshableDTO> list() {
        return entries.values().stream().map(e -> e.dto).toList();
    }

    @Override
    public RefreshableDTO describe(String name) {
        return get(name).dto;
    }

    @Override
    public OutcomeDTO refresh(String name, long timeoutMillis) {
        Entry e = get(name);
        lastName = name;
        lastToSeq = -1;
        lastTimeout = timeoutMillis;
        return e.nextOutcome;
    }

    @Override
    public OutcomeDTO revert(String name, long toSeq, long timeoutMillis) {
        Entry e = get(name);
        lastName = name;
        lastToSeq = toSeq;
        lastTimeout = timeoutMillis;
        return e.nextOutcome;
    }

    @Override
    public int purge(String name) {
        if (name == null) {
            return entries.values().stream().mapToInt(e -> e.dto.historyDepth).sum();
        }
        return get(name).dto.historyDepth;
    }

    @Override
    public String forget(String name) {
        Entry e = get(name);
        if (e.dto.status != RefreshableDTO.Status.DETACHED) {
            throw new IllegalArgumentException(name + " is live (from " + name + ".jar): delete " + name + ".jar first");
        }
        entries.remove(name);
        return name + " forgotten";
    }

    @Override
    public List<VersionDTO> history(String name) {
        return get(name).history;
    }

    @Override
    public List<dev.doitlive.api.FieldDTO> fields(String name) {
        return List.of();
    }

    @Override
    public Map<String, String> state(String name) {
        return get(name).state;
    }

    @Override
    public String set(String name, String field, String value) {
        Entry e = get(name);
        if (!e.state.containsKey(field)) {
            throw new IllegalArgumentException(name + " has no field '" + field + "'.");
        }
        String old = e.state.put(field, value);
        return name + "." + field + ": " + old + " -> " + value;
    }

    @Override
    public List<ErrorDTO> errors(String name) {
        if (name == null) {
            return entries.values().stream().flatMap(e -> e.errors.stream()).toList();
        }
        return get(name).errors;
    }

    @Override
    public List<String> initDefaults(String name) {
        return get(name).defaults;
    }

    @Override
    public Object call(String name, String method, List<String> args) {
        get(name);
        if (method.equals("reset")) {
            return null; // a void method
        }
        if (!method.equals("next")) {
            throw new IllegalArgumentException(name + " has no method " + method + " taking " + args.size() + " arguments");
        }
        return 42L;
    }

    @Override
    public String interrupt(String name) {
        get(name);
        return name + ": no call is running in its code";
    }

    @Override
    public List<LoopDTO> loops() {
        return List.copyOf(loops.values());
    }

    @Override
    public String startLoop(String loop) {
        LoopDTO l = loop(loop, "startLoop");
        if (l.state == LoopDTO.State.RUNNING) {
            return loop + " is already running";
        }
        String verb = l.state == LoopDTO.State.NOT_STARTED ? " started" : " resumed";
        l.state = LoopDTO.State.RUNNING;
        l.reason = null;
        return loop + verb + " at " + rateText(l.targetRate);
    }

    @Override
    public String stopLoop(String loop) {
        LoopDTO l = loop(loop, "stopLoop");
        if (l.state == LoopDTO.State.PAUSED) {
            return loop + " is already paused";
        }
        l.state = LoopDTO.State.PAUSED;
        l.reason = "paused by live:stop";
        return loop + " paused";
    }

    @Override
    public String restartLoop(String loop) {
        LoopDTO l = loop(loop, "restartLoop");
        if (l.state != LoopDTO.State.PAUSED) {
            return loop + " is not paused (" + l.state.name().toLowerCase().replace('_', ' ') + ")";
        }
        l.state = LoopDTO.State.RUNNING;
        l.reason = null;
        return loop + " resumed at " + rateText(l.targetRate);
    }

    @Override
    public String rate(String loop, double stepsPerSecond) {
        LoopDTO l = loop(loop, "rate");
        lastRate = stepsPerSecond;
        String before = rateText(l.targetRate);
        l.targetRate = stepsPerSecond;
        return loop + ": " + before + " -> " + rateText(stepsPerSecond);
    }

    @Override
    public String resetRate(String loop) {
        LoopDTO l = loop(loop, "resetRate");
        String before = rateText(l.targetRate);
        l.targetRate = l.declaredRate;
        return loop + ": " + before + " -> " + rateText(l.targetRate) + " (the rate it declares)";
    }

        private LoopDTO loop(String name, String call) {
        LoopDTO l = loops.get(name);
        if (l == null) {
            throw new IllegalArgumentException("no loop named '" + name + "'");
        }
        lastLoop = name;
        lastLoopCall = call;
        return l;
    }

    private static String rateText(double rate) {
        return rate == 0 ? "free-running" : (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate)) + " Hz";
    }

    @Override
    public String perBeat(String loop, double perBeat) {
        throw new UnsupportedOperationException("perBeat");
    }

    @Override
    public dev.doitlive.api.OutcomeDTO refresh(String name, dev.doitlive.api.Boundary at, long timeoutMillis) {
        throw new UnsupportedOperationException("refresh at");
    }

    @Override
    public String landAt(String name, dev.doitlive.api.Boundary at, boolean once) {
        throw new UnsupportedOperationException("landAt");
    }

    @Override
    public String cancel(String name) {
        throw new UnsupportedOperationException("cancel");
    }

    @Override
    public dev.doitlive.api.OutcomeDTO prepare(String name, byte[] jar, String reason, long timeoutMillis) {
        throw new UnsupportedOperationException("prepare");
    }

    @Override
    public dev.doitlive.api.OutcomeDTO land(String name, long atEpochNanos, String landing, long timeoutMillis) {
        throw new UnsupportedOperationException("land");
    }

    @Override
    public String drop(String name, String why) {
        throw new UnsupportedOperationException("drop");
    }

    @Override
    public byte[] jar(String name, long seq) {
        throw new UnsupportedOperationException("jar");
    }

    @Override
    public void report(String source, String line) {
    }

    @Override
    public void say(String line) {
    }

    @Override
    public boolean callFailed(String name, String why) {
        return false;
    }
}
