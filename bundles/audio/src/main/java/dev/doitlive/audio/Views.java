package dev.doitlive.audio;

import java.util.List;
import java.util.Locale;

import dev.doitlive.api.audio.AudioBlockDTO;
import dev.doitlive.api.audio.AudioDTO;
import dev.doitlive.audio.render.BlockState;
import dev.doitlive.audio.render.Node;

/** What {@code live:audio} prints and {@link AudioBlockDTO} holds. */
final class Views {
    private Views() {
    }

    /** Its status: {@code off} when no audio thread runs, {@code stuck: ...} when its render has not returned. */
    static AudioBlockDTO block(Node n, boolean off) {
        BlockState s = n.state();
        AudioBlockDTO d = new AudioBlockDTO();
        d.name = n.name();
        d.inputs = n.inputs();
        d.channels = n.channels();
        d.played = n.played();
        d.renders = s.renders();
        d.worstNanos = s.worstNanos();
        d.totalNanos = s.totalNanos();
        d.slow = s.slow();
        d.failures = s.failures();
        d.crossfades = s.crossfades();
        String muted = s.muted();
        long since = s.renderingSince();
        long running = since == 0 ? 0 : System.nanoTime() - since;
        d.status = off ? "off" : running >= Watch.STUCK_NANOS ? "stuck: its render has not returned for " + seconds(running)
                : muted != null ? "silent: " + muted : s.fading() ? "fading" : "playing";
        return d;
    }

    /** The whole view: what plays, how it keeps up, then a row per block. */
    static String audio(AudioDTO d, String settings) {
        StringBuilder b = new StringBuilder();
        b.append("audio: ").append(d.output).append(d.problem == null ? "" : " (" + d.problem + ")");
        if (settings != null) {
            b.append("; ").append(settings);
        }
        double seconds = d.playedNanos / 1e9;
        b.append('\n').append(String.format(Locale.ROOT, "played %d buffers (%s), late %d, worst render %s of a %s buffer, limited %d samples,"
                + " notes dropped %d", d.played, duration(seconds), d.late, ms(d.worstRenderNanos), ms(d.periodNanos), d.limited, d.droppedNotes));
        if (d.blocks.length == 0) {
            b.append("\nno blocks: drop one in (live:new --synth NAME writes a starter)");
            return b.toString();
        }
        Table t = new Table("BLOCK", "INPUTS", "CH", "PLAYED", "RENDERS", "MEAN", "WORST", "SLOW", "FAILED", "FADES", "STATUS");
        for (AudioBlockDTO x : d.blocks) {
            t.row(x.name, x.inputs.length == 0 ? "-" : String.join(",", x.inputs), String.valueOf(x.channels), x.played ? "yes" : "no",
                    String.valueOf(x.renders), x.renders == 0 ? "-" : ms(x.totalNanos / x.renders), ms(x.worstNanos), String.valueOf(x.slow),
                    String.valueOf(x.failures), String.valueOf(x.crossfades), x.status);
        }
        b.append('\n').append(t);
        return b.toString();
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.2f ms", ms);
    }

    private static String duration(double s) {
        return s < 120 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.0f min", s / 60);
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
