package dev.doitlive.controls.osc;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.doitlive.controls.Throttle;

/** What live:osc and the kit's lines say about the port: real sockets on this machine. */
class OscPortTest {
    private final OscCounts counts = new OscCounts();
    private final Throttle bad = new Throttle("bad OSC messages", l -> { });

    private OscPort open(String host, int port) throws IOException {
        return OscPort.open(host, port, null, bad, counts);
    }

    @Test
    void everyAddressIsShownAsWritten() throws Exception {
        try (OscPort p = open("0.0.0.0", 0)) {
            assertEquals("0.0.0.0:" + p.address().getPort(), OscPort.sender(p.address()));
        }
    }

    @Test
    void theWayOutNamesTheSettingThatIsWrong() throws Exception {
        String why = assertThrows(IOException.class, () -> open("10.9.9.9", 0)).getMessage();
        assertEquals("10.9.9.9 is no address of this machine", why);
        assertTrue(OscListener.wayOut(why, "config/dev.doitlive.osc.cfg").startsWith("host in config/dev.doitlive.osc.cfg"),
                OscListener.wayOut(why, "config/dev.doitlive.osc.cfg"));
        try (OscPort p = open("127.0.0.1", 0)) {
            String inUse = assertThrows(IOException.class, () -> open("127.0.0.1", p.address().getPort())).getMessage();
            assertEquals("port in config/dev.doitlive.osc.cfg, or -Ddoitlive.osc.port=PORT at the start, picks another",
                    OscListener.wayOut(inUse, "config/dev.doitlive.osc.cfg"));
        }
    }

    @Test
    void offTheFileIsNamedByItsPathAndTheCountsGoOn() {
        assertEquals("osc: off: no configuration dev.doitlive.osc (/show/conf/dev.doitlive.osc.cfg is missing)",
                OscListener.offStatus(counts, "/show/conf"));
        counts.sets.set(3);
        counts.gone = "/show/conf/dev.doitlive.osc.cfg";
        String off = OscListener.offStatus(counts, "/show/conf");
        assertTrue(off.startsWith("osc: off: /show/conf/dev.doitlive.osc.cfg is gone (put it back to listen again)\n"
                + "  messages 3: fields set 3,"), off);
    }
}
