package dev.doitlive.itest;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The engine asked for a sound device where there is none (this machine, CI): it plays at its pace into nowhere and
 * says why where the user reads it at the start, in the banner's audio line and {@code live:audio}, not in a line of its
 * own printed between the banner's lines.
 */
class AudioDeviceTest extends LiveTest {
    @Override
    Map<String, String> properties() {
        return Map.of("doitlive.audio.sink", "device");
    }

    @Test
    void noSoundDeviceAtTheStartIsSaidInTheEnginesOutputAndNotInALineOfItsOwn() {
        Await.until(() -> fw.shell("live:audio").contains("frames ("), WAIT,
                () -> "the engine started: " + fw.shell("live:audio"));
        String audio = fw.shell("live:audio");
        Assumptions.assumeTrue(audio.contains("no sound device"), "this machine has a sound device: " + audio);
        assertNull(stderr.find("audio: no sound device"), "said by the banner's audio line (the engine's output), not by a line of its own");
    }
}
