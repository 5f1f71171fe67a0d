package dev.doitlive.controls.midi;

import java.util.concurrent.atomic.AtomicLong;

import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;

/**
 * One source of MIDI: a device's input, or the kit's {@link Receiver} service. Each has its own clock, since two
 * devices' clocks are two tempos. Its {@link #send} runs on the source's thread (the JDK's for a device, the
 * {@code Sequencer}'s...) and never throws into it.
 */
final class MidiInput implements Receiver {
    final String name;
    final ClockFollower clock = new ClockFollower();
    final AtomicLong messages = new AtomicLong();
    /** Whether "no beat clock" was said for this input's clock since it last had one. */
    volatile boolean saidNoClock;
    private final MidiKit kit;

    MidiInput(String name, MidiKit kit) {
        this.name = name;
        this.kit = kit;
    }

    @Override
    public void send(MidiMessage message, long timeStamp) {
        messages.incrementAndGet();
        try {
            kit.message(this, message, timeStamp);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            kit.problem("midi: from '" + name + "': the kit failed on a message: " + e);
        }
    }

    /** A transmitter closing its receiver: the input stays, the device watch decides when it is gone. */
    @Override
    public void close() {
    }
}
