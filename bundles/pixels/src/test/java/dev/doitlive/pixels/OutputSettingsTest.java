package dev.doitlive.pixels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OutputSettingsTest {
    private static Map<String, String> cfg(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String bad(String... kv) {
        return assertThrows(BadSetting.class, () -> OutputSettings.read(cfg(kv))).getMessage();
    }

    @Test
    void defaults() throws BadSetting {
        OutputSettings s = OutputSettings.read(cfg("protocol", "sacn", "pixels", "200"));
        assertTrue(s.multicast(), "sACN without a host multicasts");
        assertEquals(5568, s.port());
        assertEquals(1, s.universe());
        assertEquals(2, s.universes());
        assertEquals(100, s.priority());
        assertEquals("RGB", s.order());
        assertEquals(1, s.brightness());
        assertEquals(1, s.gamma());
        assertNull(s.strip());
        assertEquals("239.255.0.1:5568 (multicast, a group per universe)", s.address());
        assertEquals("universes 1-2", s.part());
        assertEquals(6454, OutputSettings.read(cfg("protocol", "artnet", "host", "10.0.0.2", "pixels", "1")).port());
        assertEquals(7890, OutputSettings.read(cfg("protocol", "OPC", "host", "localhost", "pixels", "1")).port());
        OutputSettings ddp = OutputSettings.read(cfg("protocol", "ddp", "host", "wled.local", "pixels", "60", "order", "grb",
                "brightness", "0.5", "gamma", "2.2", "first", "10", "strip", "show"));
        assertEquals(4048, ddp.port());
        assertEquals("GRB", ddp.order());
        assertEquals("ddp to wled.local:4048, offset 0, 60 pixels from pixel 10 of strip show, GRB, brightness 0.5, gamma 2.2",
                ddp.describe());
    }

    @Test
    void eachBadValueNamesItsKeyAndWhatItTakes() {
        assertEquals("protocol is missing: give protocol = sacn, artnet, opc or ddp", bad("pixels", "3"));
        assertEquals("protocol = dmx is no protocol: sacn, artnet, opc or ddp", bad("protocol", "dmx", "pixels", "3"));
        assertEquals("pixels is missing: give the strip's length, pixels = 1 to 21845", bad("protocol", "opc", "host", "h"));
        assertEquals("pixels = 0 is not a number of pixels from 1 to 100000", bad("protocol", "sacn", "pixels", "0"));
        assertEquals("port = abc is not a port from 1 to 65535", bad("protocol", "ddp", "host", "h", "pixels", "3", "port", "abc"));
        assertEquals("host is missing: give the receiver's address (host = 192.168.1.50)", bad("protocol", "ddp", "pixels", "3"));
        assertEquals("order = RGW is no colour order: R, G and B once each (RGB, GRB, BGR...)",
                bad("protocol", "ddp", "host", "h", "pixels", "3", "order", "RGW"));
        assertEquals("order = RRG is no colour order: R, G and B once each (RGB, GRB, BGR...)",
                bad("protocol", "ddp", "host", "h", "pixels", "3", "order", "RRG"));
        assertEquals("brightness = 1.5 is not a brightness from 0 to 1",
                bad("protocol", "ddp", "host", "h", "pixels", "3", "brightness", "1.5"));
        assertEquals("gamma = 0 is not a gamma from 0.1 to 5 (1 is linear)", bad("protocol", "ddp", "host", "h", "pixels", "3", "gamma", "0"));
        assertEquals("priority = 201 is not a priority from 0 to 200", bad("protocol", "sacn", "pixels", "3", "priority", "201"));
        assertEquals("universe = 63999 is not a first universe that leaves room for 2 (1 to 63999)",
                bad("protocol", "sacn", "pixels", "171", "universe", "63999"));
        assertEquals("universe = 0 is not a first universe that leaves room for 1 (1 to 63999)",
                bad("protocol", "sacn", "pixels", "3", "universe", "0"));
        assertEquals("channel = 256 is not an OPC channel from 0 to 255 (0: every channel)",
                bad("protocol", "opc", "host", "h", "pixels", "3", "channel", "256"));
        assertEquals("universe is no setting of protocol opc", bad("protocol", "opc", "host", "h", "pixels", "3", "universe", "1"));
        assertEquals("brightnes is no setting of an output (protocol, host, port, pixels, first, strip, order, brightness, gamma,"
                + " channel, interface, multicast, priority, universe)", bad("protocol", "opc", "host", "h", "pixels", "3", "brightnes", "1"));
        assertEquals("host = h with multicast = true: give one of them (multicast goes to 239.255.hi.lo)",
                bad("protocol", "sacn", "host", "h", "pixels", "3", "multicast", "true"));
        assertEquals("host is missing: with multicast = false, sACN goes to the receiver's address",
                bad("protocol", "sacn", "pixels", "3", "multicast", "false"));
        assertEquals("multicast = yes is neither true nor false", bad("protocol", "sacn", "pixels", "3", "multicast", "yes"));
        assertEquals("interface = eth0 is for multicast only; unicast goes where the route to the host goes",
                bad("protocol", "sacn", "host", "h", "pixels", "3", "interface", "eth0"));
    }

    /**
     * Found by a try-out: a junk file (no protocol) was told {@code pixels = 1 to 1000000}, {@code pixels = -3} of an sACN
     * output {@code from 1 to 100000}, the docs 100000: one limit, one text.
     */
    @Test
    void theLongestStripIsOneLimitWhateverTheProtocol() {
        assertEquals("protocol is missing: give protocol = sacn, artnet, opc or ddp; pixels is missing: give the strip's length,"
                + " pixels = 1 to 100000", bad());
        assertEquals("pixels = -3 is not a number of pixels from 1 to 100000", bad("protocol", "sacn", "host", "h", "pixels", "-3"));
        assertEquals("pixels = 200000 is not a number of pixels from 1 to 100000", bad("protocol", "ddp", "host", "h", "pixels", "200000"));
    }

    /** Found by a try-out: with two bad values only the first was named, and fixing it only showed the next. */
    @Test
    void everyBadValueIsNamedInOneMessage() {
        assertEquals("pixels = x is not a number of pixels from 1 to 100000; port = y is not a port from 1 to 65535;"
                + " gamma = 9 is not a gamma from 0.1 to 5 (1 is linear)",
                bad("protocol", "ddp", "host", "127.0.0.1", "pixels", "x", "port", "y", "gamma", "9"));
        assertEquals("protocol = dmx is no protocol: sacn, artnet, opc or ddp; pixels is missing: give the strip's length,"
                + " pixels = 1 to 100000", bad("protocol", "dmx"));
        assertEquals("colour, speed are no settings of an output (protocol, host, port, pixels, first, strip, order, brightness,"
                + " gamma, channel, interface, multicast, priority, universe); brightness = 2 is not a brightness from 0 to 1",
                bad("protocol", "ddp", "host", "h", "pixels", "3", "speed", "1", "colour", "red", "brightness", "2"));
        assertEquals("universe is no setting of protocol opc; host is missing: give the receiver's address (host = 192.168.1.50)",
                bad("protocol", "opc", "pixels", "3", "universe", "1"));
        assertEquals("host is missing: with multicast = false, sACN goes to the receiver's address; interface = eth0 is for"
                + " multicast only; unicast goes where the route to the host goes",
                bad("protocol", "sacn", "pixels", "3", "multicast", "false", "interface", "eth0"));
    }

    /** Off the documented path: a port written into the host, a capital letter in a key, a URL for a host, a comment after a value. */
    @Test
    void aPortInTheHostAndAKeyWithACapitalAreNamedWithWhatToWrite() throws BadSetting {
        assertEquals("host = 10.0.0.5:5568 has a port in it: give host = 10.0.0.5 and port = 5568",
                bad("protocol", "sacn", "host", "10.0.0.5:5568", "pixels", "3"));
        assertEquals("host = [fe80::1]:4048 has a port in it: give host = fe80::1 and port = 4048",
                bad("protocol", "ddp", "host", "[fe80::1]:4048", "pixels", "3"));
        assertEquals("host = http://wled.local is no host name or address",
                bad("protocol", "ddp", "host", "http://wled.local", "pixels", "3"));
        assertEquals("Host is no setting of an output (did you mean host?); host is missing: give the receiver's address"
                + " (host = 192.168.1.50)", bad("protocol", "ddp", "Host", "h", "pixels", "3"));
        assertEquals("protocol = ddp # the desk is no protocol: sacn, artnet, opc or ddp; pixels = 60 # strip is not a number of pixels"
                + " from 1 to 100000; a # starts a comment only at the start of a line",
                bad("protocol", "ddp # the desk", "host", "h", "pixels", "60 # strip"));
        assertEquals("fe80::1", OutputSettings.read(cfg("protocol", "ddp", "host", "fe80::1", "pixels", "3")).host(),
                "an IPv6 address is no host with a port");
    }

    @Test
    void artNetUniversesArePortAddressesFrom0() throws BadSetting {
        assertEquals(0, OutputSettings.read(cfg("protocol", "artnet", "host", "h", "pixels", "3", "universe", "0")).universe());
        assertEquals("universe = 32767 is not a first universe (port-address) that leaves room for 2 (0 to 32767)",
                bad("protocol", "artnet", "host", "h", "pixels", "200", "universe", "32767"));
    }
}
