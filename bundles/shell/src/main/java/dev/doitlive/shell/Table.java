package dev.doitlive.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: columns padded to their widest cell, two spaces apart, no trailing blanks (so the
 * output diffs and greps cleanly in scripts).
 *
 * <pre>
 * new Table().left("NAME").right("CALLS").row("counter", 42).toString()
 * </pre>
 */
final class Table {
    private static final String GAP = "  ";
    /** Shown for a null cell, so that a missing value never shifts the columns a reader counts on. */
    static final String NONE = "-";

    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> rightAligned = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    /** Adds a left-aligned column (text). */
    Table left(String header) {
        return column(header, false);
    }

    /** Adds a right-aligned column (numbers). */
    Table right(String header) {
        return column(header, true);
    }

    private Table column(String header, boolean right) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("add columns before rows");
        }
        headers.add(header);
        rightAligned.add(right);
        return this;
    }

    /** Adds a row; one cell per column, {@code null} shows as {@value #NONE}. */
    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "row has " + cells.length + " cells, the table has " + headers.size() + " columns");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cell(cells[i]);
        }
        rows.add(row);
        return this;
    }

    /** One line per row under a header line, lines separated by {@code \n}, no final line break. */
    @Override
    public String toString() {
        int[] widths = new int[headers.size()];
        measure(widths, headers.toArray(new String[0]));
        rows.forEach(row -> measure(widths, row));

        StringBuilder out = new StringBuilder();
        line(out, widths, headers.toArray(new String[0]));
        for (String[] row : rows) {
            out.append('\n');
            line(out, widths, row);
        }
        return out.toString();
    }

    private static void measure(int[] widths, String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            widths[i] = Math.max(widths[i], cells[i].length());
        }
    }

    private void line(StringBuilder out, int[] widths, String[] cells) {
        int start = out.length();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(GAP);
            }
            String pad = " ".repeat(widths[i] - cells[i].length());
            if (rightAligned.get(i)) {
                out.append(pad).append(cells[i]);
            } else {
                out.append(cells[i]).append(pad);
            }
        }
        // Left-aligned last columns (and empty cells) leave padding behind; strip it.
        int end = out.length();
        while (end > start && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
    }

    /** Control characters would break the grid (a multi-line failure reason, a tab in a field value). */
    private static String cell(Object value) {
        if (value == null) {
            return NONE;
        }
        return value.toString().replaceAll("\\s*[\\r\\n]+\\s*", " ").replace('\t', ' ');
    }
}
