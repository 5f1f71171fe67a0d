package dev.doitlive.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one part of the suite found: a Markdown section for BENCHMARKS.md and the targets it checked, written to
 * {@code <dir>/<part>.md} and {@code <dir>/<part>.targets.tsv} for the {@link dev.doitlive.bench.Suite} to assemble.
 */
public final class Results {
    private final String part;
    private final StringBuilder section = new StringBuilder();
    private final List<String> targets = new ArrayList<>();

    public Results(String part) {
        this.part = part;
    }

    /** Appends Markdown (a line, a table row...) to the part's section. */
    public Results line(String markdown) {
        section.append(markdown).append('\n');
        System.out.println(markdown); // the run's console shows progress as it goes
        return this;
    }

    /**
     * Records a target: the figure, what was measured (with its spread), its anchor, the target, and whether it is met.
     * A null {@code met} records a figure with a target that could not be decided (the run failed).
     */
    public Results target(String figure, String result, String anchor, String target, Boolean met) {
        String verdict = met == null ? "not measured" : met ? "met" : "**missed**";
        targets.add(String.join("\t", clean(figure), clean(result), clean(anchor), clean(target), verdict));
        System.out.println("  target: " + figure + ": " + result + " (target " + target + ") -> " + verdict);
        return this;
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }

    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(part + ".md"), section, StandardCharsets.UTF_8);
            Files.write(dir.resolve(part + ".targets.tsv"), targets, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results of " + part + " into " + dir + ": " + e.getMessage(), e);
        }
    }
}
