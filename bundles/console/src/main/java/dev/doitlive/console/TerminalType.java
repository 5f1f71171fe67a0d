package dev.doitlive.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.jline.utils.InfoCmp;
import org.jline.utils.InfoCmp.Capability;

/**
 * The terminal type the console draws with. jline 3.22 knows a few types by heart (xterm, screen, rxvt...); for any
 * other {@code TERM} (tmux-256color, a type it has never heard of) it runs {@code infocmp} and takes whatever that
 * prints as the capabilities, its error message included: it then draws without a carriage return nor cursor moves
 * (the prompt shows as {@code ~}, lines staircase, the typed line is redrawn scrambled). Here the description is
 * looked up first and handed to jline only when it can draw a line with it; otherwise a type jline knows by heart
 * of the same family stands in, with one line saying so.
 */
final class TerminalType {
    /** What the line editor cannot draw without: return to column 0, move along the line, clear its end. */
    private static final Set<Capability> NEEDED = EnumSet.of(Capability.carriage_return, Capability.clr_eol);

    private TerminalType() {
    }

    /**
     * @param term    {@code TERM}, or null
     * @param infocmp the terminfo description of a type as {@code infocmp} prints it, or null when it has none
     * @param notice  where the one line goes when another type stands in
     * @return the type to build the terminal with (its description then known to jline), or null to leave it to jline
     */
    static String choose(String term, UnaryOperator<String> infocmp, Consumer<String> notice) {
        if (term == null || term.isBlank() || InfoCmp.getLoadedInfoCmp(term) != null) {
            return term; // jline's default, or a type it knows by heart
        }
        String description = infocmp.apply(term);
        if (description != null && canDraw(description)) {
            InfoCmp.setDefaultInfoCmp(term, description); // jline takes it from here, and runs no infocmp of its own
            return term;
        }
        String standIn = standIn(term);
        notice.accept("console: no usable terminfo description for TERM=" + term + "; drawing as " + standIn);
        return standIn;
    }

    /** Whether a description has what the line editor needs, cursor moves left and right included. */
    static boolean canDraw(String description) {
        Set<Capability> bools = EnumSet.noneOf(Capability.class);
        HashMap<Capability, String> strings = new HashMap<>();
        try {
            InfoCmp.parseInfoCmp(description, bools, new HashMap<>(), strings);
        } catch (RuntimeException e) {
            return false; // a number jline cannot read, say
        }
        return strings.keySet().containsAll(NEEDED)
                && (strings.containsKey(Capability.cursor_left) || strings.containsKey(Capability.parm_left_cursor))
                && (strings.containsKey(Capability.cursor_right) || strings.containsKey(Capability.parm_right_cursor));
    }

    /** A type jline knows by heart that draws like {@code term}'s family; ansi when the family is unknown. */
    static String standIn(String term) {
        String t = term.toLowerCase(Locale.ROOT);
        boolean colors256 = t.contains("256");
        if (t.startsWith("tmux") || t.startsWith("screen")) {
            return colors256 ? "screen-256color" : "screen";
        }
        if (t.startsWith("rxvt")) {
            return colors256 ? "rxvt-unicode-256color" : "rxvt-unicode";
        }
        if (t.startsWith("xterm") || t.startsWith("vte") || t.startsWith("gnome") || t.startsWith("konsole")
                || t.startsWith("alacritty") || t.startsWith("kitty") || t.startsWith("foot") || t.startsWith("wezterm")) {
            return colors256 || !t.equals("xterm") ? "xterm-256color" : "xterm";
        }
        return "ansi";
    }

    /** {@code infocmp TERM}'s output when it exits 0 within a few seconds; null without infocmp or a description. */
    static String infocmp(String term) {
        try {
            Process p = new ProcessBuilder("infocmp", term).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out.toString(Charset.defaultCharset()) : null;
        } catch (IOException e) {
            return null; // no infocmp on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
