package dev.doitlive.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

/** A script's {@code error:} line says what the console's says: the message, no class name but for a bare failure. */
class ScriptRunnerTest {
    @Test
    void aFailureIsItsMessageAndAnErrorACommandThrewIsNotGogosWrapperOfIt() {
        assertEquals("no refreshable named 'nope'", ScriptRunner.message(new IllegalArgumentException("no refreshable named 'nope'")));
        assertEquals("NullPointerException", ScriptRunner.message(new NullPointerException()));
        assertEquals("loop in Spin.getAsLong() stopped by live:interrupt spin",
                ScriptRunner.message(new ExecutionException(new Error("loop in Spin.getAsLong() stopped by live:interrupt spin"))));
        assertEquals("StackOverflowError", ScriptRunner.message(new ExecutionException(new StackOverflowError())));
    }
}
