package dev.doitlive.itest;

import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal shows for the bytes a program wrote to it: the rows of text after carriage returns, line feeds,
 * backspaces, tabs, autowrap at the right margin and the cursor moves and erasures of ECMA-48 that line editors
 * use (CUU, CUD, CUF, CUB, CHA, CUP, VPA, ED, EL, DCH, ICH, RI, NEL, save and restore). Colours, modes and titles
 * show nothing. The rows grow downwards without scrolling off, so the whole session stays readable.
 */
final class Screen {
    private final int columns;
    private final List<StringBuilder> rows = new ArrayList<>();
    private int row;
    private int col;
    private boolean pendingWrap; // the cursor is past the last column: the next character goes to the next row
    private int savedRow;
    private int savedCol;

    private Screen(int columns) {
        this.columns = columns;
        rows.add(new StringBuilder());
    }

    /** The rows {@code output} leaves on a terminal {@code columns} wide, trailing blanks stripped. */
    static List<String> render(CharSequence output, int columns) {
        Screen s = new Screen(columns);
        s.feed(output);
        return s.rows.stream().map(r -> r.toString().stripTrailing()).toList();
    }

    private void feed(CharSequence out) {
        int i = 0;
        while (i < out.length()) {
            char c = out.charAt(i++);
            if (c == '\u001b' && i < out.length()) {
                i = escape(out, i);
            } else if (c == '\r') {
                col = 0;
                pendingWrap = false;
            } else if (c == '\n') {
                down(1);
            } else if (c == '\b') {
                col = Math.max(0, col - 1);
                pendingWrap = false;
            } else if (c == '\t') {
                col = Math.min(columns - 1, (col / 8 + 1) * 8);
            } else if (c >= ' ') {
                put(c);
            } // other controls (bell, shift in and out) show nothing
        }
    }

    /** Reads the escape sequence after ESC at {@code i}; returns the index after it. */
    private int escape(CharSequence out, int i) {
        char c = out.charAt(i++);
        switch (c) {
            case '[' -> {
                int start = i;
                while (i < out.length() && (out.charAt(i) < '@' || out.charAt(i) > '~')) {
                    i++;
                }
                if (i < out.length()) {
                    csi(out.subSequence(start, i).toString(), out.charAt(i++));
                }
                return i;
            }
            case ']' -> { // an operating system command (a title): up to BEL or ST
                while (i < out.length() && out.charAt(i) != '\u0007' && out.charAt(i) != '\u001b') {
                    i++;
                }
                return out.length() > i && out.charAt(i) == '\u001b' ? i + 2 : i + 1;
            }
            case '(', ')', '*', '+' -> {
                return i + 1; // a character set designation
            }
            case 'M' -> up(1);
            case 'E' -> {
                col = 0;
                down(1);
            }
            case '7' -> {
                savedRow = row;
                savedCol = col;
            }
            case '8' -> {
                row = savedRow;
                col = savedCol;
                pendingWrap = false;
            }
            default -> {
                // keypad modes (= >), reset and the like move nothing
            }
        }
        return i;
    }

    private void csi(String params, char f) {
        if (params.startsWith("?") || params.startsWith(">")) {
            return; // private modes: bracketed paste, mouse, cursor visibility
        }
        String[] p = params.isEmpty() ? new String[0] : params.split(";", -1);
        int n = p.length > 0 && !p[0].isEmpty() ? Integer.parseInt(p[0]) : 0;
        int n1 = Math.max(1, n);
        switch (f) {
            case 'A' -> up(n1);
            case 'B' -> down(n1);
            case 'C' -> moveTo(row, Math.min(columns - 1, col + n1));
            case 'D' -> moveTo(row, Math.max(0, col - n1));
            case 'G' -> moveTo(row, Math.min(columns - 1, n1 - 1));
            case 'd' -> moveTo(n1 - 1, col);
            case 'H', 'f' -> moveTo(n1 - 1, p.length > 1 && !p[1].isEmpty() ? Integer.parseInt(p[1]) - 1 : 0);
            case 'K' -> eraseInLine(n);
            case 'J' -> {
                eraseInLine(n == 0 ? 0 : 2);
                for (int r = n == 0 ? row + 1 : 0; r < rows.size(); r++) {
                    rows.get(r).setLength(0);
                }
            }
            case 'P' -> {
                StringBuilder line = line();
                line.delete(Math.min(col, line.length()), Math.min(col + n1, line.length()));
            }
            case '@' -> {
                StringBuilder line = line();
                if (col < line.length()) {
                    line.insert(col, " ".repeat(n1));
                    line.setLength(Math.min(line.length(), columns));
                }
            }
            default -> {
                // colours (m), scroll regions, reports: nothing to draw
            }
        }
    }

    private void put(char c) {
        if (pendingWrap) {
            col = 0;
            down(1);
        }
        StringBuilder line = line();
        while (line.length() <= col) {
            line.append(' ');
        }
        line.setCharAt(col, c);
        if (col == columns - 1) {
            pendingWrap = true;
        } else {
            col++;
        }
    }

    private void eraseInLine(int mode) {
        StringBuilder line = line();
        if (mode == 0) {
            line.setLength(Math.min(col, line.length()));
        } else if (mode == 1) {
            for (int k = 0; k <= col && k < line.length(); k++) {
                line.setCharAt(k, ' ');
            }
        } else {
            line.setLength(0);
        }
    }

    private void up(int n) {
        moveTo(Math.max(0, row - n), col);
    }

    private void down(int n) {
        moveTo(row + n, col);
    }

    private void moveTo(int r, int c) {
        row = Math.max(0, r);
        col = c;
        pendingWrap = false;
        while (rows.size() <= row) {
            rows.add(new StringBuilder());
        }
    }

    private StringBuilder line() {
        return rows.get(row);
    }
}
