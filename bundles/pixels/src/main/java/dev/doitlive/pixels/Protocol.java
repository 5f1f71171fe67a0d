package dev.doitlive.pixels;

import java.util.Locale;

/** The protocols an output speaks, by the name a configuration gives ({@code protocol = sacn}), with their ports. */
enum Protocol {
    SACN(5568, Protocol.MAX_PIXELS),
    ARTNET(6454, Protocol.MAX_PIXELS),
    OPC(7890, dev.doitlive.pixels.wire.Opc.MAX_PIXELS),
    DDP(4048, Protocol.MAX_PIXELS);

    /**
     * The longest strip an output sends (docs/pixels.md), one limit for every protocol but OPC, whose message holds
     * fewer; also what {@code pixels} is checked against while the protocol is not known.
     */
    static final int MAX_PIXELS = 100_000;

    /** The port receivers listen on unless told otherwise. */
    final int port;
    /** The longest strip one output sends. */
    final int maxPixels;

    Protocol(int port, int maxPixels) {
        this.port = port;
        this.maxPixels = maxPixels;
    }

    /** Its name in a configuration and in live:outputs. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protocol of that name, or null. */
    static Protocol of(String id) {
        for (Protocol p : values()) {
            if (p.id().equalsIgnoreCase(id)) {
                return p;
            }
        }
        return null;
    }
}
