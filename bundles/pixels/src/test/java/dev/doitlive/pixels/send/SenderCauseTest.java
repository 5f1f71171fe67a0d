package dev.doitlive.pixels.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

/**
 * Found by a try-out: an unknown host was two near-identical lines (the resolver's message, then the JDK's cache of
 * failed look-ups, which gives the name alone), and the pair came back every 10 s as the cache expired.
 */
class SenderCauseTest {
    @Test
    void anUnknownHostIsTheSameCauseFromTheResolverAndFromTheCache() {
        assertEquals("unknown host nosuch.invalid", Sender.cause(new UnknownHostException("nosuch.invalid: Name or service not known")));
        assertEquals("unknown host nosuch.invalid", Sender.cause(new UnknownHostException("nosuch.invalid")));
        assertEquals("unknown host wled.local", Sender.cause(new UnknownHostException("wled.local: Temporary failure in name resolution")));
    }
}
