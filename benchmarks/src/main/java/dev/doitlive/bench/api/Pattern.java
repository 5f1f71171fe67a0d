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

    /** The tightest loop a pattern has: the sum of {@code rgb.length} (150) pixels, one add a turn. */
    int sum(int[] rgb);

    /** {@code n} (1000) turns of a loop whose every turn needs the last one's result (xorshift): no folding. */
    long mix(int n);
}
