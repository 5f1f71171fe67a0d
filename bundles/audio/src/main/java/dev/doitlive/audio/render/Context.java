package dev.doitlive.audio.render;

import dev.doitlive.api.audio.AudioBuffer;
import dev.doitlive.api.audio.AudioContext;

/**
 * The engine's {@link AudioContext}: one object for every block and buffer, its fields set by the {@link Player}
 * before each buffer and each block. Audio thread only.
 */
final class Context implements AudioContext {
    private final float sampleRate;
    private final int frames;
    private long frame;
    private double beat;
    private double beatsPerFrame;
    private int beatsPerBar = 4;
    private AudioBuffer[] inputs = new AudioBuffer[0];

    private final int[] keys = new int[Notes.CAPACITY];
    private final float[] velocities = new float[Notes.CAPACITY];
    private final int[] channels = new int[Notes.CAPACITY];
    private int notes;
    private float bend;

    Context(float sampleRate, int frames) {
        this.sampleRate = sampleRate;
        this.frames = frames;
    }

    void buffer(long frame, double beat, double beatsPerFrame, int beatsPerBar, float bend) {
        this.frame = frame;
        this.beat = beat;
        this.beatsPerFrame = beatsPerFrame;
        this.beatsPerBar = beatsPerBar;
        this.bend = bend;
    }

    void inputs(AudioBuffer[] inputs) {
        this.inputs = inputs;
    }

    void clearNotes() {
        notes = 0;
    }

    void addNote(int channel, int key, int velocity) {
        keys[notes] = key;
        velocities[notes] = velocity / 127f;
        channels[notes] = channel;
        notes++;
    }

    @Override
    public float sampleRate() {
        return sampleRate;
    }

    @Override
    public int frames() {
        return frames;
    }

    @Override
    public long frame() {
        return frame;
    }

    @Override
    public double beat() {
        return beat;
    }

    @Override
    public double beatsPerFrame() {
        return beatsPerFrame;
    }

    @Override
    public int beatsPerBar() {
        return beatsPerBar;
    }

    @Override
    public int inputs() {
        return inputs.length;
    }

    @Override
    public AudioBuffer input(int i) {
        return inputs[i];
    }

    @Override
    public int notes() {
        return notes;
    }

    @Override
    public int noteKey(int i) {
        check(i);
        return keys[i];
    }

    @Override
    public float noteVelocity(int i) {
        check(i);
        return velocities[i];
    }

    @Override
    public int noteChannel(int i) {
        check(i);
        return channels[i];
    }

    private void check(int i) {
        if (i < 0 || i >= notes) {
            throw new IndexOutOfBoundsException("note " + i + " of " + notes);
        }
    }

    @Override
    public float bend() {
        return bend;
    }
}
