package dev.driftgate.flink.shadow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Accumulates the evals of one window. Deltas are kept whole because exact percentiles need them;
 * a 5-minute window of a 5% sample is small.
 */
public final class WindowStats {
    public int n;
    public int judgeFailures;
    public double sumProd;
    public double sumShadow;
    public List<Double> deltas = new ArrayList<>();

    public void add(double prod, double shadow, boolean judgeFailed) {
        n++;
        if (judgeFailed || Double.isNaN(prod) || Double.isNaN(shadow)) {
            judgeFailures++;
            return;
        }
        sumProd += prod;
        sumShadow += shadow;
        deltas.add(shadow - prod);
    }

    public WindowStats merge(WindowStats o) {
        n += o.n;
        judgeFailures += o.judgeFailures;
        sumProd += o.sumProd;
        sumShadow += o.sumShadow;
        deltas.addAll(o.deltas);
        return this;
    }

    public DriftWindow toWindow(String model, String category, long start, long end) {
        int scored = deltas.size();
        double[] sorted = deltas.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new DriftWindow(model, category, start, end, n,
                scored == 0 ? Double.NaN : sumProd / scored,
                scored == 0 ? Double.NaN : sumShadow / scored,
                scored == 0 ? Double.NaN : Arrays.stream(sorted).sum() / scored,
                percentile(sorted, 0.10), percentile(sorted, 0.50), percentile(sorted, 0.90),
                n == 0 ? 0.0 : (double) judgeFailures / n, sd(sorted));
    }

    /** Sample standard deviation, NaN below two values (two passes: the deltas are few and exactness is cheap). */
    static double sd(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double mean = Arrays.stream(values).sum() / values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    /** Linear interpolation between closest ranks (numpy's default), NaN for no data. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
