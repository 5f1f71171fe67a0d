package dev.doitlive.web;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The page's actions, each a {@code live:} command with its arguments as {@code $variables} (see {@link ShellCalls}). */
enum Action {
    REFRESH("live:refresh $name", List.of("name")),
    REVERT("live:revert $name", List.of("name"), "to"),
    PURGE("live:purge $name", List.of("name")),
    FORGET("live:forget $name", List.of("name")),
    SET("live:set $name $field $value", List.of("name", "field", "value")),
    INITDEFAULTS("live:initdefaults $name", List.of("name")),
    INTERRUPT("live:interrupt $name", List.of("name")),
    START("live:start $loop", List.of("loop")),
    STOP("live:stop $loop", List.of("loop")),
    RESTART("live:restart $loop", List.of("loop")),
    RATE("live:rate $loop $hz", List.of("loop", "hz")),
    NEW("live:new $name", List.of("name"), "kind");

    final String command;
    final List<String> required;
    final List<String> optional;

    Action(String command, List<String> required, String... optional) {
        this.command = command;
        this.required = required;
        this.optional = List.of(optional);
    }

    /**
     * The command for the values given: an optional one given becomes its option ({@code --to $to}; a new source's
     * {@code kind}: pattern, the default, or {@code --loop}, {@code --signal}).
     *
     * @throws IllegalArgumentException for a kind that is none of these
     */
    String command(java.util.Map<String, String> given) {
        if (this == NEW && given.containsKey("kind")) {
            String kind = given.get("kind");
            switch (kind) {
                case "pattern": return command;
                case "loop", "signal": return "live:new --" + kind + " $name";
                default: throw new IllegalArgumentException("new: kind '" + kind + "' is none of pattern, loop, signal");
            }
        }
        String c = command;
        if (this == REVERT && given.containsKey("to")) {
            c = "live:revert --to $to $name";
        }
        return c;
    }

    static Action named(String name) {
        for (Action a : values()) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        return null;
    }

    static String list() {
        return Arrays.stream(values()).map(a -> a.name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
