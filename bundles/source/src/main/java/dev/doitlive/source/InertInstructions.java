package dev.doitlive.source;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether a tree's bnd instructions read nothing but the classes, resources and class path bnd is given, so that
 * {@link BndInput} holds all that bnd reads: plain headers (not {@code Include-Resource}), instructions known to
 * read no file and to expand nothing, and {@code -include}s of files that hold only such instructions (their text
 * becomes part of the input). A macro anywhere ({@code ${...}}: a time, a file's content, a command) or any other
 * instruction makes bnd run every time.
 */
final class InertInstructions {
    /** bnd instructions that only say how the given classes become a bundle. */
    private static final Set<String> INERT = Set.of("-noextraheaders", "-reproducible", "-failok", "-nouses",
            "-noimportjava", "-removeheaders", "-exportcontents", "-privatepackage", "-conditionalpackage",
            "-dsannotations", "-dsannotations-options", "-metatypeannotations", "-metatypeannotations-options",
            "-contract", "-nodefaultversion", "-noclassforname", "-fixupmessages", "-consumer-policy", "-provider-policy");
    private static final int MAX_DEPTH = 8;

    private InertInstructions() {
    }

    /**
     * Appends the instructions, and those of the files they include, to {@code into}.
     *
     * @param base the folder {@code -include} paths are relative to
     * @return false when bnd may read more than that
     */
    static boolean read(String instructions, File base, StringBuilder into) {
        return read(instructions, base, into, 0);
    }

    private static boolean read(String instructions, File base, StringBuilder into, int depth) {
        if (depth > MAX_DEPTH || instructions.contains("${")) {
            return false;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(instructions));
        } catch (IOException | IllegalArgumentException e) {
            return false; // bnd says what is wrong with them
        }
        for (var e : new TreeMap<>(p).entrySet()) {
            String key = String.valueOf(e.getKey());
            String value = String.valueOf(e.getValue());
            into.append(key).append(": ").append(value).append('\n');
            if (key.equals("-include")) {
                if (!included(value, base, into, depth)) {
                    return false;
                }
            } else if (key.startsWith("-") ? !INERT.contains(key) : key.equalsIgnoreCase("Include-Resource")) {
                return false;
            }
        }
        return true;
    }

    /** Reads each file of an {@code -include} ({@code ~} and {@code -} prefixes as bnd has them: keep, optional). */
    private static boolean included(String value, File base, StringBuilder into, int depth) {
        for (String entry : value.split(",")) {
            String path = entry.trim();
            boolean optional = path.startsWith("-");
            path = path.replaceFirst("^[~-]+", "");
            if (path.isEmpty() || path.contains(":") && !new File(path).isAbsolute()) {
                return false; // a URL
            }
            File f = new File(path).isAbsolute() ? new File(path) : new File(base, path);
            if (!f.isFile()) {
                if (optional) {
                    continue;
                }
                return false; // bnd's error to say
            }
            String text;
            try {
                text = Files.readString(f.toPath(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return false;
            }
            into.append("include ").append(f).append('\n');
            if (!read(text, f.getParentFile(), into, depth + 1)) {
                return false;
            }
        }
        return true;
    }
}
