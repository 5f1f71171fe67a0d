package dev.doitlive.runtime.refresh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.osgi.framework.Bundle;

import dev.doitlive.api.Boundary;
import dev.doitlive.api.Coordinator;
import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.report.Failures;

/**
 * A version held for a {@link Coordinator} (DESIGN.md, the life of a refresh, step 3, "the cluster's commit frame"):
 * prepared as a held version is, and landed at a wall-clock instant the coordinator names, or dropped. It is held
 * either because it arrived here while a coordinator is registered (the coordinator is told), or because the
 * coordinator asked for it ({@link #prepare}: the bytes of another runtime's version). Restores, and a revert after a
 * failure on probation, land at once and are told afterwards: they put things right. Swap thread only, but for the
 * coordinator's calls, which run on a thread of their own.
 */
final class Coordinated {
    /** A held version its coordinator decides nothing about within this never lands. */
    private static final long UNDECIDED_MS = 60_000;
    /** How early the swap thread is taken before a landing: a save or a check queued there then cannot make it late. */
    private static final long EARLY_NANOS = 10_000_000;
    private static final long SPIN_NANOS = 200_000;
    /** How long a landing waits for the wall clock after the monotonic one says it is time (clock skew within a run). */
    private static final long WALL_CLOCK_NANOS = 5_000_000;

    /** A prepare waiting for its bytes to come up; {@code dropped}: dropped before they did, so they never land. */
    private static final class Pending {
        final CompletableFuture<OutcomeDTO> done;
        final String reason;
        boolean dropped;

        Pending(CompletableFuture<OutcomeDTO> done, String reason) {
            this.done = done;
            this.reason = reason;
        }
    }

    private final Lifecycle lifecycle;
    private final Hold hold;
    private final Swap swap;
    private final Restore restore;
    /** By refreshable name; swap thread only. */
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Hold.Held> held = new HashMap<>();
    /** Why the version the held one replaces is reverted, by name (null: a new version). */
    private final Map<String, String> reasons = new HashMap<>();
    private volatile Supplier<Coordinator> coordinator = () -> null;
    /** The coordinator's calls: never on the swap thread, which its network work must not hold up. */
    private final ExecutorService told = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "doitlive-coordinator");
        t.setDaemon(true);
        return t;
    });

    Coordinated(Lifecycle lifecycle, Hold hold, Swap swap, Restore restore) {
        this.lifecycle = lifecycle;
        this.hold = hold;
        this.swap = swap;
        this.restore = restore;
    }

    void coordinator(Supplier<Coordinator> c) {
        this.coordinator = c;
    }

    /**
     * A later version of {@code live} arrived: held here if a prepare asked for it, or if a coordinator decides where
     * new versions land (not a restore, a reload of the live bytes, nor a revert after a failure). Returns whether it
     * took it.
     */
    boolean arrived(LiveRefreshable live, Version next) {
        Pending p = pending.remove(live.name);
        if (p != null && p.dropped) {
            restore.putBack(live, next.bundle, live.name + ": " + next.bundleVersion + " came up after it was dropped; "
                    + live.current.label() + " stays live");
            return true;
        }
        Coordinator c = coordinator.get();
        boolean mine = p == null && c != null && live.restoring == null && live.autoRevertOf == null
                && !next.content.checksum.equals(live.current.content.checksum);
        if (p == null && !mine) {
            return false;
        }
        hold.drop(live, "a newer version arrived", true);
        Preparation.Prepared prepared;
        try {
            prepared = Preparation.plan(lifecycle, live, live.current, next, false);
        } catch (RuntimeException | LinkageError e) {
            String cause = "its state transfer cannot be planned: " + Failures.describe(e);
            if (p != null) {
                p.done.complete(OutcomeDTO.of(false, live.name + ": " + cause, live.liveSeq()));
            }
            restore.failed(live, live.name, next.bundle, next.content, cause, e);
            return true;
        }
        Hold.Held hd = Hold.holdAs(live, next, Boundary.STEP, Double.NaN, prepared); // the live version serves on
        History.Entry entry = hd.entry;
        held.put(live.name, hd);
        String reason = p != null ? p.reason : live.endOfCurrent == VersionDTO.Status.REVERTED ? live.endReason : null;
        reasons.put(live.name, reason);
        String line = live.name + ": seq " + entry.seq + " (" + next.bundleVersion + ") prepared and held; it lands when "
                + (p != null ? "the stage commits it" : "every node of the stage is ready");
        // Progress, not a failure: the coordinator says what comes of it; nothing for live:errors.
        lifecycle.schedule(() -> undecided(live, hd), UNDECIDED_MS);
        if (p != null) {
            p.done.complete(OutcomeDTO.of(true, line, entry.seq));
        } else {
            byte[] jar = next.content.jar;
            String name = live.name;
            told.execute(() -> {
                try {
                    c.held(name, jar, reason);
                } catch (RuntimeException e) {
                    lifecycle.onSwapThread(() -> dropHeld(live, "its coordinator failed: " + Failures.describe(e)));
                }
            });
        }
        return true;
    }

    /** {@code live}'s version could not be brought in (Restore): a prepare waiting for it fails with the cause. */
    void failed(LiveRefreshable live, String cause) {
        Pending p = pending.remove(live.name);
        if (p != null && !p.dropped) {
            p.done.complete(OutcomeDTO.of(false, live.name + ": " + cause, live.liveSeq()));
        }
    }

    /** A revert after a failure went live here at once: the coordinator brings the others along. */
    void reverted(LiveRefreshable live, String reason) {
        Coordinator c = coordinator.get();
        if (c == null) {
            return;
        }
        byte[] jar = live.current.content.jar;
        String name = live.name;
        told.execute(() -> {
            try {
                c.reverted(name, jar, reason);
            } catch (RuntimeException e) {
                lifecycle.say(name + ": its coordinator failed to hear of the revert: " + Failures.describe(e));
            }
        });
    }

    /** live:purge here; on the caller's thread. */
    void purged(String name) {
        Coordinator c = coordinator.get();
        if (c != null) {
            try {
                c.purged(name);
            } catch (RuntimeException e) {
                lifecycle.say((name == null ? "purge" : name) + ": its coordinator failed to hear of the purge: " + Failures.describe(e));
            }
        }
    }

    /** LiveRuntime.prepare: on the swap thread, completes {@code done} once held, or with the cause. */
    void prepare(LiveRefreshable live, byte[] jar, String reason, CompletableFuture<OutcomeDTO> done) {
        String sum;
        try {
            sum = checksumOf(jar);
        } catch (IOException e) {
            done.complete(OutcomeDTO.of(false, live.name + ": what was sent is not a jar (" + e.getMessage() + ")", live.liveSeq()));
            return;
        }
        Hold.Held h = held.get(live.name);
        if (h != null && live.held == h && sumOf(h.next).equals(sum)) {
            done.complete(OutcomeDTO.of(true, live.name + ": seq " + h.entry.seq + " (" + h.next.bundleVersion + ") is held", h.entry.seq));
            return;
        }
        if (live.held == null && sumOf(live.current).equals(sum)) {
            done.complete(OutcomeDTO.of(true, live.name + ": " + live.current.label() + " is live already", live.liveSeq()));
            return;
        }
        held.remove(live.name); // its bytes are replaced by these: nothing to put back
        reasons.remove(live.name);
        hold.drop(live, "another version came to be prepared", true);
        Bundle b = live.current.bundle;
        if (b.getState() == Bundle.UNINSTALLED) {
            done.complete(OutcomeDTO.of(false, live.name + ": its bundle was uninstalled (its file deleted)", live.liveSeq()));
            return;
        }
        Pending p = new Pending(done, reason);
        pending.put(live.name, p);
        Starting.update(lifecycle, b, new ByteArrayInputStream(jar), e -> {
            // A bundle that does not resolve or start: the watch started by UPDATED says why (Restore, then failed()).
            if (b.getState() == Bundle.UNINSTALLED || e instanceof IllegalStateException) {
                pending.remove(live.name);
                done.complete(OutcomeDTO.of(false, live.name + ": cannot install what was sent: " + Failures.describe(e), live.liveSeq()));
            }
        });
    }

    /** A prepare that did not come up in time: if it comes up later it never lands. */
    void prepareTimedOut(LiveRefreshable live) {
        Pending p = pending.get(live.name);
        if (p != null) {
            p.dropped = true;
        }
    }

    /** LiveRuntime.land: on the swap thread; lands the held version at {@code atEpochNanos}, completing {@code done}. */
    void land(LiveRefreshable live, long atEpochNanos, String landing, CompletableFuture<OutcomeDTO> done) {
        Hold.Held h = held.get(live.name);
        if (h == null || live.held != h) {
            done.complete(OutcomeDTO.of(false, live.name + ": nothing is held for the stage to land; " + live.current.label()
                    + " is live", live.liveSeq()));
            return;
        }
        long target = System.nanoTime() + (atEpochNanos - epochNanos());
        landAt(live, h, target, atEpochNanos, landing, done);
    }

    /**
     * Waits on the monotonic clock, then on the wall clock the instant is named in: the pair read to convert one into the
     * other is not read at one moment (a preemption between the reads, or a clock slewed by NTP meanwhile, would land it
     * early), and a stage's nodes agree on the wall clock. The last wait is bounded, so a clock stepped back never stalls.
     */
    private void landAt(LiveRefreshable live, Hold.Held h, long target, long atEpochNanos, String landing,
            CompletableFuture<OutcomeDTO> done) {
        if (live.held != h) {
            done.complete(OutcomeDTO.of(false, live.name + ": its held version was dropped before it landed", live.liveSeq()));
            return;
        }
        long left = target - System.nanoTime();
        if (left > EARLY_NANOS) {
            lifecycle.scheduleNanos(() -> landAt(live, h, target, atEpochNanos, landing, done), left - EARLY_NANOS);
            return;
        }
        while ((left = target - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(left - SPIN_NANOS);
        }
        while (target - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
        long landedAt = wallClockAt(atEpochNanos);
        live.held = null;
        held.remove(live.name);
        String reason = reasons.remove(live.name);
        if (reason != null) {
            live.endOfCurrent = VersionDTO.Status.REVERTED;
            live.endReason = reason;
        }
        CompletableFuture<OutcomeDTO> outcome = new CompletableFuture<>();
        live.await(outcome, false);
        Preparation.Prepared plan = live.current == h.plannedOn ? h.prepared : null;
        swap.swap(live, h.next, plan, landing);
        outcome.whenComplete((o, e) -> {
            OutcomeDTO r = o == null ? OutcomeDTO.of(false, live.name + ": " + Failures.describe(e), live.liveSeq())
                    : OutcomeDTO.of(o.ok, o.message, o.liveSeq);
            r.landedAt = landedAt;
            done.complete(r);
        });
    }

    /** LiveRuntime.drop: on the swap thread; returns one line. */
    String drop(LiveRefreshable live, String why) {
        Pending p = pending.get(live.name);
        if (p != null) {
            p.dropped = true;
            p.done.complete(OutcomeDTO.of(false, live.name + ": dropped before it came up: " + why, live.liveSeq()));
            return live.name + ": the version being prepared never lands: " + why + "; " + live.current.label() + " stays live";
        }
        Hold.Held h = held.get(live.name);
        if (h == null || live.held != h) {
            held.remove(live.name);
            return live.name + ": nothing is held for the stage; " + live.current.label() + " stays live";
        }
        return dropHeld(live, why);
    }

    private String dropHeld(LiveRefreshable live, String why) {
        Hold.Held h = held.remove(live.name);
        reasons.remove(live.name);
        if (h == null || live.held != h) {
            return null;
        }
        hold.drop(live, why, false);
        String line = live.name + ": seq " + h.entry.seq + " (" + h.next.bundleVersion + ") never lands: " + why + "; "
                + live.current.label() + " stays live";
        lifecycle.say(line);
        restore.putBack(live, h.next.bundle, line, h.entry.seq);
        return line;
    }

    private void undecided(LiveRefreshable live, Hold.Held h) {
        if (live.held == h && held.get(live.name) == h) {
            dropHeld(live, "its coordinator did not land it within " + UNDECIDED_MS / 1000 + " s");
        }
    }

    void close() {
        told.shutdownNow();
    }

    /** The wall clock in nanoseconds since the epoch (microseconds on Linux). */
    /** Spins until the wall clock reads {@code atEpochNanos}, for at most {@link #WALL_CLOCK_NANOS}; returns its reading. */
    private static long wallClockAt(long atEpochNanos) {
        long now = epochNanos();
        for (long giveUp = System.nanoTime() + WALL_CLOCK_NANOS; now < atEpochNanos && System.nanoTime() - giveUp < 0; ) {
            Thread.onSpinWait();
            now = epochNanos();
        }
        return now;
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static String sumOf(Version v) {
        try {
            return checksumOf(v.content.jar);
        } catch (IOException e) {
            return v.content.checksum;
        }
    }

    /**
     * A checksum over a jar's entries (names and bytes, sorted), not its bytes: two jars rebuilt from the same
     * revision ({@link BundleContent#jar}, which carries the time it was built) are one version.
     */
    static String checksumOf(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), e.isDirectory() ? new byte[0] : in.readAllBytes());
            }
        }
        if (entries.isEmpty()) {
            throw new IOException("no entries");
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            digest.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(e.getValue());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
