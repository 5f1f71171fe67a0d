package dev.doitlive.pixels;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

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
 * and wakes its sender (after a look at the strip, when it takes one strip's frames only); nothing else happens on the
 * caller's thread. What stays for the output's life, across
 * re-targets: its sACN CID, its sequence numbers, its counters.
 */
final class Output implements PixelOutput {
    /** The settings it runs with, the slot and sender built for them, and the watch on its strip (null: every strip's). */
    private record Running(OutputSettings settings, LatestFrame slot, Sender sender, StripWatch watch) {
    }

    final String name;
    /** Its configuration's file, as lines name it. */
    private final String file;
    private final Map<String, AtomicLong> strips = StripWatch.strips();
    private final UUID cid = UUID.randomUUID();
    private final Sequences sequences = new Sequences();
    private final Counters counters = new Counters();
    private final Voice voice;
    private volatile Running running;

    Output(String name, String file, Voice voice) {
        this.name = name;
        this.file = file;
        this.voice = voice;
    }

    @Override
    public void frame(String strip, int[] rgb, int length) {
        Running r = running;
        if (r == null || rgb == null) {
            return;
        }
        if (r.watch != null && !r.watch.takes(strip, System.nanoTime())) {
            return;
        }
        if (r.slot.offer(rgb, length, r.settings.first())) {
            r.sender.wake();
        }
    }

    /** Starts sending with these settings, or re-targets: the old sender stops before the new one starts. */
    synchronized void start(OutputSettings s) {
        LatestFrame slot = new LatestFrame(s.pixels(), counters.droppedCounter());
        StripWatch watch = s.strip() == null ? null : new StripWatch(s.strip(), strips, System.nanoTime());
        Runnable turn = watch == null ? () -> { } : () -> watch.check(name, file, System.nanoTime(), voice);
        Sender sender = new Sender(name, "output " + name + " (" + s.protocol().id() + " to " + s.address() + ")", slot,
                new Shaper(s.order(), s.brightness(), s.gamma()), encoder(s), link(s), counters, voice, turn);
        Running old = running;
        if (old != null) {
            old.sender.stop();
        }
        running = new Running(s, slot, sender, watch);
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

    /** What it waits for: no frame of its strip while others are written; or null. */
    String waiting() {
        Running r = running;
        return r == null || r.watch == null ? null : r.watch.waiting(System.nanoTime());
    }

    UUID cid() {
        return cid;
    }
}
