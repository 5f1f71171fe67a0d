package dev.doitlive.beat.onset;

import java.util.Arrays;

/**
 * The tempo and the beats of an onset envelope ({@link SpectralFlux}), in two steps:
 * <ol>
 * <li>the period: the autocorrelation of the envelope (its local mean taken off, so only the peaks count) over the lags
 * of {@value #LOWEST_BPM} to {@value #HIGHEST_BPM} bpm; of the lags that correlate almost as well as the best one (a
 * click track correlates as well at two or three beats as at one), the shortest, i.e. the fastest tempo;</li>
 * <li>the grid: the envelope's peak near each beat the period predicts, placed between hops by a parabola, and a
 * least-squares line through them (beat number against time), again from the line's own predictions until it holds
 * still. Its slope is the tempo, to a small fraction of a bpm, where the period alone is good to a hop (2% at 120
 * bpm).</li>
 * </ol>
 * No steady beat (silence, noise, a lone chord) is said as such rather than guessed.
 */
public final class TempoEstimator {
    /** The slowest tempo looked for. */
    public static final double LOWEST_BPM = 40;
    /** The fastest. */
    public static final double HIGHEST_BPM = 220;
    /** The autocorrelation at the beat, as a share of the envelope's variance, under which there is no steady beat. */
    static final double STEADY = 0.2;
    /** A lag this close to the best one's correlation is as good a beat (the shortest of those wins). */
    static final double AS_GOOD = 0.8;
    /** Envelope values below this over the whole window: silence. */
    static final double SILENT = 1e-3;
    /** Beats the grid needs. */
    static final int FEWEST_BEATS = 4;

    private TempoEstimator() {
    }

    /**
     * The beat grid found, or why there is none.
     *
     * @param bpm         the tempo
     * @param beatSeconds the time of the last beat of the window (seconds, in the envelope's timeline)
     * @param beats       the beats the grid was fitted to
     * @param steadiness  the autocorrelation at the beat (1: every beat alike; under {@value #STEADY}: no beat)
     * @param problem     null, or why there is no grid ({@code silent}, {@code no steady beat}...)
     */
    public record Estimate(double bpm, double beatSeconds, int beats, double steadiness, String problem) {
        static Estimate none(String why, double steadiness) {
            return new Estimate(Double.NaN, Double.NaN, 0, steadiness, why);
        }

        public boolean found() {
            return problem == null;
        }
    }

    /**
     * @param flux       the envelope, values {@code 0..count-1}
     * @param hopSeconds the time between two values
     * @param firstTime  the time of value 0 (see {@link SpectralFlux#timeOf})
     */
    public static Estimate estimate(double[] flux, int count, double hopSeconds, double firstTime) {
        double peak = 0;
        for (int i = 0; i < count; i++) {
            peak = Math.max(peak, flux[i]);
        }
        if (peak < SILENT) {
            return Estimate.none("silent", 0);
        }
        double[] o = peaks(flux, count, (int) Math.round(0.1 / hopSeconds));
        int shortest = Math.max(2, (int) Math.floor(60 / HIGHEST_BPM / hopSeconds));
        int longest = Math.min((int) Math.ceil(60 / LOWEST_BPM / hopSeconds), count / FEWEST_BEATS);
        if (longest <= shortest + 2) {
            return Estimate.none("too short to hold " + FEWEST_BEATS + " beats", 0);
        }
        double[] r = autocorrelation(o, count, shortest - 1, longest + 1);
        if (r == null) {
            return Estimate.none("no onsets", 0);
        }
        int best = -1;
        for (int lag = shortest; lag <= longest; lag++) {
            if (isPeak(r, lag) && (best < 0 || r[lag] > r[best])) {
                best = lag;
            }
        }
        if (best < 0 || r[best] < STEADY) {
            return Estimate.none("no steady beat", best < 0 ? 0 : r[best]);
        }
        int beat = best;
        for (int lag = shortest; lag < best; lag++) {
            if (isPeak(r, lag) && r[lag] >= AS_GOOD * r[best]) {
                beat = lag;
                break;
            }
        }
        double period = beat + vertex(r[beat - 1], r[beat], r[beat + 1]);
        return grid(o, count, period, hopSeconds, firstTime, r[beat]);
    }

    /** The envelope minus its local mean (over ±{@code half} values), negatives cut: its peaks. */
    private static double[] peaks(double[] flux, int count, int half) {
        double[] o = new double[count];
        double sum = 0;
        int lo = 0;
        int hi = -1;
        for (int i = 0; i < count; i++) {
            while (hi < Math.min(count - 1, i + half)) {
                sum += flux[++hi];
            }
            while (lo < i - half) {
                sum -= flux[lo++];
            }
            o[i] = Math.max(0, flux[i] - sum / (hi - lo + 1));
        }
        return o;
    }

    /** Normalised autocorrelation of {@code o} (mean taken off) at lags {@code from..to}; null for a flat envelope. */
    private static double[] autocorrelation(double[] o, int count, int from, int to) {
        double mean = 0;
        for (int i = 0; i < count; i++) {
            mean += o[i];
        }
        mean /= count;
        double[] c = new double[count];
        double variance = 0;
        for (int i = 0; i < count; i++) {
            c[i] = o[i] - mean;
            variance += c[i] * c[i];
        }
        variance /= count;
        if (variance <= 0) {
            return null;
        }
        double[] r = new double[to + 1];
        for (int lag = from; lag <= to; lag++) {
            double s = 0;
            for (int i = 0; i + lag < count; i++) {
                s += c[i] * c[i + lag];
            }
            r[lag] = s / (count - lag) / variance; // unbiased: a lag of three beats counts as much as one
        }
        return r;
    }

    private static boolean isPeak(double[] r, int lag) {
        return r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1] && r[lag] > 0;
    }

    /** The offset of a parabola's vertex through three equally spaced values, from the middle one (-0.5 to 0.5). */
    private static double vertex(double left, double middle, double right) {
        double curve = left - 2 * middle + right;
        return curve >= 0 ? 0 : Math.max(-0.5, Math.min(0.5, 0.5 * (left - right) / curve));
    }

    /** Fits the beat grid at about {@code period} hops to the envelope's peaks. */
    private static Estimate grid(double[] o, int count, double period, double hopSeconds, double firstTime, double steadiness) {
        double phase = phase(o, count, period);
        double[] k = new double[count];
        double[] at = new double[count];
        double[] w = new double[count];
        int beats = 0;
        double lastBeat = 0;
        for (int round = 0; round < 8; round++) {
            int first = (int) Math.ceil((-phase - period / 4) / period);
            int last = (int) Math.floor((count - 1 - phase + period / 4) / period);
            double[] height = new double[Math.max(0, last - first + 1)];
            int[] where = new int[height.length];
            for (int b = first; b <= last; b++) {
                double centre = phase + b * period;
                int lo = Math.max(1, (int) Math.ceil(centre - period / 4));
                int hi = Math.min(count - 2, (int) Math.floor(centre + period / 4));
                int top = -1;
                for (int i = lo; i <= hi; i++) {
                    if (top < 0 || o[i] > o[top]) {
                        top = i;
                    }
                }
                where[b - first] = top;
                height[b - first] = top < 0 ? 0 : o[top];
            }
            double[] sorted = height.clone();
            Arrays.sort(sorted);
            double floor = sorted.length == 0 ? 0 : 0.3 * sorted[(int) (0.9 * (sorted.length - 1))];
            beats = 0;
            for (int b = first; b <= last; b++) {
                int top = where[b - first];
                if (top >= 0 && o[top] > 0 && o[top] >= floor) {
                    k[beats] = b;
                    at[beats] = top + vertex(o[top - 1], o[top], o[top + 1]);
                    w[beats] = o[top];
                    beats++;
                }
            }
            if (beats < FEWEST_BEATS) {
                return Estimate.none("too few beats (" + beats + ")", steadiness);
            }
            double[] line = fit(k, at, w, beats);
            boolean still = Math.abs(line[1] - period) < 1e-4 && Math.abs(line[0] - phase) < 1e-3;
            phase = line[0];
            period = line[1];
            lastBeat = k[beats - 1];
            if (still) {
                break;
            }
        }
        double bpm = 60 / (period * hopSeconds);
        if (!(bpm >= LOWEST_BPM * 0.95 && bpm <= HIGHEST_BPM * 1.05)) {
            return Estimate.none("no steady beat", steadiness);
        }
        return new Estimate(bpm, firstTime + (phase + lastBeat * period) * hopSeconds, beats, steadiness, null);
    }

    /** The offset (in hops, 0 to the period) at which beats every {@code period} hops fall on the most envelope. */
    private static double phase(double[] o, int count, double period) {
        double best = 0;
        double bestSum = -1;
        for (double p = 0; p < period; p += 0.25) {
            double sum = 0;
            for (double t = p; t < count - 1; t += period) {
                int i = (int) t;
                double f = t - i;
                sum += o[i] * (1 - f) + o[i + 1] * f;
            }
            if (sum > bestSum) {
                bestSum = sum;
                best = p;
            }
        }
        return best;
    }

    /** Weighted least squares of {@code at = phase + period * k}: {phase, period}. */
    private static double[] fit(double[] k, double[] at, double[] w, int n) {
        double sw = 0;
        double sk = 0;
        double st = 0;
        for (int i = 0; i < n; i++) {
            sw += w[i];
            sk += w[i] * k[i];
            st += w[i] * at[i];
        }
        double mk = sk / sw;
        double mt = st / sw;
        double skk = 0;
        double skt = 0;
        for (int i = 0; i < n; i++) {
            skk += w[i] * (k[i] - mk) * (k[i] - mk);
            skt += w[i] * (k[i] - mk) * (at[i] - mt);
        }
        double period = skt / skk;
        return new double[] {mt - period * mk, period};
    }
}
