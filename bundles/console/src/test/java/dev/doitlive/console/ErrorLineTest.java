package dev.doitlive.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.junit.jupiter.api.Test;

class ErrorLineTest {
    private static final List<String> COMMANDS = List.of("live:state", "live:list", "gogo:ls", "live:call");

    @Test
    void aFailureIsItsMessageOnOneLineWithoutItsClass() {
        assertEquals("no refreshable named 'nope'", ErrorLine.of(new IllegalArgumentException("no refreshable named 'nope'"), COMMANDS));
        assertEquals("first line", ErrorLine.of(new IllegalStateException("first line\n\tat some.Frame"), COMMANDS));
        assertEquals("the cause", ErrorLine.of(new RuntimeException(null, new IllegalStateException("the cause")), COMMANDS));
        assertEquals("NullPointerException", ErrorLine.of(new NullPointerException(), COMMANDS));
    }

    @Test
    void anErrorACommandThrewIsItsOwnMessageNotGogosWrapperOfIt() {
        Error stopped = new Error("loop in Spin.getAsLong() stopped: its thread was interrupted");
        assertEquals("loop in Spin.getAsLong() stopped: its thread was interrupted",
                ErrorLine.of(new java.util.concurrent.ExecutionException(stopped), COMMANDS));
        assertEquals("interrupted", ErrorLine.of(new InterruptedException(), COMMANDS));
    }

    @Test
    void anUnknownCommandNamesTheCommandsOfItsScope() {
        assertEquals("unknown command 'live:nope' (live commands: call, list, state)",
                ErrorLine.of(new CommandNotFoundException("live:nope"), COMMANDS));
        assertEquals("unknown command 'nosuch'", ErrorLine.of(new CommandNotFoundException("nosuch"), COMMANDS));
        assertEquals("unknown command 'foo:bar'", ErrorLine.of(new CommandNotFoundException("foo:bar"), COMMANDS));
    }
}
