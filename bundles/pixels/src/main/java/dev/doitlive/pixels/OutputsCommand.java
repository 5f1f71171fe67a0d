package dev.doitlive.pixels;

import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code live:outputs}: the pixel outputs, one line each. */
@Component(service = OutputsCommand.class)
@GogoCommand(scope = "live", function = "outputs")
public class OutputsCommand {
    @Reference
    private Outputs outputs;

    @Descriptor("list the pixel outputs (dev.doitlive.output-NAME.cfg in the watched folder): protocol, address, pixels,"
            + " frames sent, frames a second, frames dropped, and the last error")
    public String outputs() {
        return table(outputs.views(), System.currentTimeMillis());
    }

    /** Gogo calls {@code _main} when the arguments fit no form (live:outputs takes none): the usage, in one line. */
    @Descriptor("prints live:outputs' usage when its arguments fit none of its forms")
    public String _main(@Descriptor("the command's name, then the arguments given") String... words) {
        throw new IllegalArgumentException("live:outputs: wrong arguments; usage: live:outputs (it takes none)");
    }

    static String table(List<Outputs.View> views, long now) {
        if (views.isEmpty()) {
            return "no pixel outputs: drop a dev.doitlive.output-NAME.cfg (protocol, host, pixels...) into the watched folder";
        }
        Table t = new Table("OUTPUT", "PROTOCOL", "ADDRESS", "PART", "PIXELS", "SENT", "FPS", "DROPPED", "LAST ERROR");
        for (Outputs.View v : views) {
            OutputSettings s = v.settings();
            if (s == null) {
                t.row(v.name(), "-", "-", "-", "-", "-", "-", "-", "not started: " + v.refusal());
                continue;
            }
            String error = v.trouble() != null ? v.trouble() + " (now)"
                    : v.lastError() != null ? v.lastError() + " (" + ago(now - v.lastErrorMillis()) + " ago)" : "-";
            if (v.waiting() != null) {
                error = v.waiting() + (error.equals("-") ? "" : "; " + error);
            }
            if (v.refusal() != null) {
                error = "keeps its last good settings: " + v.refusal() + "; " + error;
            }
            t.row(v.name(), s.protocol().id(), s.address(), s.part(), String.valueOf(s.pixels()), String.valueOf(v.sent()),
                    String.format(Locale.ROOT, "%.1f", v.fps()), String.valueOf(v.dropped()), error);
        }
        return t.toString();
    }

    private static String ago(long millis) {
        long s = Math.max(0, millis / 1000);
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }

    /** Columns padded to their widest cell, two spaces apart, no trailing blanks (as the shell's tables). */
    static final class Table {
        private final List<String[]> rows = new java.util.ArrayList<>();
        private final int columns;

        Table(String... headers) {
            columns = headers.length;
            rows.add(headers);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        @Override
        public String toString() {
            int[] widths = new int[columns];
            for (String[] r : rows) {
                for (int i = 0; i < columns; i++) {
                    widths[i] = Math.max(widths[i], r[i].length());
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < columns; i++) {
                    line.append(i == columns - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
                }
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(line.toString().stripTrailing());
            }
            return sb.toString();
        }
    }
}
