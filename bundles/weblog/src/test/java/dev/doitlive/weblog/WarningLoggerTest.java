package dev.doitlive.weblog;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class WarningLoggerTest {
    @Test
    void aWarningIsOneLineWithItsCauses() {
        String line = WarningLogger.line("org.eclipse.jetty.server.HttpChannel", "bad request from {}:\n{}",
                new Object[] {"127.0.0.1", "x"}, new IllegalStateException("outer", new IOException("inner\nline")));
        assertEquals("doitlive: web: HttpChannel: bad request from 127.0.0.1: x: java.lang.IllegalStateException: outer;"
                + " caused by java.io.IOException: inner line", line);
    }

    @Test
    void onlyWarningsAndErrorsAreOn() {
        WarningLogger l = new WarningLogger("x");
        assertFalse(l.isInfoEnabled() || l.isDebugEnabled() || l.isTraceEnabled());
        assertTrue(l.isWarnEnabled() && l.isErrorEnabled());
    }
}
