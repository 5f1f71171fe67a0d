package dev.doitlive.audio;

/**
 * A service whose property {@value #PROPERTY} says what the engine plays, for the launcher's banner (which sees no
 * bundle class and looks it up by the property alone).
 */
public final class Output {
    /** The service property: {@code wav /path/audio.wav, 48000 Hz, 256 frames (5.3 ms)}, {@code off (sink = off)}... */
    public static final String PROPERTY = "doitlive.audio.output";
}
