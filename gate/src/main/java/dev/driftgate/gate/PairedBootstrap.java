package dev.driftgate.gate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Paired, stratified percentile bootstrap of score deltas (Efron and Tibshirani, "An Introduction to
 * the Bootstrap", 1993, ch. 13). Each resample draws, within every category, as many shared example
 * ids as the category has, with replacement, and averages their per-example deltas; the overall
 * delta of that resample is the category deltas weighted by the configured category weights. The
 * 2.5th and 97.5th percentiles of the resampled deltas give the 95% interval.
 *
 * <p>Deterministic for a given seed and input (categories are processed in the order given, which
 * {@link RunPairing} sorts by name). Works on primitive arrays with one {@link SplittableRandom}:
 * 10,000 resamples over ~200 examples is about two million draws.
 */
public final class PairedBootstrap {
    private static final double ALPHA = 0.05;

    private final int resamples;
    private final long seed;

    public PairedBootstrap(int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, was " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /** Intervals per category (only categories with at least one pair) and for the weighted overall. */
    public record Result(Map<String, Interval> categories, Interval overall) {
    }

    public Result run(List<PairedCategory> categories, ToDoubleFunction<String> weightOf) {
        List<PairedCategory> usable = categories.stream().filter(c -> c.size() > 0).toList();
        int k = usable.size();
        double[][] deltas = new double[k][];
        double[] weights = new double[k];
        double weightSum = 0;
        for (int c = 0; c < k; c++) {
            deltas[c] = usable.get(c).deltas();
            weights[c] = weightOf.applyAsDouble(usable.get(c).category());
            weightSum += weights[c];
        }
        double[][] categoryMeans = new double[k][resamples];
        double[] overall = new double[resamples];
        SplittableRandom random = new SplittableRandom(seed);
        for (int b = 0; b < resamples; b++) {
            double weighted = 0;
            for (int c = 0; c < k; c++) {
                double[] d = deltas[c];
                int n = d.length;
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += d[random.nextInt(n)];
                }
                double mean = sum / n;
                categoryMeans[c][b] = mean;
                weighted += weights[c] * mean;
            }
            overall[b] = weightSum > 0 ? weighted / weightSum : Double.NaN;
        }
        Map<String, Interval> out = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            out.put(usable.get(c).category(), percentileInterval(categoryMeans[c]));
        }
        Interval overallInterval = k == 0 || weightSum <= 0 ? null : percentileInterval(overall);
        return new Result(out, overallInterval);
    }

    private static Interval percentileInterval(double[] samples) {
        Arrays.sort(samples);
        return new Interval(percentile(samples, ALPHA / 2), percentile(samples, 1 - ALPHA / 2));
    }

    /** Linear interpolation between closest ranks (the default of numpy.percentile and R type 7). */
    static double percentile(double[] sorted, double p) {
        double rank = p * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
