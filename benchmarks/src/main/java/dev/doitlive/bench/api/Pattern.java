package dev.doitlive.bench.api;

/** The proxy-cost workloads, from trivial to a realistic frame of a light show. */
public interface Pattern {
    /** Trivial: {@code t + x}. */
    double add(double t, double x);

    /** Realistic small call: {@code Math.sin(t * x) + x}. */
    double sin(double t, double x);

    /** Returns an object (preallocated: measures the call, not an allocation). */
    Object pick(double t);

    /** Realistic call: renders one frame of {@code rgb.length} (150) pixels at {@code t} seconds. */
    void frame(double t, int[] rgb);
}
