package dev.doitlive.pixels;

import java.util.UUID;

import dev.doitlive.api.pixels.PixelOutput;
import dev.doitlive.pixels.send.Counters;
import dev.doitlive.pixels.send.LatestFrame;
import dev.doitlive.pixels.send.Link;
import dev.doitlive.pixels.send.Sender;
import dev.doitlive.pixels.send.Shaper;
import dev.doitlive.pixels.send.TcpLink;
import dev.doitlive.pixels.send.UdpLink;
import dev.doitlive.pixels.send.Voice;
import dev.doitlive.pixels.wire.ArtDmx;
import dev.doitlive.pixels.wire.Ddp;
import dev.doitlive.pixels.wire.E131;
import dev.doitlive.pixels.wire.Encoder;
import dev.doitlive.pixels.wire.Opc;
import dev.doitlive.pixels.wire.Sequences;

/**
 * One configured output, as the show sees it: {@link #frame} copies the pixels it sends into the latest-frame slot
 * and wakes its sender; nothing else happens on the caller's thread. What stays for the output's life, across
 * re-targets: its sACN CID, its sequence numbers, its counters.
 */
final class Output implements PixelOutput {
    /** The settings it runs with, and the slot and sender built for them. */
    private record Running(OutputSettings settings, LatestFrame slot, Sender sender) {
    }

    final String name;
    private final UUID cid = UUID.randomUUID();
    private final Sequences sequences = new Sequences();
    private final Counters counters = new Counters();
    private final Voice voice;
    private volatile Running running;

    Output(String name, Voice voice) {
        this.name = name;
        this.voice = voice;
    }

    @Override
    public void frame(String strip, int[] rgb, int length) {
        Running r = running;
        if (r == null || rgb == null) {
            return;
        }
        String wanted = r.settings.strip();
        if (wanted != null && !wanted.equals(strip)) {
            return;
        }
        if (r.slot.offer(rgb, length, r.settings.first())) {
            r.sender.wake();
        }
    }

    /** Starts sending with these settings, or re-targets: the old sender stops before the new one starts. */
    synchronized void start(OutputSettings s) {
        LatestFrame slot = new LatestFrame(s.pixels(), counters.droppedCounter());
        Sender sender = new Sender(name, "output " + name + " (" + s.protocol().id() + " to " + s.address() + ")", slot,
                new Shaper(s.order(), s.brightness(), s.gamma()), encoder(s), link(s), counters, voice);
        Running old = running;
        if (old != null) {
            old.sender.stop();
        }
        running = new Running(s, slot, sender);
        sender.start();
    }

    synchronized void stop() {
        Running old = running;
        running = null;
        if (old != null) {
            old.sender.stop();
        }
    }

    private Encoder encoder(OutputSettings s) {
        int channels = 3 * s.pixels();
        return switch (s.protocol()) {
            case SACN -> new E131(cid, "doitlive " + name, s.priority(), s.universe(), channels, sequences);
            case ARTNET -> new ArtDmx(s.universe(), channels, sequences);
            case OPC -> new Opc(s.channel(), channels);
            case DDP -> new Ddp(channels, sequences);
        };
    }

    private static Link link(OutputSettings s) {
        if (s.protocol() == Protocol.OPC) {
            return new TcpLink(s.host(), s.port(), Opc.HEADER + 3 * s.pixels());
        }
        if (s.multicast()) {
            byte[][] groups = new byte[s.universes()][];
            for (int i = 0; i < groups.length; i++) {
                groups[i] = E131.group(s.universe() + i);
            }
            return UdpLink.multicast(groups, s.port(), s.iface());
        }
        return UdpLink.unicast(s.host(), s.port());
    }

    /** The settings it sends with, or null when stopped. */
    OutputSettings settings() {
        Running r = running;
        return r == null ? null : r.settings;
    }

    Counters counters() {
        return counters;
    }

    /** Its sending trouble now, or null. */
    String trouble() {
        Running r = running;
        return r == null ? null : r.sender.trouble();
    }

    UUID cid() {
        return cid;
    }
}
