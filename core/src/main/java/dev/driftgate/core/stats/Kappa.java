package dev.driftgate.core.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Cohen's kappa between two raters over the same items, each rating one of {@code levels} ordered
 * categories 0..levels-1: 1 - (observed weighted disagreement) / (disagreement expected by chance from
 * the two raters' own marginals). Quadratic weights (i - j)² suit ordinal scores (a 0.75 against a 1.0
 * is a smaller miss than a 0 against a 1.0); unweighted suits nominal ones (A / B / tie). The interval is
 * a percentile bootstrap over items (seeded, so the same labels give the same interval).
 */
public final class Kappa {
    /** Kappa with its bootstrap 95% interval (NaN when undefined, e.g. both raters constant). */
    public record Estimate(int n, double kappa, double low, double high) {
    }

    private Kappa() {
    }

    public static double of(int[] a, int[] b, int levels, boolean quadratic) {
        if (a.length != b.length || a.length == 0) {
            return Double.NaN;
        }
        int n = a.length;
        double[][] observed = new double[levels][levels];
        double[] rowSum = new double[levels];
        double[] colSum = new double[levels];
        for (int i = 0; i < n; i++) {
            observed[a[i]][b[i]]++;
            rowSum[a[i]]++;
            colSum[b[i]]++;
        }
        double obs = 0;
        double exp = 0;
        for (int i = 0; i < levels; i++) {
            for (int j = 0; j < levels; j++) {
                double w = quadratic ? Math.pow(i - j, 2) / Math.pow(Math.max(1, levels - 1), 2) : (i == j ? 0 : 1);
                obs += w * observed[i][j] / n;
                exp += w * rowSum[i] * colSum[j] / ((double) n * n);
            }
        }
        return exp == 0 ? Double.NaN : 1 - obs / exp;
    }

    public static Estimate withInterval(int[] a, int[] b, int levels, boolean quadratic, int resamples, long seed) {
        double k = of(a, b, levels, quadratic);
        int n = a.length;
        double[] boot = new double[resamples];
        SplittableRandom r = new SplittableRandom(seed);
        int[] ra = new int[n];
        int[] rb = new int[n];
        int defined = 0;
        for (int s = 0; s < resamples; s++) {
            for (int i = 0; i < n; i++) {
                int pick = r.nextInt(n);
                ra[i] = a[pick];
                rb[i] = b[pick];
            }
            double v = of(ra, rb, levels, quadratic);
            if (!Double.isNaN(v)) {
                boot[defined++] = v;
            }
        }
        if (defined == 0) {
            return new Estimate(n, k, Double.NaN, Double.NaN);
        }
        double[] sorted = Arrays.copyOf(boot, defined);
        Arrays.sort(sorted);
        return new Estimate(n, k, sorted[(int) Math.floor(0.025 * (defined - 1))],
                sorted[(int) Math.ceil(0.975 * (defined - 1))]);
    }
}
