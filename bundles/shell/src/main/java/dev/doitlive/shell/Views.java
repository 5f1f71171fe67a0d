package dev.doitlive.shell;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.doitlive.api.ErrorDTO;
import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;

/** Renders the runtime's answers as the text the shell prints. No runtime calls here, only formatting. */
final class Views {
    private static final int CHECKSUM_CHARS = 12;
    /** A step running longer than this is reported under the loops table as (probably) hung. */
    static final long HUNG_NANOS = 1_000_000_000L;
    private static final String[] DURATION_UNITS = {"\u00b5s", "ms", "s"};
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final ZoneId zone;
    private final String watchedFolder;

    /**
     * @param zone          where "when" columns are shown (the operator's local time)
     * @param watchedFolder FileInstall's folder, for the hint on an empty runtime; null if unknown
     */
    Views(ZoneId zone, String watchedFolder) {
        this.zone = zone;
        this.watchedFolder = watchedFolder;
    }

    String list(List<RefreshableDTO> refreshables) {
        return list(refreshables, Map.of());
    }

    /** @param uses refreshable name -> the show's own bundles it uses (a change to one swaps it with it) */
    String list(List<RefreshableDTO> refreshables, Map<String, List<String>> uses) {
        if (refreshables.isEmpty()) {
            String where = watchedFolder == null ? "the watched folder" : watchedFolder;
            return "No refreshables yet. Drop a refreshable bundle's jar into " + where + " and it shows up here.";
        }
        Table table = new Table().left("NAME").right("BUNDLE").left("FILE").right("SEQ").left("VERSION")
                .right("HISTORY").left("STATUS").right("CALLS").right("ERRORS");
        StringBuilder failures = new StringBuilder();
        for (RefreshableDTO r : refreshables) {
            table.row(r.name, r.bundleId, fileName(r.location), r.liveSeq, r.liveBundleVersion, r.historyDepth,
                    lower(r.status), r.calls, r.errors);
            // FAILED means the last attempt did not go live; say why right here, not only in live:errors.
            if (r.status == RefreshableDTO.Status.FAILED && r.lastError != null) {
                failures.append('\n').append(r.name).append(" failed: ").append(oneLine(r.lastError));
            } else if (r.status == RefreshableDTO.Status.FAILING && r.lastError != null) {
                failures.append('\n').append(r.name).append(" is failing: ").append(oneLine(r.lastError));
            } else if (r.status == RefreshableDTO.Status.WAITING && r.lastError != null) {
                failures.append('\n').append(oneLine(r.lastError));
            }
            List<String> used = uses.get(r.name);
            if (used != null && !used.isEmpty()) {
                failures.append('\n').append(r.name).append(" uses ").append(String.join(", ", used));
            }
            if (r.heldSeq != 0 && r.heldAt == null) {
                failures.append('\n').append(r.name).append(": seq ").append(r.heldSeq).append(" (").append(r.heldBundleVersion)
                        .append(") held until the other refreshables of its shared bundle's change are in");
            } else if (r.heldSeq != 0) {
                failures.append('\n').append(r.name).append(": seq ").append(r.heldSeq).append(" (").append(r.heldBundleVersion)
                        .append(") held, lands on the next ").append(r.heldAt.word()).append(" in ")
                        .append(String.format(Locale.ROOT, "%.1f s", r.heldLandsInMillis / 1000.0)).append(" (live:cancel ")
                        .append(r.name).append(" drops it)");
            } else if (r.at != null && r.at != dev.doitlive.api.Boundary.STEP) {
                failures.append('\n').append(r.name).append(": its new versions land on the next ").append(r.at.word());
            }
        }
        return table + failures.toString();
    }

    String history(String name, List<VersionDTO> versions) {
        if (versions.isEmpty()) {
            return "No versions recorded for " + name + ".";
        }
        Table table = new Table().left("").right("SEQ").left("VERSION").left("WHEN").left("CHECKSUM").right("SIZE")
                .left("STATUS");
        for (VersionDTO v : versions) {
            boolean live = v.status == VersionDTO.Status.LIVE;
            table.row(live ? "*" : "", v.seq, v.bundleVersion, time(v.time), checksum(v.checksum), size(v.size),
                    ending(v));
        }
        return table.toString();
    }

    /** A line under the history: how long the swaps held callers (empty before the first swap). */
    String holds(RefreshableDTO r) {
        if (r.longestHoldNanos == 0) {
            return "";
        }
        return "\n" + String.format(Locale.ROOT, "Callers were held %.2f ms at the last swap (longest since start: %.2f ms).",
                r.lastHoldNanos / 1e6, r.longestHoldNanos / 1e6);
    }

    String state(String name, Map<String, String> fields) {
        if (fields.isEmpty()) {
            return name + " has no fields.";
        }
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        fields.forEach((field, value) -> {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(field).append(" ".repeat(width - field.length())).append(" = ").append(value);
        });
        return out.toString();
    }

    /** @param name the refreshable asked about, or null for all */
    String errors(String name, List<ErrorDTO> errors, boolean brief) {
        if (errors.isEmpty()) {
            return name == null ? "No errors recorded." : "No errors recorded for " + name + ".";
        }
        if (brief) {
            Table table = new Table().left("WHEN").left("NAME").right("SEQ").left("WHERE").left("MESSAGE");
            errors.forEach(e -> table.row(time(e.time), e.name, kit(e) ? null : e.seq, e.where, e.message));
            return table.toString();
        }
        StringBuilder out = new StringBuilder();
        for (ErrorDTO e : errors) {
            if (out.length() > 0) {
                out.append("\n\n");
            }
            if (kit(e)) { // a kit's line names its source itself ("osc: from ..."); no version, no install
                String m = e.message == null ? "(no message)" : oneLine(e.message);
                out.append(time(e.time)).append(' ').append(m.startsWith(e.name + ": ") ? "" : e.name + ": ").append(m);
                continue;
            }
            out.append(time(e.time)).append(' ').append(e.name).append(" seq ").append(e.seq);
            if (e.where != null) {
                out.append(", ").append(e.where);
            }
            out.append(": ").append(e.message == null ? "(no message)" : oneLine(e.message));
            if (e.stackTrace != null && !e.stackTrace.isBlank()) {
                e.stackTrace.strip().lines().forEach(line -> out.append("\n    ").append(line));
            }
        }
        return out.toString();
    }

    /** A kit's report (LiveRuntime.report): no version of it, and nowhere in one. */
    private static boolean kit(ErrorDTO e) {
        return e.where == null && e.seq == 0;
    }

    /** @param name the refreshable purged, or null for all */
    String purged(String name, int dropped) {
        if (dropped == 0) {
            return name == null ? "Nothing to purge: no history is kept." : "Nothing to purge: " + name
                    + " has no history.";
        }
        String purged = "Purged " + count(dropped, "version") + " from ";
        return name == null ? purged + "the history of every refreshable; live versions stay."
                : purged + name + "'s history; the live version stays.";
    }

    String defaultsReset(String name, List<String> fields) {
        if (fields.isEmpty()) {
            return name + " has no @Default fields: nothing reset.";
        }
        return "Reset " + count(fields.size(), "@Default field") + " of " + name + ": " + String.join(", ", fields);
    }

    private static String perBeat(double n) {
        return (n == Math.rint(n) ? String.valueOf((long) n) : String.valueOf(n)) + (n == 1 ? " step per beat" : " steps per beat");
    }

    String loops(List<LoopDTO> loops) {
        if (loops.isEmpty()) {
            String where = watchedFolder == null ? "the watched folder" : watchedFolder;
            return "No loops yet. Put @Loop(rate = 60) on a refreshable Step, or drop a dev.doitlive.loop-NAME.cfg"
                    + " with step = REFRESHABLE and rate = 60 into " + where + ".";
        }
        Table table = new Table().left("NAME").left("STEP").left("STATE").right("RATE").right("MEASURED")
                .right("LAST").right("WORST").right("STEPS").right("ERRORS").right("OVERRUNS").right("SKIPPED").right("REVERTS")
                .right("SEQ");
        StringBuilder notes = new StringBuilder();
        for (LoopDTO l : loops) {
            boolean stepped = l.steps > 0;
            table.row(l.name, l.step, state(l.state), targetRate(l.targetRate), measuredRate(l.measuredRate),
                    stepped ? duration(l.lastStepNanos) : null, stepped ? duration(l.worstStepNanos) : null,
                    l.steps, l.errors, l.overruns, l.skipped, l.reverts, l.liveSeq > 0 ? l.liveSeq : null);
            if (l.state == LoopDTO.State.PAUSED) {
                notes.append('\n').append(l.name).append(" paused");
                if (l.reason != null && !l.reason.isBlank()) {
                    String reason = oneLine(l.reason);
                    // "paused by live:stop" reads "show paused by live:stop", not "show paused: paused by ...".
                    boolean says = reason.regionMatches(true, 0, "paused ", 0, 7);
                    notes.append(says ? reason.substring(6) : ": " + reason);
                }
                if (l.reason == null || !l.reason.contains("starts it again")) {
                    // A loop whose step's file was deleted waits for a new file (its reason says so): live:restart
                    // would only make it wait for its step.
                    notes.append(" (live:restart ").append(l.name).append(" resumes it)");
                }
            }
            if (l.perBeat > 0) {
                notes.append('\n').append(l.name).append(": on the beat, ").append(perBeat(l.perBeat)).append(" (")
                        .append(targetRate(l.targetRate)).append(" at the tempo now; live:rate ").append(l.name)
                        .append(" default goes back to what it declares)");
            } else if (l.targetRate != l.declaredRate) {
                notes.append('\n').append(l.name).append(": ").append(targetRate(l.targetRate))
                        .append(" set by live:rate, kept across restarts (it declares ").append(targetRate(l.declaredRate))
                        .append(": live:rate ").append(l.name).append(" default goes back to it)");
            }
            if (l.runningNanos > HUNG_NANOS) {
                notes.append('\n').append(l.name).append(": step running for ").append(duration(l.runningNanos));
            }
        }
        return table + notes.toString();
    }

    /** {@code not started}, {@code running}, ... */
    static String state(LoopDTO.State state) {
        return state == null ? null : lower(state).replace('_', ' ');
    }

    /** The rate asked for: {@code 60 Hz}, {@code 59.94 Hz}, or {@code free} for 0 (back to back). */
    /** A rate to five significant digits: as typed for a rate set by hand, short for one the beat works out (7.3333). */
    static String targetRate(double hz) {
        if (hz == 0) {
            return "free";
        }
        return (Double.isFinite(hz) ? number(new BigDecimal(hz).round(new java.math.MathContext(5)).doubleValue()) : number(hz)) + " Hz";
    }

    /** The rate measured over the last second, one decimal. */
    static String measuredRate(double hz) {
        return Double.isFinite(hz) ? String.format(Locale.ROOT, "%.1f Hz", hz) : null;
    }

    /** A decimal as written, without a trailing {@code .0}: {@code 60}, {@code 59.94}, {@code 10000}. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * A duration in the unit that suits it: {@code 0.4 µs}, {@code 850 µs}, {@code 16.7 ms}, {@code 3.2 s};
     * one decimal below 100 of the unit, none above.
     */
    static String duration(long nanos) {
        if (nanos < 0) {
            return null;
        }
        double value = nanos / 1e3;
        int unit = 0;
        // Pick the unit by the value as shown, so that 999.96 µs reads 1.0 ms rather than 1000 µs.
        while (unit < DURATION_UNITS.length - 1 && Math.round(value) >= 1000) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 99.95 ? "%.1f %s" : "%.0f %s", value, DURATION_UNITS[unit]);
    }

    /** The file part of a bundle location: {@code file:/srv/live/counter-1.2.jar} gives {@code counter-1.2.jar}. */
    static String fileName(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        int cut = Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\'));
        String tail = location.substring(cut + 1);
        // A location ending in a separator (a directory bundle) has no file part; show it whole.
        return tail.isEmpty() ? location : tail;
    }

    static String size(long bytes) {
        if (bytes < 0) {
            return null;
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    static String checksum(String hex) {
        if (hex == null || hex.isEmpty()) {
            return null;
        }
        return hex.length() <= CHECKSUM_CHARS ? hex : hex.substring(0, CHECKSUM_CHARS);
    }

    /** Epoch millis in the operator's time zone; 0 means the runtime did not record a time. */
    String time(long epochMillis) {
        return epochMillis <= 0 ? null : WHEN.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** How a version ended: its status, whether revert --to can still reach it, and why it failed. */
    private static String ending(VersionDTO v) {
        StringBuilder out = new StringBuilder(lower(v.status));
        if (v.status != VersionDTO.Status.LIVE && !v.revertable) {
            out.append(" (not revertable)");
        }
        if (v.reason != null && !v.reason.isBlank()) {
            out.append(": ").append(oneLine(v.reason));
        }
        return out.toString();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
