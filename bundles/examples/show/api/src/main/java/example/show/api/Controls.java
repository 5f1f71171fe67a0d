package example.show.api;

/**
 * The knobs of the show, the same for every pattern; each pattern reads them its own way.
 *
 * @param hue   the base colour on the colour wheel: 0 red, 1/3 green, 2/3 blue, wrapping around at 1
 * @param speed how fast things move, in cycles per second (a wave's crests, a bounce's trips, strobe flashes)
 * @param size  how big things are, as a fraction of the strip, 0 to 1 (a wavelength, a block, a flash's length)
 * @param beat  the music's beat: its whole part is the beat's number, its fraction how far into that beat (0 on the
 *              beat), counted so that a bar starts on every multiple of {@code bar}; from the beat kit's clock, or 2
 *              beats a second without one
 * @param bar   beats in a bar (4 unless the clock says otherwise)
 */
public record Controls(double hue, double speed, double size, double beat, int bar) {
    /** Blue, half a cycle per second, a quarter of the strip, on the first beat of four. */
    public static final Controls DEFAULT = new Controls(0.6, 0.5, 0.25, 0, 4);

    /** Knobs on the first beat of four (as patterns' tests give them). */
    public Controls(double hue, double speed, double size) {
        this(hue, speed, size, 0, 4);
    }

    /** How far into the current beat, 0 (on the beat) to just below 1. */
    public double beatPhase() {
        return beat - Math.floor(beat);
    }

    /** How far into the current bar, 0 (its first beat) to just below 1. */
    public double barPhase() {
        double bars = beat / bar;
        return bars - Math.floor(bars);
    }

    /** Whether these are the given knobs: lets a caller keep one instance while its knobs (not the beat) stay put. */
    public boolean is(double hue, double speed, double size) {
        return this.hue == hue && this.speed == speed && this.size == size;
    }
}
