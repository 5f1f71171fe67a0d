package dev.doitlive.audio.render;

/**
 * The beat the blocks see: continuous from one buffer to the next (a sequencer counting steps across buffers never sees
 * a step twice or misses one), following the beat clock. Each buffer goes on from the last at the clock's tempo and
 * takes a twentieth of its distance to the clock's beat, never moving back nor more than a tenth of a buffer's
 * beats; a distance beyond a quarter beat (a downbeat, a tap, a clock that came) is a jump to the clock's beat.
 * Without a clock: 120 beats a minute counted from the sample clock. Audio thread only.
 */
final class BeatFollower {
    static final double NO_CLOCK_BPM = 120;
    private static final double JUMP = 0.25;
    private static final double PULL = 0.05;
    private static final double MOST = 0.1;

    private final float sampleRate;
    private boolean started;
    private double beat;
    private double perFrame;

    BeatFollower(float sampleRate) {
        this.sampleRate = sampleRate;
    }

    /**
     * The beat of the next buffer's first frame.
     *
     * @param clockBeat the clock's beat when that frame is heard; NaN without a clock
     * @param bpm       the clock's tempo (ignored without one)
     * @param frame     the sample clock at that frame
     */
    double next(double clockBeat, double bpm, long frame, int frames) {
        if (Double.isNaN(clockBeat)) {
            perFrame = NO_CLOCK_BPM / 60 / sampleRate;
            beat = frame * perFrame;
            started = false; // a clock that comes is a jump to its beat
            return beat;
        }
        double advance = frames * perFrame;
        double predicted = beat + advance;
        perFrame = bpm / 60 / sampleRate;
        double error = clockBeat - predicted;
        if (!started || Math.abs(error) > JUMP) {
            beat = clockBeat;
            started = true;
        } else {
            double most = MOST * frames * perFrame;
            beat = predicted + Math.max(-Math.min(most, advance), Math.min(most, error * PULL));
        }
        return beat;
    }

    /** How far the beat moves per frame in the buffer {@link #next} gave. */
    double perFrame() {
        return perFrame;
    }
}
