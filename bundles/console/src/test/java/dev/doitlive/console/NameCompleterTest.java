package dev.doitlive.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class NameCompleterTest {
    private final List<List<String>> asked = new ArrayList<>();
    private final Function<List<String>, List<String>> live = words -> {
        asked.add(words);
        return words.size() == 1 ? List.of("counter", "show") : List.of();
    };
    private final NameCompleter completer = new NameCompleter((r, l, c) -> { }, c -> c.contains(":") ? c : "live:" + c,
            scope -> scope.equals("live") ? live : null);

    @Test
    void aScopesSourceIsAskedWithTheResolvedCommandAndTheWordsBefore() {
        assertEquals(List.of("counter", "show"), completer.values(List.of("state", "co"), 1));
        assertEquals(List.of(List.of("live:state")), asked);
        assertEquals(List.of(), completer.values(List.of("live:set", "counter", "st"), 2));
        assertEquals(List.of("live:set", "counter"), asked.get(1));
    }

    @Test
    void theCommandWordItselfAndOtherScopesAreLeftToGogo() {
        assertEquals(List.of(), completer.values(List.of("live:sta"), 0));
        assertEquals(List.of(), new NameCompleter((r, l, c) -> { }, c -> "gogo:" + c, s -> null).values(List.of("ls", "x"), 1));
    }
}
