package example.show.api;

/**
 * The knobs of the show, the same for every pattern; each pattern reads them its own way.
 *
 * @param hue   the base colour on the colour wheel: 0 red, 1/3 green, 2/3 blue, wrapping around at 1
 * @param speed how fast things move, in cycles per second (a wave's crests, a bounce's trips, strobe flashes)
 * @param size  how big things are, as a fraction of the strip, 0 to 1 (a wavelength, a block, a flash's length)
 */
public record Controls(double hue, double speed, double size) {
    /** Blue, half a cycle per second, a quarter of the strip. */
    public static final Controls DEFAULT = new Controls(0.6, 0.5, 0.25);

    /** Whether these are the given values: lets a caller keep one instance while its knobs stay put. */
    public boolean is(double hue, double speed, double size) {
        return this.hue == hue && this.speed == speed && this.size == size;
    }
}
