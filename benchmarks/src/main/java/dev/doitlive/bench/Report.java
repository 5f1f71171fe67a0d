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
            if (p.main() == null) {
                md.append("| ").append(n).append(" | saved .java → live, median and worst over 30 saves | not built yet | | | not measured |\n");
                continue;
            }
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
            if (p.main() == null) {
                md.append(SOURCE_PENDING);
                continue;
            }
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

    /** The place of issue 6's item 7 until live source exists. */
    private static final String SOURCE_PENDING = """
            Not measured yet: live source (a `.java` file saved into the watched folder, compiled into a bundle and brought live)
            does not exist yet. When it does, this section holds: from the file's save (written to a temporary file, then renamed
            in) to the new version answering through the proxy, median and worst over 30 saves, beside the swap latency of a
            rebuilt jar (section 2) as its anchor. How to add it: a main class in `dev.doitlive.bench.harness` modelled on
            `SwapLatency`, writing its section and targets with `Results("source")`, named as the `source` part's main class in
            `Suite.PARTS`.

            """;
}
