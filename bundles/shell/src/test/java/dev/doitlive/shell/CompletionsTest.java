package dev.doitlive.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.doitlive.api.LoopDTO;

/** What Tab offers after each live: command, from the runtime's names. */
class CompletionsTest {
    private final FakeRuntime runtime = new FakeRuntime();
    private final Completions completions = new Completions(() -> runtime);

    @Test
    void refreshableLoopAndFieldNamesWhereTheCommandTakesThem() {
        runtime.add("wave");
        runtime.add("counter").state.put("count", "1");
        runtime.addLoop("show", "wave", LoopDTO.State.RUNNING, 60);

        assertEquals(List.of("counter", "wave"), completions.apply(List.of("live:state")));
        assertEquals(List.of("counter", "wave"), completions.apply(List.of("live:revert", "--to", "2")), "after an option's value");
        assertEquals(List.of(), completions.apply(List.of("live:revert", "--to")), "an option's value: nothing offered");
        assertEquals(List.of("counter", "wave"), completions.apply(List.of("live:errors", "-b")));
        assertEquals(List.of("show"), completions.apply(List.of("live:rate")));
        assertEquals(List.of("show"), completions.apply(List.of("live:stop")));
        assertEquals(List.of("count"), completions.apply(List.of("live:set", "counter")));
        assertEquals(List.of(), completions.apply(List.of("live:set", "counter", "count")), "a value: nothing offered");
        assertEquals(List.of("counter", "wave"), completions.apply(List.of("live:call")));
        assertEquals(List.of(), completions.apply(List.of("live:list")));
        assertEquals(List.of(), completions.apply(List.of("gogo:ls")));
    }

    @Test
    void nothingWithoutTheRuntime() {
        assertEquals(List.of(), new Completions(() -> null).apply(List.of("live:state")));
    }
}
