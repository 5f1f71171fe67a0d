package dev.doitlive.beat.onset;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the onset detector listens, as {@code onset} in {@code dev.doitlive.beat.cfg} says: {@code off}; {@code line-in}
 * (the default audio input) or {@code line-in:NAME} (the input whose mixer's name holds NAME); or a WAV file's path
 * (relative to the .cfg's folder).
 *
 * @param kind   off, line-in or file
 * @param device for line-in, part of the mixer's name, or null for the default input
 * @param file   for a file, its absolute path
 */
public record OnsetSource(Kind kind, String device, Path file) {
    public static final OnsetSource OFF = new OnsetSource(Kind.OFF, null, null);

    /** The three places. */
    public enum Kind {
        OFF, LINE_IN, FILE
    }

    /**
     * @param folder where a relative path starts
     * @throws IllegalArgumentException with the cause as the end of a sentence ({@code is not ...})
     */
    public static OnsetSource parse(String text, Path folder) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("off")) {
            return OFF;
        }
        if (lower.equals("line-in")) {
            return new OnsetSource(Kind.LINE_IN, null, null);
        }
        if (lower.startsWith("line-in:")) {
            String device = t.substring("line-in:".length()).strip();
            if (device.isEmpty()) {
                throw new IllegalArgumentException("names no input (line-in:NAME, or line-in for the default one)");
            }
            return new OnsetSource(Kind.LINE_IN, device, null);
        }
        if (!lower.endsWith(".wav")) {
            throw new IllegalArgumentException("is not off, line-in, line-in:NAME or a .wav file");
        }
        try {
            return new OnsetSource(Kind.FILE, null, folder.resolve(t).toAbsolutePath().normalize());
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("is no path (" + e.getReason() + ")");
        }
    }

    /** How the source is named in lines: {@code line-in}, {@code line-in:USB}, the file's name. */
    public String label() {
        return switch (kind) {
            case OFF -> "off";
            case LINE_IN -> device == null ? "line-in" : "line-in:" + device;
            case FILE -> file.getFileName().toString();
        };
    }

    @Override
    public String toString() {
        return kind == Kind.FILE ? file.toString() : label();
    }
}
