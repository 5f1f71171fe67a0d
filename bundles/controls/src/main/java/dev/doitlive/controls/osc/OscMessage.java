package dev.doitlive.controls.osc;

import java.util.List;
import java.util.stream.Collectors;

import dev.doitlive.controls.KitLines;

/**
 * One OSC message: its address and its arguments, each an {@link Integer} ({@code i}), {@link Float} ({@code f}),
 * {@link Double} ({@code d}), {@link String} ({@code s}) or {@link Boolean} ({@code T}, {@code F}); an answer may also
 * hold a {@link Long} ({@code h}) or null ({@code N}, a field that holds null).
 */
public record OscMessage(String address, List<Object> args) {
    public OscMessage {
        args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args)); // null is an answer's N
    }

    /**
     * As the shell shows it and {@code oscdump} prints it: {@code /live/show/strobe f 0.6}; the address and each string
     * cut at 200 characters ({@link KitLines#cut}).
     */
    @Override
    public String toString() {
        if (args.isEmpty()) {
            return KitLines.cut(address);
        }
        return KitLines.cut(address) + " " + args.stream().map(a -> String.valueOf(OscCodec.tag(a))).collect(Collectors.joining()) + " "
                + args.stream().map(a -> a instanceof String s ? '"' + KitLines.cut(s) + '"' : String.valueOf(a)).collect(Collectors.joining(" "));
    }
}
