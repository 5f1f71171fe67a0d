package dev.doitlive.controls.midi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code live:learn}: the target waiting for a control, and the mappings learned since the start (one per control, the
 * newest kept). A control that was learned follows only what was learned for it; the files' mappings of it wait until
 * {@code live:unlearn}.
 */
final class Learning {
    /** The target waiting for the next control change or note on, as a mapping whose control is not known yet. */
    private final AtomicReference<Mapping> waiting = new AtomicReference<>();
    /** By control, in the order learned; guarded by itself. */
    private final Map<Control, Mapping> learned = new LinkedHashMap<>();
    /** The learned mappings, replaced whole, read by every message. */
    private volatile List<Mapping> mappings = List.of();

    /** Waits for a control to map {@code target} to; @return the target it replaces as the one waiting, or null */
    Mapping await(Mapping.Target target, double[] range) {
        return waiting.getAndSet(new Mapping(new Control(false, 0, 0), target.name(), target.member(),
                range == null ? null : range[0], range == null ? null : range[1], false, "learned"));
    }

    /** The target waiting, or null. */
    Mapping waiting() {
        return waiting.get();
    }

    /**
     * A control moved: if a target waits, it is mapped to this control (on the channel it came on).
     *
     * @return the mapping learned and the one it replaces for the control (or null), or null when none waits
     */
    Mapping[] take(boolean note, int channel, int number) {
        Mapping w = waiting.getAndSet(null);
        if (w == null) {
            return null;
        }
        Mapping m = new Mapping(new Control(note, channel, number), w.name(), w.member(), w.lo(), w.hi(), false, "learned");
        synchronized (learned) {
            Mapping old = learned.put(m.control(), m);
            mappings = List.copyOf(learned.values());
            return new Mapping[] {m, old};
        }
    }

    /** The mappings learned. */
    List<Mapping> mappings() {
        return mappings;
    }

    /** live:unlearn: stops waiting and forgets every mapping learned (null), or those of one target. */
    String forget(String target) {
        Mapping stopped = target == null ? waiting.getAndSet(null) : null;
        int forgot = 0;
        synchronized (learned) {
            for (var it = learned.values().iterator(); it.hasNext();) {
                Mapping m = it.next();
                if (target == null || (m.name() + "." + m.member()).equals(target)) {
                    it.remove();
                    forgot++;
                }
            }
            mappings = List.copyOf(learned.values());
        }
        Mapping w = waiting.get();
        if (target != null && w != null && (w.name() + "." + w.member()).equals(target) && waiting.compareAndSet(w, null)) {
            stopped = w;
        }
        return "midi: " + (stopped == null ? "" : "no longer learning " + stopped.target() + "; ") + "forgot " + forgot
                + " learned mapping" + (forgot == 1 ? "" : "s") + (target == null ? "" : " of " + target)
                + "; the files' mappings stay";
    }
}
