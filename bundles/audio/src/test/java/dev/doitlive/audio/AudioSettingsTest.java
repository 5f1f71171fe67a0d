package dev.doitlive.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** config/dev.doitlive.audio.cfg read: each value checked, a bad one said in one line and the one in force kept. */
class AudioSettingsTest {
    private final List<String> problems = new ArrayList<>();

    private AudioSettings check(Map<String, Object> props, Map<String, String> framework) {
        return AudioSettings.check(props, AudioSettings.DEFAULTS, framework::get, problems);
    }

    @Test
    void theShippedDefaults() {
        AudioSettings s = check(Map.of("felix.fileinstall.filename", "file:/x/dev.doitlive.audio.cfg"), Map.of());
        assertEquals("sink = device, 48000 Hz, 256 frames (5.3 ms), 2 buffers, 2 channels, crossfade 256 frames, limiter 0.9", s.toString());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void aBadValueKeepsTheOneInForceAndAnUnknownKeyIsNamed() {
        AudioSettings s = check(Map.of("felix.fileinstall.filename", "file:/x/dev.doitlive.audio.cfg", "frames", "12", "limiter", "loud",
                "sink", "speakers", "crosfade", "0", "sink.extra", "1"), Map.of());
        assertEquals(256, s.frames());
        assertEquals(0.9, s.limiter());
        assertEquals("device", s.sink());
        assertEquals(List.of(
                "dev.doitlive.audio.cfg: sink = speakers is no sink: give device (or device:NAME), wav, discard or off; sink stays device",
                "dev.doitlive.audio.cfg: frames = 12 is out of range: give 16 to 8192; frames stays 256",
                "dev.doitlive.audio.cfg: limiter = loud is not a number; limiter stays 0.9",
                "dev.doitlive.audio.cfg: crosfade is no setting; it is ignored (did you mean crossfade?)",
                "dev.doitlive.audio.cfg: sink.extra is no setting; it is ignored (the settings: sink, sampleRate, frames, buffers,"
                        + " channels, crossfade, limiter, wav, wavMaxSeconds)"), problems);
    }

    @Test
    void aSinkInCapitalsIsToldToBeWrittenInLowerCase() {
        check(Map.of("felix.fileinstall.filename", "file:/x/dev.doitlive.audio.cfg", "sink", "Wav"), Map.of());
        assertEquals(List.of("dev.doitlive.audio.cfg: sink = Wav is no sink: sinks are written in lower case (wav); sink stays device"),
                problems);
    }

    @Test
    void aFrameworkPropertyWinsOverTheFileAndADeviceMayBeNamed() {
        AudioSettings s = check(Map.of("sink", "device:USB", "frames", "512"), Map.of("doitlive.audio.frames", "128"));
        assertEquals("device", s.sink());
        assertEquals("USB", s.device());
        assertEquals(128, s.frames());
        AudioSettings off = check(Map.of("sink", "device"), Map.of("doitlive.audio.sink", "off"));
        assertEquals("off", off.sink());
        assertFalse(off.restarts(off));
        assertTrue(off.restarts(s));
    }

    @Test
    void aHugeWholeNumberIsOutOfRangeAndOneChannelIsSaidSo() {
        AudioSettings s = check(Map.of("felix.fileinstall.filename", "file:/x/dev.doitlive.audio.cfg", "sampleRate", "99999999999999999999",
                "channels", "1"), Map.of());
        assertEquals(List.of("dev.doitlive.audio.cfg: sampleRate = 99999999999999999999 is out of range: give 8000 to 192000; sampleRate stays 48000"),
                problems);
        assertTrue(s.toString().contains(", 1 channel, "), s.toString());
    }

    @Test
    void aBadFrameworkPropertyLeavesTheFilesValueInUse() {
        AudioSettings s = check(Map.of("felix.fileinstall.filename", "file:/x/dev.doitlive.audio.cfg", "frames", "64"),
                Map.of("doitlive.audio.frames", "bogus"));
        assertEquals(64, s.frames());
        assertEquals(List.of("framework property doitlive.audio.frames = bogus is not a whole number; the file's frames = 64 is used instead"),
                problems);
    }

    @Test
    void aWavFileInAFolderThatDoesNotExistIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        AudioSettings s = check(Map.of("felix.fileinstall.filename", "file:/x/dev.doitlive.audio.cfg", "wav", tmp + "/nonexistent/dir/x.wav"),
                Map.of());
        assertEquals(AudioSettings.DEFAULTS.wav(), s.wav());
        assertEquals(List.of("dev.doitlive.audio.cfg: wav = " + tmp + "/nonexistent/dir/x.wav is in no folder: " + tmp + "/nonexistent/dir"
                + " does not exist (make it first); wav stays " + AudioSettings.DEFAULTS.wav()), problems);
        assertFalse(java.nio.file.Files.exists(tmp.resolve("nonexistent")), "no folder made");
        assertEquals(tmp.resolve("y.wav"), check(Map.of("wav", tmp + "/y.wav"), Map.of()).wav());
    }

    @Test
    void bytesThatAreNotPrintableAreEscapedInTheLine() {
        check(Map.of("felix.fileinstall.filename", "file:/x/dev.doitlive.audio.cfg", "frames", "1\u001b[2J\u0007"), Map.of());
        assertEquals(List.of("dev.doitlive.audio.cfg: frames = 1\\u001b[2J\\u0007 is not a whole number; frames stays 256"), problems);
    }
}
