package dev.doitlive.runtime.refresh;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.osgi.framework.Bundle;

import dev.doitlive.api.Default;
import dev.doitlive.api.Boundary;
import dev.doitlive.api.ErrorDTO;
import dev.doitlive.api.FieldDTO;
import dev.doitlive.api.OutcomeDTO;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.guard.RunawayCalls;
import dev.doitlive.runtime.history.History;
import dev.doitlive.runtime.report.Failures;
import dev.doitlive.runtime.report.FieldText;
import dev.doitlive.runtime.transfer.ClassModel;

/**
 * The commands of {@link dev.doitlive.api.LiveRuntime} (the shell's and any other face's): each is one call here.
 * Refresh and revert are bundle updates with re-read or older bytes, so they take the life of a refresh like any
 * arrival, and wait for its outcome (and a moment more for the first calls' verdict); reading and setting a live
 * instance's fields happens between two calls, with the proxy's gate closed.
 */
public final class Commands {
    /** How long a refresh or revert command waits for the first calls of the version it brought in. */
    private static final long VERDICT_MS = 250;

    private final Lifecycle lifecycle;
    private final Restore restore;
    private final Forget forget;

    Commands(Lifecycle lifecycle, Restore restore, Forget forget) {
        this.lifecycle = lifecycle;
        this.restore = restore;
        this.forget = forget;
    }

    /** live:list: every refreshable, by name. */
    public List<RefreshableDTO> list() {
        return lifecycle.refreshables().values().stream().map(l -> l.toDTO(lifecycle.hold()))
                .sorted(Comparator.comparing(d -> d.name)).toList();
    }

    /** One refreshable as the runtime sees it. */
    public RefreshableDTO describe(String name) {
        return require(name).toDTO(lifecycle.hold());
    }

    /** live:refresh --at: as live:refresh, its version landing at {@code at} (held until then). */
    public OutcomeDTO refresh(String name, Boundary at, long timeoutMillis) {
        LiveRefreshable live = require(name);
        lifecycle.call(() -> {
            live.atOnce = at;
            return null;
        });
        return refresh(live, timeoutMillis);
    }

    /** live:at: where a refreshable's new versions land from now on (null: as declared), or its next one only. */
    public String landAt(String name, Boundary at, boolean once) {
        LiveRefreshable live = require(name);
        return lifecycle.call(() -> {
            if (once) {
                live.atOnce = at;
                return live.name + ": its next version lands " + where(at);
            }
            live.at = at;
            live.atOnce = null;
            Boundary now = live.boundary();
            return live.name + ": its new versions land " + where(now) + (at == null ? ", as it declares" : "");
        });
    }

    private static String where(Boundary at) {
        return at == null || at == Boundary.STEP ? "at once (between two calls)" : "on the next " + at.word();
    }

    /** live:cancel: the held version never lands. */
    public String cancel(String name) {
        LiveRefreshable live = require(name);
        return lifecycle.call(() -> lifecycle.hold().cancel(live));
    }

    /** live:refresh: re-reads the bundle's file (recompiles a source) and brings it in; fails if it does not go live. */
    public OutcomeDTO refresh(String name, long timeoutMillis) {
        return refresh(require(name), timeoutMillis);
    }

    /** live:revert: the previous version (toSeq &lt; 0) or version toSeq, with the state carried. */
    public OutcomeDTO revert(String name, long toSeq, long timeoutMillis) {
        return revert(require(name), toSeq, timeoutMillis);
    }

    /**
     * live:purge: drops the history of one refreshable (or of all, name null); returns how many versions went, once
     * they are gone from disk too.
     *
     * @throws IllegalStateException when the history's files could not be written: its index on disk still names them
     */
    public int purge(String name) {
        Journal journal = lifecycle.journal();
        long failures = journal.failures();
        int n = 0;
        if (name != null) {
            n = purge(require(name));
        } else {
            for (LiveRefreshable l : lifecycle.refreshables().values()) {
                n += purge(l);
            }
        }
        lifecycle.coordinated().purged(name);
        journal.flush(); // answered once the purged versions are gone from disk too
        if (journal.failures() != failures) {
            String purged = n == 0 ? "nothing was left to purge here, but the history's index on disk still names the versions"
                    + " purged before" : "purged " + n + (n == 1 ? " version" : " versions") + " here, but the history's index on"
                    + " disk still names them";
            throw new IllegalStateException((name == null ? "" : name + ": ") + purged + " (" + journal.lastFailure() + "): a restart"
                    + " finds them listed again; purge again once the history can be written");
        }
        return n;
    }

    /** live:forget: drops for good the instance, state and history kept of a refreshable whose file is gone. */
    public String forget(String name) {
        return forget.forget(name);
    }

    /** live:history: the versions kept, newest first. */
    public List<VersionDTO> history(String name) {
        LiveRefreshable live = require(name);
        return lifecycle.call(() -> {
            List<VersionDTO> list = new ArrayList<>();
            live.history.entries().forEach(e -> list.add(0, e.toDTO()));
            return list;
        });
    }

    /** live:state: the live instance's fields as text. */
    public Map<String, String> state(String name) {
        LiveRefreshable live = require(name);
        Version v = live.current;
        ClassModel.ClassInfo info = v.model.info(v.instance.getClass());
        Map<String, String> state = new LinkedHashMap<>();
        for (Field f : info.ordered) {
            if (v.injectedFields.contains(f.getName())) {
                state.put(f.getName(), "(bound by Declarative Services)");
                continue;
            }
            try {
                state.put(f.getName(), FieldText.text(f.get(v.instance)));
            } catch (IllegalAccessException | RuntimeException e) {
                state.put(f.getName(), "<unreadable: " + e.getClass().getSimpleName() + ">");
            }
        }
        return state;
    }

    /** The fields of the live instance with their kinds: what the web page draws its knobs from. */
    public List<FieldDTO> fields(String name) {
        LiveRefreshable live = require(name);
        Version v = live.current;
        ClassModel.ClassInfo info = v.model.info(v.instance.getClass());
        List<FieldDTO> fields = new ArrayList<>();
        for (Field f : info.ordered) {
            FieldDTO d = new FieldDTO();
            d.name = f.getName();
            d.type = f.getType().getSimpleName();
            d.kind = FieldText.kind(f.getType());
            boolean injected = v.injectedFields.contains(f.getName());
            Object value = null;
            try {
                value = injected ? null : f.get(v.instance);
                d.value = injected ? "(bound by Declarative Services)"
                        : d.kind == FieldDTO.Kind.TEXT ? (value == null ? null : value.toString()) : FieldText.text(value);
            } catch (IllegalAccessException | RuntimeException e) {
                d.value = "<unreadable: " + e.getClass().getSimpleName() + ">";
            }
            d.editable = !injected && d.kind != FieldDTO.Kind.OTHER && !Modifier.isFinal(f.getModifiers());
            if (d.kind == FieldDTO.Kind.CHOICE) {
                Object[] constants = f.getType().getEnumConstants();
                d.choices = new String[constants.length];
                for (int i = 0; i < constants.length; i++) {
                    d.choices[i] = ((Enum<?>) constants[i]).name();
                }
            }
            fields.add(d);
        }
        return fields;
    }

    /** live:set: sets a field of the live instance between two calls. */
    public String set(String name, String field, String value) {
        LiveRefreshable live = require(name);
        return lifecycle.call(() -> {
            Version v = live.current;
            Field f = v.model.info(v.instance.getClass()).fields.get(field);
            if (f == null) {
                throw new IllegalArgumentException(name + " has no field '" + field + "' (fields: "
                        + String.join(", ", v.model.info(v.instance.getClass()).fields.keySet()) + ")");
            }
            if (Modifier.isFinal(f.getModifiers())) {
                throw new IllegalArgumentException(name + "." + field + " is final");
            }
            if (v.injectedFields.contains(field)) {
                throw new IllegalArgumentException(name + "." + field + " is bound by Declarative Services: it cannot be set");
            }
            Object parsed = FieldText.parse(f.getType(), value, name + "." + field);
            if (!live.proxy.close(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + ": calls did not pause within 10 s; " + field + " not set");
            }
            try {
                Object before = f.get(v.instance);
                f.set(v.instance, parsed);
                return name + "." + field + ": " + FieldText.text(before) + " -> " + FieldText.text(parsed);
            } finally {
                live.proxy.open();
            }
        });
    }

    /** live:errors: recent failures of one refreshable, or of all and of the watched folder; newest first. */
    public List<ErrorDTO> errors(String name) {
        List<ErrorDTO> all = new ArrayList<>();
        if (name != null) {
            LiveRefreshable live = lifecycle.refreshables().get(name);
            // Not a refreshable: a kit's or a file's name its problems were reported under (LiveRuntime.report).
            List<ErrorDTO> under = lifecycle.orphanErrors().stream().filter(e -> name.equals(e.name)).toList();
            if (live == null && under.isEmpty()) {
                require(name); // the usual "no refreshable named" line
            }
            if (live != null) {
                all.addAll(live.errors());
            }
            all.addAll(under);
        } else {
            lifecycle.refreshables().values().forEach(l -> all.addAll(l.errors()));
            all.addAll(lifecycle.orphanErrors());
        }
        all.sort(Comparator.comparingLong((ErrorDTO e) -> e.time).reversed());
        return all;
    }

    /** live:call: calls a method through the proxy, as any caller would, with its arguments parsed from text. */
    public Object call(String name, String method, List<String> args) throws Exception {
        LiveRefreshable live = require(name);
        List<String> given = args == null ? List.of() : args;
        java.lang.reflect.Method target = null;
        List<String> candidates = new ArrayList<>();
        for (Class<?> i : live.interfaces) {
            for (java.lang.reflect.Method m : i.getMethods()) {
                if (Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                candidates.add(m.getName() + "/" + m.getParameterCount());
                if (m.getName().equals(method) && m.getParameterCount() == given.size()) {
                    target = m;
                }
            }
        }
        if (target == null) {
            throw new IllegalArgumentException(name + " has no method " + method + " taking " + given.size() + " argument"
                    + (given.size() == 1 ? "" : "s") + " (methods: " + String.join(", ", candidates.stream().sorted().toList()) + ")");
        }
        Object[] values = new Object[given.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = FieldText.parse(target.getParameterTypes()[i], given.get(i),
                    "live:call " + name + " " + method + ": argument " + (i + 1));
        }
        // Ctrl-C in the shell interrupts this thread: the call then also ends if it spins in a refreshable's loop.
        boolean watched = RunawayCalls.watch(Thread.currentThread());
        try {
            return target.invoke(live.proxy, values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } finally {
            if (watched) {
                RunawayCalls.unwatch(Thread.currentThread());
            }
        }
    }

    /** Stops the calls running in the refreshable's own code now (live:interrupt): a loop ends at its next turn. */
    public String interrupt(String name) {
        LiveRefreshable live = require(name);
        return RunawayCalls.interrupt(live.name, live.proxy.getClass());
    }

    /** live:initdefaults: resets the {@code @Default} fields to a new instance's values; returns their names. */
    public List<String> initDefaults(String name) {
        LiveRefreshable live = require(name);
        return lifecycle.call(() -> {
            Version v = live.current;
            ClassModel.ClassInfo info = v.model.info(v.instance.getClass());
            List<Field> defaults = info.ordered.stream().filter(f -> f.isAnnotationPresent(Default.class)).toList();
            if (defaults.isEmpty()) {
                return List.of();
            }
            Object fresh;
            try {
                var c = v.instance.getClass().getDeclaredConstructor();
                c.setAccessible(true);
                fresh = c.newInstance();
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(name + ": initdefaults needs a no-argument constructor in "
                        + v.instance.getClass().getName());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(name + ": the constructor threw " + Failures.describe(Failures.root(e)));
            }
            if (!live.proxy.close(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + ": calls did not pause within 10 s; nothing reset");
            }
            try {
                List<String> reset = new ArrayList<>();
                for (Field f : defaults) {
                    f.set(v.instance, f.get(fresh));
                    reset.add(f.getName());
                }
                return reset;
            } finally {
                live.proxy.open();
            }
        });
    }

    /** LiveRuntime.prepare: {@code jar} installed as the next version, held for the coordinator. */
    public OutcomeDTO prepare(String name, byte[] jar, String reason, long timeoutMillis) {
        LiveRefreshable live = require(name);
        CompletableFuture<OutcomeDTO> f = new CompletableFuture<>();
        lifecycle.onSwapThread(() -> lifecycle.coordinated().prepare(live, jar, reason, f));
        OutcomeDTO o = await(f, timeoutMillis, live, "prepare");
        if (!f.isDone()) {
            lifecycle.onSwapThread(() -> lifecycle.coordinated().prepareTimedOut(live));
        }
        return o;
    }

    /** LiveRuntime.land: the held version lands at a wall-clock instant. */
    public OutcomeDTO land(String name, long atEpochNanos, String landing, long timeoutMillis) {
        LiveRefreshable live = require(name);
        CompletableFuture<OutcomeDTO> f = new CompletableFuture<>();
        lifecycle.onSwapThread(() -> lifecycle.coordinated().land(live, atEpochNanos, landing == null ? "" : landing, f));
        return await(f, timeoutMillis, live, "landing");
    }

    /** LiveRuntime.drop: the version held (or being prepared) for the coordinator never lands. */
    public String drop(String name, String why) {
        LiveRefreshable live = require(name);
        return lifecycle.call(() -> lifecycle.coordinated().drop(live, why == null ? "dropped" : why));
    }

    /** LiveRuntime.jar: a kept version's bytes. */
    public byte[] jar(String name, long seq) {
        LiveRefreshable live = require(name);
        return lifecycle.call(() -> {
            History.Entry e = live.history.find(seq).orElseThrow(() -> new IllegalArgumentException(name + " has no version " + seq));
            try {
                return live.history.bytes(e);
            } catch (IOException x) {
                throw new IllegalArgumentException(name + ": the bytes of version " + seq + " are gone: " + x.getMessage());
            }
        });
    }

    /** The live refreshable of that name, or an exception whose message lists the names there are. */
    LiveRefreshable require(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a refreshable name is required");
        }
        LiveRefreshable live = lifecycle.refreshables().get(name);
        if (live == null) {
            List<String> known = lifecycle.refreshables().keySet().stream().sorted().toList();
            throw new IllegalArgumentException("no refreshable named '" + name + "'"
                    + (known.isEmpty() ? " (none is live yet)" : " (live: " + String.join(", ", known) + ")"));
        }
        return live;
    }

    private OutcomeDTO refresh(LiveRefreshable live, long timeoutMillis) {
        Version before = live.current;
        CompletableFuture<OutcomeDTO> f = new CompletableFuture<>();
        lifecycle.onSwapThread(() -> {
            Bundle b = live.current.bundle;
            if (live.waitingFor != null) {
                f.complete(OutcomeDTO.of(false, live.waitingFor, live.liveSeq())); // a refresh would wait the same
                return;
            }
            if (b.getState() == Bundle.UNINSTALLED) {
                f.complete(OutcomeDTO.of(false, live.name + ": its bundle was uninstalled; drop its file into the watched folder again",
                        live.liveSeq()));
                return;
            }
            // Read first: a file that cannot be read (or a source that does not compile) leaves the bundle alone.
            InputStream in;
            try {
                in = new URL(b.getLocation()).openStream();
            } catch (IOException | RuntimeException e) {
                String line = live.name + ": cannot re-read " + Version.fileOf(b.getLocation()) + ": " + e.getMessage()
                        + "; " + live.current.label() + " stays live";
                live.error("refresh", line, e);
                f.complete(OutcomeDTO.of(false, line, live.liveSeq()));
                return;
            }
            live.await(f, true);
            Starting.update(lifecycle, b, in, e -> {
                // the watch started by UPDATED (or this line) reports it
                if (!f.isDone()) {
                    restore.failed(live, live.name, b, "cannot re-read " + Version.fileOf(b.getLocation()) + ": " + e.getMessage(), e);
                }
            });
        });
        return verdict(live, before, await(f, timeoutMillis, live, "refresh"), timeoutMillis);
    }

    /**
     * A version a command brought in is not a success until its first calls have had their say: waits a moment
     * ({@link #VERDICT_MS}, or the probation if shorter) for a failing call to revert it, and then reports the
     * failure (a non-zero status in a script) instead of "is live".
     */
    private OutcomeDTO verdict(LiveRefreshable live, Version before, OutcomeDTO outcome, long timeoutMillis) {
        Version v = live.newest; // not the current one: it may have failed and gone back before the answer came
        if (!outcome.ok || v == null || v == before || v.entry == null || v.entry.seq != outcome.liveSeq) {
            return outcome;
        }
        long deadline = System.nanoTime() + Math.min(VERDICT_MS, v.settings.probationMillis()) * 1_000_000L;
        while (v.failure == null && live.current == v && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000L);
        }
        if (v.failure == null) {
            return outcome;
        }
        // Reverting by itself: report once the version before is back.
        long until = System.nanoTime() + timeoutMillis * 1_000_000L;
        while ((live.current == v || live.updating) && System.nanoTime() < until) {
            LockSupport.parkNanos(1_000_000L);
        }
        return OutcomeDTO.of(false, live.name + ": " + v.label() + " went live, then " + v.failure + " - " + live.current.label()
                + (live.current == v ? " stays" : " is live"), live.liveSeq());
    }

    private OutcomeDTO revert(LiveRefreshable live, long toSeq, long timeoutMillis) {
        Version before = live.current;
        CompletableFuture<OutcomeDTO> f = new CompletableFuture<>();
        lifecycle.onSwapThread(() -> {
            lifecycle.hold().drop(live, "a revert came first", true); // before the target: a held version is never one
            History h = live.history;
            History.Entry target;
            if (toSeq < 0) {
                target = h.previous().orElse(null);
                if (target == null) {
                    f.complete(OutcomeDTO.of(true, live.name + ": nothing to revert to; " + live.current.label()
                            + " is live and history holds no older version", live.liveSeq()));
                    return;
                }
            } else {
                target = h.find(toSeq).orElse(null);
                if (target == null) {
                    f.completeExceptionally(new IllegalArgumentException(live.name + " has no version " + toSeq + " (kept: "
                            + h.entries().stream().map(e -> String.valueOf(e.seq)).reduce((a, b) -> a + ", " + b).orElse("none") + ")"));
                    return;
                }
                if (target.status() == VersionDTO.Status.LIVE) {
                    f.complete(OutcomeDTO.of(true, live.name + ": " + live.current.label() + " is already live", target.seq));
                    return;
                }
                if (!target.revertable()) {
                    f.completeExceptionally(new IllegalArgumentException(live.name + ": version " + toSeq + " cannot be reverted to ("
                            + (target.status() == VersionDTO.Status.FAILED ? "it failed: " + target.reason() : "its bytes are gone") + ")"));
                    return;
                }
            }
            live.endOfCurrent = target.seq < live.liveSeq() ? VersionDTO.Status.REVERTED : VersionDTO.Status.REPLACED;
            live.endReason = target.seq < live.liveSeq() ? "reverted by hand" : null;
            live.await(f, true);
            restore.startUpdate(live, target, f);
        });
        return verdict(live, before, await(f, timeoutMillis, live, "revert"), timeoutMillis);
    }

    private int purge(LiveRefreshable live) {
        return lifecycle.call(() -> {
            live.current.cameFrom = null; // with no history there is nothing to go back to, nor to give back
            return live.history.purge();
        });
    }

    private OutcomeDTO await(CompletableFuture<OutcomeDTO> f, long timeoutMillis, LiveRefreshable live, String what) {
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            return OutcomeDTO.of(false, live.name + ": " + what + " did not finish within " + timeoutMillis + " ms; "
                    + live.current.label() + " is live", live.liveSeq());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OutcomeDTO.of(false, live.name + ": interrupted", live.liveSeq());
        }
    }}
