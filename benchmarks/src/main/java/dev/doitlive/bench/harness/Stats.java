package dev.doitlive.bench.harness;

import java.util.Arrays;
import java.util.Locale;

/** Order statistics of a sample of durations in nanoseconds; percentiles by nearest rank (p99 of 50 is the worst). */
public final class Stats {
    private final long[] sorted;

    public Stats(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    public int n() {
        return sorted.length;
    }

    /** The value at rank ceil(q * n), q in (0, 1]. */
    public long quantile(double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public long median() {
        return quantile(0.5);
    }

    public long p90() {
        return quantile(0.9);
    }

    public long p99() {
        return quantile(0.99);
    }

    public long min() {
        return sorted[0];
    }

    public long max() {
        return sorted[sorted.length - 1];
    }

    /** "median 41.2 ms (min 30.1, p90 52.0, p99 60.3, worst 60.3; n=50)". */
    public String summary() {
        return "median " + ms(median()) + " (min " + num(min()) + ", p90 " + num(p90()) + ", p99 " + num(p99()) + ", worst "
                + num(max()) + "; n=" + n() + ")";
    }

    /** The same in microseconds, for short spans: "median 120 µs (p90 180 µs, p99 2100 µs, worst 3400 µs; n=100)". */
    public String summaryUs() {
        return "median " + us(median()) + " (p90 " + us(p90()) + ", p99 " + us(p99()) + ", worst " + us(max()) + "; n=" + n() + ")";
    }

    /** Milliseconds with a unit, one decimal below 100 ms. */
    public static String ms(long nanos) {
        return num(nanos) + " ms";
    }

    /** Milliseconds without a unit. */
    public static String num(long nanos) {
        double ms = nanos / 1e6;
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%.0f", ms);
        }
        if (ms >= 1) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    /** Microseconds with a unit, for short pauses. */
    public static String us(long nanos) {
        return nanos >= 10_000_000 ? ms(nanos) : String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }
}
