package dev.doitlive.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.doitlive.api.Coordinator;
import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.RefreshableDTO;

/**
 * Several runtimes as one stage. A new version that comes to any node (the runtime holds it and hands it here, as
 * its {@link Coordinator}) goes to the leader, the engine's first member, which runs one two-phase refresh at a time:
 * every member prepares the bytes and holds them ({@link LiveRuntime#prepare}); only when all are ready does it commit,
 * naming a frame of the {@link Frames timeline} far enough ahead for the slowest member's delivery; each member then
 * lands it on that frame ({@link LiveRuntime#land}). One that cannot prepare, leaves or stays silent aborts it
 * everywhere ({@link LiveRuntime#drop}), in one line naming the node and its cause. A revert after a failure on probation
 * on one node goes the same way to the others. A side of a split that is no majority refuses every change until the
 * stage is whole again; a node that joins catches up to the leader's live versions ({@link CatchUp}).
 */
final class Stage implements Engine.Listener, Coordinator, Leader.Side {
    private static final long PING_MILLIS = 1000;
    /**
     * How long a minority waits before it asks to be let in again (a split), or a node alone since its start (it may have
     * started as a stage of its own beside the others, when their answer to its join came late), and between two asks;
     * plus up to {@link #REJOIN_JITTER_MILLIS}, so that two such nodes do not ask at the same moment.
     */
    private static final long REJOIN_MILLIS = 5000;
    private static final long ALONE_MILLIS = 10_000;
    private static final long REJOIN_JITTER_MILLIS = 3000;
    /**
     * A member of this node's view that it has heard nothing from for this long (pings go every second both ways) does
     * not count for its side: the others have put this node out of their view without its knowing (seen under load,
     * with encryption dropping its messages as a non-member's ever after), and it must not go on as if it were whole.
     */
    private static final long SILENT_NANOS = TimeUnit.MILLISECONDS.toNanos(8000);

    private final Settings settings;
    private final LiveRuntime runtime;
    private final Engine engine;
    private final Frames frames;
    private final Offsets offsets = new Offsets();
    private final CatchUp catchUp;
    /** The leader's part, used while this node leads. */
    private final Leader leading;
    /** This member's part (prepare, land, drop), in the order the leader sent them. */
    private final ExecutorService member = thread("doitlive-cluster-member");
    private final ScheduledExecutorService pings = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "doitlive-cluster-ping"));
    private volatile List<String> members = List.of();
    /** Who counts for the majority: the member list's nodes (or, with multicast, the nodes seen). */
    private final Majority majority;
    private volatile boolean minority;
    /** Whether this node has been on a majority side once: only then is a minority a split, which it rejoins from. */
    private volatile boolean wasWhole;
    /** When a minority asks to be let in again (System.nanoTime), 0 while this side is no minority; ping thread only. */
    private long nextRejoin;
    /** The refusal the last try to be let in again met, said once (ping thread). */
    private String refusedRejoin;
    /** Rounds this member prepared, by tx: the refreshable's name; and those where it had the version live already. */
    private final Map<String, String> prepared = new ConcurrentHashMap<>();
    private final Map<String, String> alreadyLive = new ConcurrentHashMap<>();
    /**
     * Refreshables this node proposed whose round has not reached it yet, with the leader each went to: an abort before any
     * prepare drops them here, and so does that leader's leaving.
     */
    private final Map<String, String> proposed = new ConcurrentHashMap<>();
    /** Where each refreshable last landed here, for live:cluster. */
    private final Map<String, String> landings = new ConcurrentHashMap<>();
    /** What each member said it runs, with its last pong. */
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    /** When this node last heard from each member of its view, or saw it come into the view (System.nanoTime). */
    private final Map<String, Long> heard = new ConcurrentHashMap<>();
    /** Set while this node applies another's purge: the runtime tells it back, and it must not go round again. */
    private final ThreadLocal<Boolean> applying = ThreadLocal.withInitial(() -> false);
    /** Says when a version from elsewhere lands on a source file here that does not hold it. */
    private final OwnFile ownFile;

    /** @param settled whether this node's watched folder has been brought in (its refreshables up): the catch-up waits for it */
    Stage(Settings settings, LiveRuntime runtime, Engine engine, java.util.function.BooleanSupplier settled, OwnFile ownFile) {
        this.settings = settings;
        this.runtime = runtime;
        this.engine = engine;
        this.majority = new Majority(settings.multicast() != null ? List.of() : settings.members());
        this.frames = new Frames(settings.periodNanos(), Math.round(settings.clockOffsetMillis() * 1e6));
        this.ownFile = ownFile;
        this.catchUp = new CatchUp(runtime, settings.prepareMillis(), settled, this::report, runtime::say, ownFile);
        this.leading = new Leader(settings, engine, frames, offsets, this, runtime::say);
    }

    private static ExecutorService thread(String name) {
        return Executors.newSingleThreadExecutor(r -> daemon(r, name));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() throws Exception {
        engine.join(this);
        pings.scheduleWithFixedDelay(() -> {
            ping();
            recount();
        }, 0, PING_MILLIS, TimeUnit.MILLISECONDS);
        pings.scheduleWithFixedDelay(this::rejoinIfMinority, 1000, 1000, TimeUnit.MILLISECONDS);
    }

    void close() {
        pings.shutdownNow();
        engine.send(null, Wire.of(Wire.Kind.BYE, null, null, null, null, 0, 0, false).encode()); // a clean leave: see Majority
        leading.close();
        member.shutdownNow();
        catchUp.close();
        engine.close();
    }

    private String leader() {
        List<String> m = members;
        return m.isEmpty() ? engine.self() : m.get(0);
    }

    private void report(String line) {
        runtime.report("cluster", line);
    }

    // ------------------------------------------------------------------ what the runtime hands over (Coordinator)

    @Override
    public void held(String name, byte[] jar, String reason) {
        if (minority) { // refused here at once: no leader of a majority to ask
            drop(name, "cluster: " + name + " from node " + engine.self() + " does not land: this side of the stage ("
                    + String.join(", ", members) + ") is a minority of " + total() + "; it holds its versions until the stage is whole again");
            return;
        }
        String to = leader();
        proposed.put(name, to);
        if (!engine.send(to, Wire.of(Wire.Kind.PROPOSE, null, name, reason, jar, 0, 0, false).encode())) {
            proposed.remove(name);
            drop(name, "cluster: " + name + " from node " + engine.self() + " does not land: the stage's leader " + leader()
                    + " cannot be reached now; nothing changes");
        }
    }

    private void drop(String name, String line) {
        try {
            runtime.drop(name, "the stage refused it");
        } catch (RuntimeException e) {
            // gone meanwhile
        }
        report(line);
    }

    @Override
    public void reverted(String name, byte[] jar, String reason) {
        report("cluster: " + name + " reverted here (" + reason + "): the stage reverts it on every node");
        engine.send(leader(), Wire.of(Wire.Kind.PROPOSE, null, name, "reverted on " + engine.self() + ": " + reason, jar, 0, 0, false).encode());
    }

    @Override
    public void purged(String name) {
        if (!applying.get()) {
            engine.send(null, Wire.of(Wire.Kind.PURGE, null, name, null, null, 0, 0, false).encode());
        }
    }

    // ------------------------------------------------------------------ what the engine delivers

    @Override
    public void received(String from, byte[] bytes) {
        heard.put(from, System.nanoTime());
        Wire w;
        try {
            w = Wire.decode(bytes);
        } catch (IOException e) {
            report("cluster: a message from " + from + " is not one of the stage's (" + e.getMessage() + "); it is ignored");
            return;
        }
        switch (w.kind()) {
            case PROPOSE -> {
                if (leader().equals(engine.self())) {
                    leading.proposed(from, w);
                } else {
                    engine.send(leader(), bytes); // the leader changed on its way
                }
            }
            case PREPARE -> member.execute(() -> prepare(from, w));
            case READY, LANDED -> leading.answered(from, w);
            case COMMIT -> {
                long came = frames.now(); // to tell a late commit from a stall at the landing
                member.execute(() -> commit(from, w, came));
            }
            case ABORT -> member.execute(() -> abort(w));
            case PURGE -> {
                if (!from.equals(engine.self())) {
                    member.execute(() -> purge(from, w.name()));
                }
            }
            case PING -> engine.send(from, Wire.of(Wire.Kind.PONG, null, null, liveHere(), null, w.a(), frames.now(), false).encode());
            case BYE -> majority.left(from);
            case PONG -> {
                offsets.pong(from, w.a(), w.b(), frames.now());
                versions.put(from, w.text() == null ? "" : w.text());
            }
        }
    }

    @Override
    public void members(List<String> now, boolean merged) {
        List<String> before = members;
        long at = System.nanoTime();
        for (String m : now) {
            if (!before.contains(m)) {
                heard.put(m, at); // come into the view: heard from, as far as silence goes
            }
        }
        heard.keySet().retainAll(now);
        members = List.copyOf(now);
        List<String> counted = heardFrom(majority.counted(now, engine::address));
        offsets.retain(now);
        versions.keySet().retainAll(now);
        leading.members(now);
        if (!before.isEmpty() && !now.contains(before.get(0))) {
            String gone = before.get(0);
            member.execute(() -> leaderLeft(gone)); // after whatever its round sent this node before it went
        }
        TreeSet<String> left = new TreeSet<>(before);
        left.removeAll(now);
        TreeSet<String> joined = new TreeSet<>(now);
        joined.removeAll(before);
        joined.remove(engine.self());
        boolean wasMinority = minority;
        minority = majority.minority(counted.size());
        if (!before.isEmpty()) {
            for (String l : left) {
                report("cluster: node " + l + " left the stage; " + String.join(", ", now) + (now.size() == 1 ? " goes" : " go") + " on");
            }
            for (String j : joined) {
                runtime.say("cluster: node " + j + " joined the stage (" + String.join(", ", now) + ")");
            }
        }
        if (minority && !wasMinority && wasWhole) {
            report("cluster: this side of the stage (" + String.join(", ", now) + ") is a minority of " + total()
                    + ": it holds its versions, and changes nothing, until the stage is whole again");
        } else if (minority && before.isEmpty()) {
            runtime.say("cluster: " + counted.size() + " of " + total() + " members so far (" + String.join(", ", now)
                    + "): changes wait for a majority");
        }
        // This side was a minority and the members it meets are a majority by themselves: theirs are the live versions
        // (after a split, or a start as a stage of its own; whoever leads the merged stage).
        long joinedCounted = joined.stream().filter(counted::contains).count();
        boolean rejoined = !before.isEmpty() && wasMinority && !minority && joinedCounted * 2 > total();
        wasWhole |= !minority;
        if (before.isEmpty() && !leader().equals(engine.self())) {
            catchUp.ask(() -> engine.askSnapshot(null)); // a joiner takes the leader's live versions
        } else if (rejoined) { // merged, or joined again
            String from = joined.first();
            runtime.say("cluster: the stage is whole again (" + String.join(", ", now) + "); catching up");
            catchUp.ask(() -> engine.askSnapshot(from));
        } else if (wasMinority && !minority && !before.isEmpty()) { // a minority met by another: together a majority
            runtime.say("cluster: this side of the stage (" + String.join(", ", now) + ") is a majority of " + total() + ": changes land again");
        }
    }

    @Override
    public List<String> members() {
        return members;
    }

    /** Of {@code counted}, this node and those it heard from within {@link #SILENT_NANOS}. */
    private List<String> heardFrom(List<String> counted) {
        long now = System.nanoTime();
        return counted.stream().filter(m -> {
            Long h = heard.get(m);
            return m.equals(engine.self()) || h == null || now - h < SILENT_NANOS;
        }).toList();
    }

    @Override
    public boolean minority() {
        return minority;
    }

    @Override
    public int total() {
        return majority.total();
    }

    /**
     * Counts this side again (ping thread): a member's address may be unknown to the transport at the moment its view
     * came (it is fetched as soon as something is sent to it), and a node that left cleanly counts no more.
     */
    private void recount() {
        List<String> now = members;
        if (now.isEmpty()) {
            return;
        }
        boolean was = minority;
        List<String> counted = heardFrom(majority.counted(now, engine::address));
        minority = majority.minority(counted.size());
        if (minority && !was && wasWhole) {
            List<String> silent = now.stream().filter(m -> !counted.contains(m) && !m.equals(engine.self())).toList();
            report("cluster: " + engine.self() + " has heard nothing from " + String.join(", ", silent) + " for "
                    + SILENT_NANOS / 1_000_000_000L + " s, though its view of the stage holds " + (silent.size() == 1 ? "it" : "them")
                    + ": this side is a minority of " + total() + "; it holds its versions and asks to be let in again");
        }
        wasWhole |= !minority;
        if (was && !minority) {
            runtime.say("cluster: this side of the stage (" + String.join(", ", now) + ") is a majority of " + total() + ": changes land again");
        }
    }

    @Override
    public byte[] snapshot() {
        Map<String, Wire.Live> live = new LinkedHashMap<>();
        for (RefreshableDTO r : runtime.list()) {
            if (r.status != RefreshableDTO.Status.DETACHED && r.liveSeq > 0) {
                try {
                    Location l = Location.of(r.location);
                    live.put(r.name, new Wire.Live(runtime.jar(r.name, r.liveSeq), l == null ? null : l.file()));
                } catch (IllegalArgumentException e) {
                    // its bytes are gone: a joiner keeps what it has of it
                }
            }
        }
        return Wire.snapshot(live);
    }

    @Override
    public void snapshot(byte[] bytes) {
        try {
            catchUp.apply(Wire.snapshot(bytes), leader());
        } catch (IOException e) {
            report("cluster: the leader's live versions could not be read (" + e.getMessage() + "); this node keeps its own");
        }
    }

    // ------------------------------------------------------------------ a member

    private void prepare(String leader, Wire w) {
        if (!members.contains(leader)) {
            return; // its leader left as it came: nobody would decide it (leaderLeft drops a proposal of this node's)
        }
        proposed.remove(w.name());
        OutcomeDTO o;
        try {
            o = runtime.prepare(w.name(), w.jar(), w.text(), settings.prepareMillis());
            if (o.ok && runtime.describe(w.name()).heldSeq == 0) {
                alreadyLive.put(w.tx(), w.name());
            }
        } catch (IllegalArgumentException e) {
            o = OutcomeDTO.of(false, e.getMessage() + " here (its file is not in this node's watched folder)", 0);
        } catch (RuntimeException e) {
            o = OutcomeDTO.of(false, String.valueOf(e.getMessage()), 0);
        }
        prepared.put(w.tx(), w.name());
        engine.send(leader, Wire.of(Wire.Kind.READY, w.tx(), w.name(), o.message, null, 0, 0, o.ok).encode());
    }

    private void commit(String leader, Wire w, long came) {
        long frame = w.a();
        prepared.remove(w.tx());
        if (alreadyLive.remove(w.tx()) != null) {
            engine.send(leader, Wire.of(Wire.Kind.LANDED, w.tx(), w.name(), "live here already", null, frame, 0, true).encode());
            return;
        }
        long at = frames.toSystem(frames.landingOf(frame));
        OutcomeDTO o;
        try {
            o = runtime.land(w.name(), at, " on frame " + frame + " of stage " + settings.cluster(), settings.prepareMillis());
        } catch (RuntimeException e) {
            o = OutcomeDTO.of(false, String.valueOf(e.getMessage()), 0);
        }
        long landed = o.landedAt == 0 ? -1 : frames.frameAt(frames.fromSystem(o.landedAt));
        if (o.ok) {
            landings.put(w.name(), "seq " + o.liveSeq + " landed on frame " + landed
                    + (landed == frame ? "" : ", " + (landed - frame) + " after its commit frame " + frame)
                    + (settings.clockOffsetMillis() == 0 ? "" : " (frame " + frames.frameAt(o.landedAt) + " by the system clock, "
                            + millis(frames.fromSystem(0)) + " from this node's)"));
            if (w.text() != null && !w.text().equals(engine.self())) {
                ownFile.warn(w.name(), o.liveSeq, "from node " + w.text());
            }
            if (landed != frame) {
                long past = frames.fromSystem(o.landedAt) - frames.landingOf(frame);
                long early = frames.landingOf(frame) - came;
                report("cluster: " + w.name() + " landed on frame " + landed + ", " + Leader.frames(landed - frame) + " after its commit frame "
                        + frame + ", " + millis(past) + " past its landing: " + (early < 0 ? "the commit reached this node "
                                + millis(-early) + " after it" : "the commit came " + millis(early) + " before it, and this node stalled"
                                + " (a pause of its JVM, or no core free)"));
            }
        } else {
            report("cluster: " + w.name() + " was committed for frame " + frame + " but did not land here: " + o.message);
        }
        engine.send(leader, Wire.of(Wire.Kind.LANDED, w.tx(), w.name(), o.message, null, landed, o.landedAt, o.ok).encode());
    }

    private void abort(Wire w) {
        String name = prepared.remove(w.tx());
        if (name == null && proposed.remove(w.name()) != null) {
            name = w.name(); // refused before any member prepared it (a minority): the version held here goes too
        }
        alreadyLive.remove(w.tx());
        if (name != null) {
            try {
                runtime.drop(name, "the stage aborted it");
            } catch (IllegalArgumentException e) {
                // no such refreshable here: nothing was prepared
            }
        }
        report(w.text());
    }

    /**
     * The leader left (member thread): a round of its that this node prepared, or a proposal it never began, has nobody to
     * decide it and would hold its version until the runtime gives up on it. Each is dropped here, in one line; the new
     * leader begins no half round (a round's tx names its leader), and a version saved again goes to it.
     */
    private void leaderLeft(String gone) {
        String tx = gone + "-";
        for (Map.Entry<String, String> e : new ArrayList<>(prepared.entrySet())) {
            if (e.getKey().startsWith(tx) && prepared.remove(e.getKey(), e.getValue())) {
                alreadyLive.remove(e.getKey());
                dropLeaderless(e.getValue(), gone);
            }
        }
        for (Map.Entry<String, String> e : new ArrayList<>(proposed.entrySet())) {
            if (e.getValue().equals(gone) && proposed.remove(e.getKey(), gone)) {
                dropLeaderless(e.getKey(), gone);
            }
        }
    }

    private void dropLeaderless(String name, String gone) {
        try {
            runtime.drop(name, "the stage's leader left before deciding it");
        } catch (IllegalArgumentException e) {
            // no such refreshable here any more
        }
        report("cluster: " + name + " does not land anywhere, nothing changes: the stage's leader " + gone + " left before it was decided");
    }

    private void purge(String from, String name) {
        applying.set(true);
        try {
            int n = runtime.purge(name);
            runtime.say("cluster: purged " + (name == null ? "every history" : name + "'s history") + " as node " + from + " did ("
                    + n + (n == 1 ? " version" : " versions") + ")");
        } catch (IllegalArgumentException e) {
            // no such refreshable here
        } finally {
            applying.set(false);
        }
    }

    private void rejoinIfMinority() {
        long now = System.nanoTime();
        if (!minority) {
            nextRejoin = 0;
            return;
        }
        long jitter = java.util.concurrent.ThreadLocalRandom.current().nextLong(REJOIN_JITTER_MILLIS) * 1_000_000L;
        if (nextRejoin == 0) {
            nextRejoin = now + (wasWhole ? REJOIN_MILLIS : ALONE_MILLIS) * 1_000_000L + jitter;
        } else if (now - nextRejoin >= 0) {
            try {
                engine.rejoin();
                refusedRejoin = null;
            } catch (Refused e) {
                if (!e.getMessage().equals(refusedRejoin)) { // said once, not at each try
                    report("cluster: " + e.getMessage() + "; this side holds its versions and asks again every few seconds");
                }
                refusedRejoin = e.getMessage();
            } catch (Exception e) {
                // still apart: the next try comes
            }
            nextRejoin = System.nanoTime() + REJOIN_MILLIS * 1_000_000L + jitter;
        }
    }

    // ------------------------------------------------------------------ offsets, live:cluster

    private void ping() {
        for (String m : members) {
            if (!m.equals(engine.self())) {
                engine.send(m, Wire.of(Wire.Kind.PING, null, null, null, null, frames.now(), 0, false).encode());
            }
        }
    }

    /** What this node runs, as its pong tells the others: "counter seq 3 (1.0.2), show seq 1 (1.0.0)". */
    private String liveHere() {
        List<String> l = new ArrayList<>();
        for (RefreshableDTO r : runtime.list()) {
            l.add(r.name + " seq " + r.liveSeq + " (" + r.liveBundleVersion + ")");
        }
        return String.join(", ", l);
    }

    String status() {
        List<String> m = members;
        StringBuilder sb = new StringBuilder();
        sb.append("stage ").append(settings.cluster()).append(": ").append(m.size()).append(m.size() == 1 ? " node" : " nodes")
                .append(minority ? " (a minority of " + total() + ": holding its versions)" : "")
                .append(", frames at ").append(fmt(settings.frameRate())).append("/s, commit lead ").append(settings.leadMillis())
                .append(" ms at least, frame now ").append(frames.frameAt(frames.now())).append('\n');
        sb.append(engine.describe()).append('\n');
        sb.append(String.format(Locale.ROOT, "%-16s %-7s %10s %10s  %s%n", "NODE", "ROLE", "OFFSET", "DELIVERY", "LIVE"));
        for (String n : m) {
            boolean self = n.equals(engine.self());
            Offsets.Member o = offsets.of(n);
            sb.append(String.format(Locale.ROOT, "%-16s %-7s %10s %10s  %s%n", n + (self ? " (this)" : ""), n.equals(leader()) ? "leader" : "member",
                    self ? "-" : o == null ? "?" : millis(o.offset), self ? "-" : o == null ? "?" : millis(o.worstDelivery()),
                    self ? liveHere() : versions.getOrDefault(n, "?")));
        }
        String c = catchUp.status();
        if (c != null) {
            sb.append(c).append('\n');
        }
        new TreeSet<>(landings.keySet()).forEach(n -> sb.append(n).append(": ").append(landings.get(n)).append(" here\n"));
        return sb.toString().stripTrailing();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%+.2f ms", nanos / 1e6);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
