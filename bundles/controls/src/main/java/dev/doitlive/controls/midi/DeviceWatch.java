package dev.doitlive.controls.midi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Transmitter;

/**
 * Every MIDI input the JDK lists ({@link MidiSystem#getMidiDeviceInfo()}: on Linux the ALSA sequencer's ports), opened
 * and read, on a thread of its own that looks again every {@value #POLL_SECONDS} s: a device plugged in is opened and said
 * in one line, one unplugged is closed and said. The JDK's own sequencer and synthesizer are no inputs.
 */
final class DeviceWatch implements AutoCloseable {
    static final int POLL_SECONDS = 2;

    private final MidiKit kit;
    private final Thread thread;
    private volatile boolean closed;
    /** Open devices by key (name, vendor, description): MidiDevice.Info compares by identity. */
    private final Map<String, Open> open = new LinkedHashMap<>();
    /** Devices that would not open: said once, tried again at each look until they go. */
    private final Set<String> refused = new HashSet<>();
    private boolean saidUnlisted;
    /**
     * What is no input (the JDK's synthesizer and sequencer, output ports), by its Info: a provider hands out the same
     * Info for a device while it is there, so each look costs no new device objects.
     */
    private final Set<MidiDevice.Info> notInputs = new HashSet<>();

    private record Open(MidiDevice device, Transmitter transmitter, MidiInput input) {
    }

    DeviceWatch(MidiKit kit) {
        this.kit = kit;
        thread = new Thread(this::run, "doitlive-midi-devices");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!closed) {
            try {
                look();
            } catch (RuntimeException | LinkageError e) {
                if (!saidUnlisted) {
                    saidUnlisted = true;
                    kit.problem("midi: the JDK cannot list MIDI devices: " + e + "; looking again every " + POLL_SECONDS + " s");
                }
            }
            kit.tick();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(POLL_SECONDS));
        }
        synchronized (this) {
            open.values().forEach(DeviceWatch::shut);
            open.clear();
        }
    }

    private synchronized void look() {
        Set<String> seen = new HashSet<>();
        MidiDevice.Info[] infos = MidiSystem.getMidiDeviceInfo();
        for (MidiDevice.Info info : infos) {
            String key = info.getName() + "\u0000" + info.getVendor() + "\u0000" + info.getDescription();
            if (open.containsKey(key)) {
                seen.add(key);
                continue;
            }
            if (notInputs.contains(info) || closed) {
                continue;
            }
            MidiDevice device;
            try {
                device = MidiSystem.getMidiDevice(info); // the JDK's synthesizer and sequencer: a new instance each time
            } catch (MidiUnavailableException | IllegalArgumentException e) {
                continue;
            }
            if (device instanceof Sequencer || device instanceof Synthesizer || device.getMaxTransmitters() == 0) {
                notInputs.add(info);
                continue;
            }
            seen.add(key);
            try {
                device.open();
                Transmitter t = device.getTransmitter();
                MidiInput input = new MidiInput(info.getName(), kit);
                t.setReceiver(input);
                open.put(key, new Open(device, t, input));
                refused.remove(key);
                kit.say("midi: device '" + info.getName() + "' (" + info.getVendor() + ") came: listening");
            } catch (MidiUnavailableException | RuntimeException e) {
                device.close();
                if (refused.add(key)) {
                    kit.problem("midi: device '" + info.getName() + "' cannot be opened: " + e.getMessage()
                            + " (another program holds it?); trying again every " + POLL_SECONDS + " s");
                }
            }
        }
        for (var it = open.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Open> e = it.next();
            if (!seen.contains(e.getKey())) {
                it.remove();
                shut(e.getValue());
                kit.say("midi: device '" + e.getValue().input().name + "' went");
            }
        }
        refused.retainAll(seen);
        notInputs.retainAll(java.util.Arrays.asList(infos));
    }

    private static void shut(Open o) {
        try {
            o.transmitter().close();
            o.device().close();
        } catch (RuntimeException e) {
            // a device that went may fail to close; it is gone either way
        }
    }

    /** The inputs open now, for live:midi. */
    synchronized List<MidiInput> inputs() {
        List<MidiInput> all = new ArrayList<>();
        open.values().forEach(o -> all.add(o.input()));
        return all;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
