package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import test.api.Echo;
import test.api.Holder;

/**
 * The controls kit's MIDI side on a real framework. There is no MIDI hardware here: the JDK's own MIDI classes stand in
 * for a controller, a {@link Sequencer} playing a Standard MIDI File the test writes ({@link MidiSystem#write}) into the
 * kit's {@link Receiver} service, the same receiver class a device's transmitter feeds. MIDI clock is a real-time message
 * that no MIDI file holds (the JDK's writer drops it), so the clock test sends the messages itself, with the
 * time stamps a device's input gives.
 */
class MidiTest extends LiveTest {
    private static final String KNOBS = """
            # what a controller's knobs and pads do
            cc.16 = x.level
            cc.2.17 = x.count 0..10
            cc.18 = x.mode
            note.36 = x.poke
            note.37 = x.on
            note.38 = x.gate hold
            cc.200 = x.level
            cc.21 = x.level 0..loud
            cc.5 = x
            cc.22 = x.level -1e308..1e308
            """;

    Receiver kit;

    @BeforeEach
    void dropKnobs() {
        fw.drop("knobs.jar", TestBundles.bundle("t.knobs", "1.0.0", ControlSources.knobs()));
        fw.awaitService(Echo.class, null, WAIT);
        kit = fw.awaitService(Receiver.class, "(doitlive.midi=kit)", WAIT);
    }

    private String field(String name) {
        return runtime.state("x").get(name);
    }

    private void awaitField(String name, String value) {
        Await.until(() -> value.equals(field(name)), WAIT, () -> "x." + name + " = " + value + ", it is " + field(name));
    }

    /** A sequence at the Sequencer's default 120 bpm, 24 ticks a beat; {@link #at} adds its events. */
    private static Sequence sequence() throws Exception {
        return new Sequence(Sequence.PPQ, 24);
    }

    private static void at(Track t, long tick, int command, int channel, int data1, int data2) throws Exception {
        t.add(new MidiEvent(new ShortMessage(command, channel - 1, data1, data2), tick));
    }

    /** Writes the sequence as a .mid file, reads it back and plays it into the kit's receiver, to its end. */
    private void play(Sequence s) throws Exception {
        end(start(s));
    }

    /** Writes the sequence as a .mid file, reads it back and starts playing it into the kit's receiver. */
    private Sequencer start(Sequence s) throws Exception {
        Path file = tmp.resolve("play-" + System.nanoTime() + ".mid");
        MidiSystem.write(s, 0, file.toFile());
        Sequencer sequencer = MidiSystem.getSequencer(false);
        sequencer.open();
        sequencer.getTransmitter().setReceiver(kit);
        sequencer.setSequence(MidiSystem.getSequence(file.toFile()));
        Files.delete(file);
        sequencer.start();
        return sequencer;
    }

    private static void end(Sequencer sequencer) {
        try {
            Await.until(() -> !sequencer.isRunning(), WAIT, "the sequencer to play the file to its end");
        } finally {
            sequencer.close();
        }
    }

    @Test
    void aMappingFileMapsKnobsAndPadsAndSaysTheLinesItRefuses() throws Exception {
        fw.save("dev.doitlive.midi-knobs.cfg", KNOBS);
        // Each refused line names the file, the line and the cause.
        stderr.await(WAIT, "midi: load/dev.doitlive.midi-knobs.cfg: cc.200 = x.level: the controller '200' is not 0 to 119"
                + " (120 to 127 are channel mode messages); the line is ignored");
        stderr.await(WAIT, "midi: load/dev.doitlive.midi-knobs.cfg: cc.21 = x.level 0..loud: '0..loud' is no range");
        stderr.await(WAIT, "midi: load/dev.doitlive.midi-knobs.cfg: cc.5 = x: 'x' is no target: write NAME.FIELD or NAME.METHOD");
        // A span beyond a double's range would scale a knob's 0 to NaN.
        stderr.await(WAIT, "midi: load/dev.doitlive.midi-knobs.cfg: cc.22 = x.level -1e308..1e308: '-1e308..1e308' is no range");
        stderr.await(WAIT, "midi: load/dev.doitlive.midi-knobs.cfg: 6 mappings (4 lines refused); live:midi lists them");

        Sequence s = sequence();
        Track t = s.createTrack();
        at(t, 0, ShortMessage.CONTROL_CHANGE, 1, 16, 127); // level 0..1: 1
        at(t, 2, ShortMessage.CONTROL_CHANGE, 1, 17, 127); // cc.2.17 only: nothing
        at(t, 4, ShortMessage.CONTROL_CHANGE, 2, 17, 127); // count 0..10: 10
        at(t, 6, ShortMessage.CONTROL_CHANGE, 1, 18, 64); // an enum of three: the middle one
        at(t, 8, ShortMessage.NOTE_ON, 1, 36, 100); // poke()
        at(t, 10, ShortMessage.NOTE_OFF, 1, 36, 0);
        for (int i = 0; i < 3; i++) { // on toggles three times: true
            at(t, 12 + 4 * i, ShortMessage.NOTE_ON, 1, 37, 90);
            at(t, 14 + 4 * i, ShortMessage.NOTE_ON, 1, 37, 0); // a note on of velocity 0 is a note off
        }
        play(s);
        awaitField("level", "1.0");
        awaitField("count", "10");
        awaitField("mode", "BUSY");
        awaitField("pokes", "1");
        awaitField("on", "true");

        Sequence held = sequence();
        Track h = held.createTrack();
        at(h, 0, ShortMessage.NOTE_ON, 10, 38, 100); // gate true while the key is down
        at(h, 24 * 60, ShortMessage.CONTROL_CHANGE, 16, 1, 0); // unmapped, 30 s on: the key stays down until the stop
        Sequencer playing = start(held);
        try {
            awaitField("gate", "true");
            playing.stop(); // the Sequencer lets go of the notes it holds
            awaitField("gate", "false");
        } finally {
            playing.close();
        }

        Sequence down = sequence();
        at(down.createTrack(), 0, ShortMessage.CONTROL_CHANGE, 1, 16, 0);
        play(down);
        awaitField("level", "0.0");

        String midi = fw.shell("live:midi");
        assertTrue(midi.contains("'the kit's Receiver service': "), midi);
        assertTrue(midi.contains("mappings: 6") && midi.matches("(?s).*cc\\.2\\.17\\s+-> x\\.count 0\\.\\.10\\s+load/dev\\.doitlive\\.midi-knobs\\.cfg.*"), midi);
        assertTrue(midi.matches("(?s).*cc\\.16 .*cc\\.2\\.17 .*cc\\.18 .*note\\.36 .*note\\.37 .*note\\.38 .*"),
                "by kind, then number: " + midi);

        // An edit is taken in place: no "gone" line, the new mapping maps.
        stderr.clear();
        fw.save("dev.doitlive.midi-knobs.cfg", "cc.16 = x.level 0..4\n");
        stderr.await(WAIT, "midi: load/dev.doitlive.midi-knobs.cfg: changed: 1 mapping; live:midi lists them");
        Sequence edited = sequence();
        at(edited.createTrack(), 0, ShortMessage.CONTROL_CHANGE, 1, 16, 127);
        play(edited);
        awaitField("level", "4.0");
        assertFalse(stderr.runtimeLines().stream().anyMatch(l -> l.contains("is gone")), stderr.runtimeLines().toString());

        fw.remove("dev.doitlive.midi-knobs.cfg");
        stderr.await(WAIT, "midi: load/dev.doitlive.midi-knobs.cfg is gone, and its 1 mapping");
        Await.until(() -> fw.shell("live:midi").contains("mappings: none"), WAIT, "the mappings to go");
    }

    @Test
    void aTargetThatIsNoneIsOneLine() throws Exception {
        fw.save("dev.doitlive.midi-pads.cfg", "cc.16 = nope.level\nnote.36 = x.nothing\ncc.17 = x.label\n");
        stderr.await(WAIT, "midi: load/dev.doitlive.midi-pads.cfg: 3 mappings; live:midi lists them");
        Sequence s = sequence();
        Track t = s.createTrack();
        at(t, 0, ShortMessage.CONTROL_CHANGE, 1, 16, 127);
        at(t, 2, ShortMessage.NOTE_ON, 1, 36, 100);
        at(t, 4, ShortMessage.CONTROL_CHANGE, 1, 17, 127);
        play(s);
        stderr.await(WAIT, "midi: cc.1.17 = 127 from 'the kit's Receiver service' -> x.label: x.label is a String: it takes text"
                + " only, not the number 1");
        stderr.await(WAIT, "midi: cc.1.16 = 127 from 'the kit's Receiver service' -> nope.level: no refreshable named 'nope'");
        stderr.await(WAIT, "midi: note.1.36 on from 'the kit's Receiver service' -> x.nothing: x has no field 'nothing', and x has no"
                + " method nothing taking 0 arguments");
    }

    @Test
    void aStopSaysNoFileIsGone() throws Exception {
        fw.save("dev.doitlive.midi-pads.cfg", "cc.16 = x.level\n");
        String mapped = "midi: load/dev.doitlive.midi-pads.cfg: 1 mapping; live:midi lists them";
        stderr.await(WAIT, mapped);
        stderr.clear();
        fw.restart();
        stderr.await(WAIT, mapped); // the file's mappings again, after the start
        assertFalse(stderr.runtimeLines().stream().anyMatch(l -> l.contains("is gone")),
                "the files are there: " + stderr.runtimeLines());
    }

    @Test
    void learnMapsTheNextKnobMoved() throws Exception {
        String waiting = fw.shell("live:learn x.level 0..2");
        assertTrue(waiting.startsWith("midi: learning x.level 0..2 (double): move a knob or press a pad"), waiting);
        Sequence s = sequence();
        Track t = s.createTrack();
        at(t, 0, ShortMessage.CONTROL_CHANGE, 3, 20, 127);
        play(s);
        String learned = stderr.await(WAIT, "midi: learned cc.3.20 from 'the kit's Receiver service' -> x.level 0..2");
        assertTrue(learned.endsWith("put the line 'cc.3.20 = x.level 0..2' in a dev.doitlive.midi-NAME.cfg in the watched folder"),
                learned);
        awaitField("level", "2.0");
        assertTrue(fw.shell("live:midi").matches("(?s).*cc\\.3\\.20\\s+-> x\\.level 0\\.\\.2\\s+learned.*"), fw.shell("live:midi"));

        Sequence down = sequence();
        at(down.createTrack(), 0, ShortMessage.CONTROL_CHANGE, 3, 20, 0);
        play(down);
        awaitField("level", "0.0");

        assertEquals("midi: forgot 1 learned mapping; the files' mappings stay", fw.shell("live:unlearn"));
        assertTrue(fw.shell("live:midi").contains("mappings: none"), fw.shell("live:midi"));

        assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:learn nope.level"), "no refreshable named 'nope'");
        LiveFramework.CommandFailed nosuch = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:learn x.nosuch"));
        assertTrue(nosuch.getMessage().contains("live:learn x.nosuch: x has no field or method 'nosuch'; x has the fields level,"
                + " count, on, gate, big, ticks, mode, pokes and the methods add, echo, mix, pick, poke"), nosuch.getMessage());
        LiveFramework.CommandFailed text = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:learn x.label"));
        assertTrue(text.getMessage().contains("live:learn x.label: x.label is a String: a knob or pad gives numbers, not text"),
                text.getMessage());
        assertTrue(fw.shell("live:learn x.poke").startsWith("midi: learning x.poke: move a knob"), "a method is a target");
        assertTrue(fw.shell("live:midi").contains("learning x.poke"), "and waits");
        LiveFramework.CommandFailed bad = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:learn level"));
        assertTrue(bad.getMessage().contains("'level' is no target: write NAME.FIELD or NAME.METHOD"), bad.getMessage());
        LiveFramework.CommandFailed usage = assertThrows(LiveFramework.CommandFailed.class, () -> fw.shell("live:learn"));
        assertTrue(usage.getMessage().contains("usage: live:learn NAME.FIELD [LO..HI]"), usage.getMessage());
    }

    @Test
    void midiClockSetsTheTempoAndStartTheDownbeat() throws Exception {
        fw.bundle("dev.doitlive.beat").stop(); // the beat kit's clock: the one below keeps what it is told
        Await.until(() -> fw.shell("live:midi").contains("no beat clock"), WAIT, "the kit to see the clock go");
        kit.send(new ShortMessage(ShortMessage.START), 0);
        stderr.await(WAIT, "midi: clock start from 'the kit's Receiver service', but no beat clock is running");

        fw.drop("beat.jar", TestBundles.bundle("t.beat", "1.0.0", ControlSources.beatClock()));
        Holder clock = fw.awaitService(Holder.class, "(test.kind=beat)", WAIT);
        Await.until(() -> !fw.shell("live:midi").contains("no beat clock"), WAIT, "the kit to take the clock");
        kit.send(new ShortMessage(ShortMessage.START), 0);
        stderr.await(WAIT, "midi: clock start from 'the kit's Receiver service': the bar starts now");
        // Four beats at 120 bpm, then four at 140, in microseconds as a device's input stamps them.
        long micros = 0;
        for (int i = 0; i < 4 * 24; i++) {
            kit.send(new ShortMessage(ShortMessage.TIMING_CLOCK), micros + Math.round(i * 500_000.0 / 24));
        }
        micros += 4 * 500_000;
        for (int i = 0; i < 4 * 24; i++) {
            kit.send(new ShortMessage(ShortMessage.TIMING_CLOCK), micros + Math.round(i * 60e6 / 140 / 24));
        }
        String told = clock.describe();
        assertTrue(told.startsWith("downbeat midi clock; bpm 120.000 midi clock; "), told);
        assertTrue(told.endsWith("; bpm 140.000 midi clock"), told);
        assertTrue(told.split("; ").length <= 5, "once a beat at most, only when the tempo moved: " + told);
        assertTrue(fw.shell("live:midi").contains("clock at 140.00 bpm"), fw.shell("live:midi"));

        kit.send(new ShortMessage(ShortMessage.STOP), micros + 3_000_000);
        stderr.await(WAIT, "midi: clock stop from 'the kit's Receiver service': the beat clock goes on at 140.0 bpm");
    }
}
