package dev.doitlive.shell;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.doitlive.api.ErrorDTO;
import dev.doitlive.api.RefreshableDTO;
import dev.doitlive.api.VersionDTO;

/** Renders the runtime's answers as the text the shell prints. No runtime calls here, only formatting. */
final class Views {
    private static final int CHECKSUM_CHARS = 12;
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
            errors.forEach(e -> table.row(time(e.time), e.name, e.seq, e.where, e.message));
            return table.toString();
        }
        StringBuilder out = new StringBuilder();
        for (ErrorDTO e : errors) {
            if (out.length() > 0) {
                out.append("\n\n");
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
