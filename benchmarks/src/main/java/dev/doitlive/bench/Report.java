package dev.doitlive.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Assembles BENCHMARKS.md from the parts' results. */
final class Report {
    private Report() {
    }

    static String write(List<Suite.Part> parts, List<String> only, Path results, Suite.Machine m, Map<String, String> usage, long totalNanos,
            boolean quick) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# doitlive benchmarks\n\n");
        if (quick) {
            md.append("**A `--quick` run: a few samples per figure, to check the harness. These figures mean nothing.**\n\n");
        }
        md.append("Written by `benchmarks/run` (README: *Benchmarks*) on ").append(m.when).append(", commit `").append(m.commit)
                .append("`; the run took ").append(String.format(Locale.ROOT, "%.1f", totalNanos / 60e9)).append(" min.\n\n");
        md.append("| machine | |\n|---|---|\n");
        md.append("| CPU | ").append(m.cpu).append(", ").append(m.cores).append(" cores |\n");
        md.append("| memory | ").append(m.memory >> 30).append(" GiB |\n");
        md.append("| OS | ").append(m.os).append(" |\n");
        md.append("| JDK | ").append(m.jdk).append(", default options |\n\n");
        md.append("How busy the machine was while each part ran (all processes, from /proc: the cores' busy share, the share the"
                + " hypervisor took, the load average over 1 / 5 / 15 minutes at its end):\n\n");
        md.append("| part | took | cores busy | steal | load average |\n|---|---|---|---|---|\n");
        usage.forEach((part, u) -> md.append("| ").append(part).append(" | ").append(u).append(" |\n"));
        md.append("\nA part keeps about one core busy by itself (the JMH part both, with 2 threads): more than that, or a load average"
                + " above 2, is other work competing with the measurement. Single events (the longest call, the largest gap) suffer"
                + " most from it; each part has an anchor measured the same way in the same run, to show what the machine does to a"
                + " thread without the runtime's part in it.\n\n");

        md.append("## Targets\n\n| # | figure | result | anchor (same run) | target | verdict |\n|---|---|---|---|---|---|\n");
        for (Suite.Part p : parts) {
            String n = p.title().substring(0, p.title().indexOf('.'));
            Path tsv = results.resolve(p.id() + ".targets.tsv");
            if (!selected(p, only)) {
                continue;
            }
            if (!Files.exists(tsv) || Files.readAllLines(tsv).isEmpty()) {
                md.append("| ").append(n).append(" | ").append(p.title().substring(n.length() + 2)).append(" | the part failed | | | not measured |\n");
                continue;
            }
            for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                md.append("| ").append(n).append(" | ").append(f[0]).append(" | ").append(f[1]).append(" | ").append(f[2]).append(" | ")
                        .append(f[3]).append(" | ").append(f[4]).append(" |\n");
            }
        }
        md.append('\n');

        for (Suite.Part p : parts) {
            md.append("## ").append(p.title()).append("\n\n");
            if (!selected(p, only)) {
                md.append("Not run (`--only`).\n\n");
                continue;
            }
            Path section = results.resolve(p.id() + ".md");
            md.append(Files.exists(section) ? Files.readString(section, StandardCharsets.UTF_8) : "No results: the part did not run.\n");
            String[] u = usage.getOrDefault(p.id(), "? | ? | ? | ?").split(" \\| ");
            md.append("\n_Ran in ").append(u[0]).append(", the cores ").append(u[1]).append(" busy (load average ").append(u[3]).append(")._\n\n");
        }
        return md.toString();
    }

    private static boolean selected(Suite.Part p, List<String> only) {
        return only == null || only.contains(p.id());
    }
}
