package dev.doitlive.pixels;

import java.util.Locale;

/** The protocols an output speaks, by the name a configuration gives ({@code protocol = sacn}), with their ports. */
enum Protocol {
    SACN(5568, 100_000),
    ARTNET(6454, 100_000),
    OPC(7890, dev.doitlive.pixels.wire.Opc.MAX_PIXELS),
    DDP(4048, 1_000_000);

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
