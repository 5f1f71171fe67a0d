package dev.doitlive.launcher;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the launcher decides about the page before the framework starts, from the properties. */
class WebStageTest {
    private static Map<String, String> props(String... keysAndValues) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    @Test
    void onByDefaultOnLoopbackWithANewTokenEachTime() throws Exception {
        Map<String, String> p = props("doitlive.web.port", "0");
        assertTrue(WebStage.prepare(p).on());
        assertEquals("127.0.0.1", p.get("org.apache.felix.http.host"));
        assertTrue(p.get("doitlive.web.token").matches("[0-9a-f]{32}"));
        Map<String, String> again = props("doitlive.web.port", "0");
        WebStage.prepare(again);
        assertNotEquals(p.get("doitlive.web.token"), again.get("doitlive.web.token"));
        Map<String, String> blank = props("doitlive.web.port", "0", "doitlive.web.host", " ");
        WebStage.prepare(blank);
        assertEquals("127.0.0.1", blank.get("org.apache.felix.http.host"), "a blank host is the default, not every address");
    }

    @Test
    void badValuesAreOneLineNamingTheProperty() {
        assertEquals("doitlive.web 'maybe': give true or false",
                assertThrows(LaunchException.class, () -> WebStage.prepare(props("doitlive.web", "maybe"))).getMessage());
        assertEquals("doitlive.web.port (or --web-port) '-1': not a port (1 to 65535; 0 picks a free one)",
                assertThrows(LaunchException.class, () -> WebStage.prepare(props("doitlive.web.port", "-1"))).getMessage());
    }

    @Test
    void anAddressOfAnotherMachineIsNotCalledInUse() throws Exception {
        WebStage w = WebStage.prepare(props("doitlive.web.port", "7799", "doitlive.web.host", "192.0.2.77"));
        assertFalse(w.on());
        assertEquals("off: 192.0.2.77:7799 cannot be had: that address is none of this machine's; --web-host ADDR picks"
                + " another, --no-web starts without it", w.banner(null));
    }

    @Test
    void offSaysHow() throws Exception {
        assertEquals("off (doitlive.web = false, or --no-web)", WebStage.prepare(props("doitlive.web", "false")).banner(null));
    }
}
