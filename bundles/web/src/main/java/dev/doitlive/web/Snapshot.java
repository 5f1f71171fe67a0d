package dev.doitlive.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.doitlive.api.FieldDTO;
import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;

/**
 * The runtime as the page draws it, as JSON: {@link #json()} every refreshable with its fields and every loop, which
 * change all the time; {@link #histories()} the refreshables' histories, which change at a refresh, a revert or a
 * purge and are sent only then. Made at most {@value #FRESH_MILLIS} ms apart however many pages ask, from the same
 * {@link LiveRuntime} calls the shell makes; a history (kept by the swap thread) is asked again only when its
 * refreshable's version or status moved.
 */
@Component(service = Snapshot.class)
public class Snapshot {
    static final long FRESH_MILLIS = 100;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LiveRuntime runtime;

    private String json;
    private String historiesJson = "{}";
    private long madeAt;
    private final Map<String, String> historyKeys = new HashMap<>();
    private final Map<String, List<VersionDTO>> histories = new HashMap<>();

    /** The newest snapshot, made now if the last one is older than {@value #FRESH_MILLIS} ms. */
    synchronized String json() {
        long now = System.nanoTime();
        if (json == null || now - madeAt >= FRESH_MILLIS * 1_000_000L) {
            json = make();
            madeAt = now;
        }
        return json;
    }

    /** The histories as of the newest snapshot: {@code {"NAME":[versions, newest first], ...}}. */
    synchronized String histories() {
        json();
        return historiesJson;
    }

    /** Both in one object, for a client that asks once ({@code GET /api/snapshot}). */
    synchronized String whole() {
        String state = json();
        return state.substring(0, state.length() - 1) + ",\"histories\":" + historiesJson + "}";
    }

    private String make() {
        LiveRuntime live = runtime;
        Json j = new Json().begin();
        j.put("running", live != null);
        j.array("refreshables");
        if (live != null) {
            List<RefreshableDTO> all = live.list();
            // Forget the histories of refreshables gone (forgotten, or of a runtime started again).
            historyKeys.keySet().removeIf(n -> all.stream().noneMatch(r -> r.name.equals(n)));
            histories.keySet().retainAll(historyKeys.keySet());
            for (RefreshableDTO r : all) {
                try {
                    refreshable(j, live, r);
                } catch (IllegalArgumentException gone) {
                    // deleted between list() and the next call: the next snapshot no longer lists it
                }
            }
        }
        j.endArray();
        Json h = new Json().begin();
        for (Map.Entry<String, List<VersionDTO>> e : new java.util.TreeMap<>(histories).entrySet()) {
            h.array(e.getKey());
            for (VersionDTO v : e.getValue()) {
                h.begin().put("seq", v.seq).put("version", v.bundleVersion).put("time", v.time)
                        .put("status", v.status.name()).put("reason", v.reason).put("revertable", v.revertable).end();
            }
            h.endArray();
        }
        historiesJson = h.end().toString();
        j.array("loops");
        if (live != null) {
            for (LoopDTO l : live.loops()) {
                loop(j, l);
            }
        }
        j.endArray();
        return j.end().toString();
    }

    private void refreshable(Json j, LiveRuntime live, RefreshableDTO r) {
        List<FieldDTO> fields = live.fields(r.name);
        List<VersionDTO> history = history(live, r);
        boolean older = history.stream().anyMatch(v -> v.seq < r.liveSeq && v.revertable);
        j.begin().put("name", r.name).put("status", r.status.name()).put("liveSeq", r.liveSeq)
                .put("version", r.liveBundleVersion).put("historyDepth", r.historyDepth).put("calls", r.calls)
                .put("errors", r.errors).put("lastError", r.lastError).put("file", file(r.location))
                .put("holdMicros", r.lastHoldNanos / 1000).put("canRevert", older);
        j.array("fields");
        for (FieldDTO f : fields) {
            j.begin().put("name", f.name).put("type", f.type).put("kind", f.kind.name()).put("value", f.value)
                    .put("editable", f.editable);
            if (f.choices != null) {
                j.put("choices", List.of(f.choices));
            }
            j.end();
        }
        j.endArray();
        j.end();
    }

    private List<VersionDTO> history(LiveRuntime live, RefreshableDTO r) {
        String key = r.liveSeq + "/" + r.historyDepth + "/" + r.status + "/" + r.lastError;
        if (!key.equals(historyKeys.get(r.name))) {
            histories.put(r.name, live.history(r.name));
            historyKeys.put(r.name, key);
        }
        return histories.get(r.name);
    }

    private static void loop(Json j, LoopDTO l) {
        j.begin().put("name", l.name).put("step", l.step).put("state", l.state.name()).put("reason", l.reason)
                .put("targetRate", l.targetRate).put("declaredRate", l.declaredRate).put("measuredRate", Math.round(l.measuredRate * 10) / 10.0)
                .put("lastStepMicros", l.lastStepNanos / 1000).put("worstStepMicros", l.worstStepNanos / 1000)
                .put("steps", l.steps).put("errors", l.errors).put("overruns", l.overruns).put("skipped", l.skipped)
                .put("reverts", l.reverts).end();
    }

    /** The file name of a bundle's location (a path or URL in the watched folder), or null. */
    static String file(String location) {
        if (location == null) {
            return null;
        }
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\'));
        return location.substring(slash + 1);
    }
}
