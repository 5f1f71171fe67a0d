package dev.doitlive.web;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class GateTest {
    static final String TOKEN = "0123456789abcdef0123456789abcdef";
    final Gate gate = new Gate(TOKEN);

    @Test
    void theTokenInTheAddressPassesAndSetsTheCookie() {
        assertEquals(Gate.Verdict.PASS_SET_COOKIE, gate.check("GET", TOKEN, null, null, "127.0.0.1:7777"));
        assertEquals(Gate.Verdict.WRONG_TOKEN, gate.check("GET", TOKEN + "0", null, null, "127.0.0.1:7777"));
        assertEquals(Gate.Verdict.WRONG_TOKEN, gate.check("GET", "", TOKEN, null, "127.0.0.1:7777"),
                "a wrong token in the address is wrong even with a good cookie");
    }

    @Test
    void theCookieCarriesItAfterwards() {
        assertEquals(Gate.Verdict.PASS, gate.check("GET", null, TOKEN, null, "127.0.0.1:7777"));
        assertEquals(Gate.Verdict.WRONG_TOKEN, gate.check("GET", null, "x", null, "127.0.0.1:7777"));
        assertEquals(Gate.Verdict.NO_TOKEN, gate.check("GET", null, null, null, "127.0.0.1:7777"));
    }

    @Test
    void aChangeMustComeFromThePageItself() {
        assertEquals(Gate.Verdict.PASS, gate.check("POST", null, TOKEN, "http://127.0.0.1:7777", "127.0.0.1:7777"));
        assertEquals(Gate.Verdict.FOREIGN_ORIGIN, gate.check("POST", null, TOKEN, "http://evil.example", "127.0.0.1:7777"));
        assertEquals(Gate.Verdict.FOREIGN_ORIGIN, gate.check("POST", null, TOKEN, "null", "127.0.0.1:7777"),
                "a sandboxed or file page");
        assertEquals(Gate.Verdict.FOREIGN_ORIGIN, gate.check("POST", null, TOKEN, "http://127.0.0.1:7778", "127.0.0.1:7777"),
                "another port is another site");
        assertEquals(Gate.Verdict.PASS, gate.check("GET", null, TOKEN, "http://evil.example", "127.0.0.1:7777"),
                "reading changes nothing (and a foreign page cannot read the answer)");
        assertEquals(Gate.Verdict.PASS, gate.check("POST", null, TOKEN, null, "127.0.0.1:7777"), "curl sends no Origin");
        assertEquals(Gate.Verdict.NO_TOKEN, gate.check("POST", null, null, "http://127.0.0.1:7777", "127.0.0.1:7777"));
    }

    @Test
    void aShortTokenIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Gate("short"));
    }
}
