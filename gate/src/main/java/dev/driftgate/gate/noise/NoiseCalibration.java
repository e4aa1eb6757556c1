package dev.driftgate.gate.noise;

import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.stats.Normal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The noise floor and minimum detectable effect per category, measured from R >= 2 reruns of the same
 * model on the same golden set (cache off, judge at its configured temperature), stored with the
 * baseline ({@code driftgate calibrate}) and read by the noise-aware gate.
 *
 * <p>Why reruns and not the bootstrap alone: the paired bootstrap resamples examples but treats each
 * verdict as exact; the rerun-to-rerun spread of the same example is the judge's own noise, which the
 * bootstrap cannot see when it looks at one run of each side.
 *
 * <p>Assumptions: examples are independent; the rerun noise of the candidate is like the baseline's;
 * the category mean of n examples is near normal (n of 8 or more is fine for means of bounded scores).
 *
 * @param model          model the reruns evaluated
 * @param datasetVersion golden set version
 * @param reruns         R
 * @param confidence     1 - the family-wise false-block rate the floor is set for
 * @param power          power the MDE is computed for
 * @param categories     per category
 */
public record NoiseCalibration(String model, String datasetVersion, int reruns, double confidence, double power,
                               Map<String, CategoryNoise> categories) {

    public NoiseCalibration {
        categories = Map.copyOf(categories);
    }

    /** Measures R reruns (same dataset, same model). */
    public static NoiseCalibration measure(List<EvalRun> runs, double confidence, double power) {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("calibration needs at least 2 reruns, got " + runs.size());
        }
        Map<String, Map<String, List<Double>>> byCategory = new TreeMap<>();
        for (EvalRun run : runs) {
            for (ExampleResult e : run.examples()) {
                if (!e.failed()) {
                    byCategory.computeIfAbsent(e.category(), c -> new HashMap<>())
                            .computeIfAbsent(e.id(), id -> new ArrayList<>()).add(e.composite());
                }
            }
        }
        int k = Math.max(1, byCategory.size());
        double z = Normal.quantile(1 - (1 - confidence) / k);
        double zPower = Normal.quantile(power);
        Map<String, CategoryNoise> out = new TreeMap<>();
        for (Map.Entry<String, Map<String, List<Double>>> c : byCategory.entrySet()) {
            double varSum = 0;
            int n = 0;
            for (List<Double> scores : c.getValue().values()) {
                if (scores.size() == runs.size()) { // scored in every rerun
                    varSum += variance(scores);
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            double rerunVar = varSum / n;
            double se = Math.sqrt(2 * rerunVar / n);
            out.put(c.getKey(), new CategoryNoise(n, Math.sqrt(rerunVar), se, z * se, (z + zPower) * se));
        }
        EvalRun first = runs.get(0);
        return new NoiseCalibration(first.model(), first.datasetVersion(), runs.size(), confidence, power, out);
    }

    /**
     * The drop beyond which the noise-aware gate blocks (besides the bootstrap interval lying below 0):
     * the larger of the noise floor and regressionDelta - z_power · se. Below the floor a drop is what
     * reruns of the same model produce; the second term keeps the tolerance meaningful when the floor is
     * tiny (many examples): a drop much smaller than regression_alert_delta does not block, yet a true
     * drop of regression_alert_delta is still caught with the configured power. Blocking only above the
     * MDE itself would catch a drop of exactly the MDE half the time, not with the configured power.
     */
    public double blockAbove(String category, double regressionDelta) {
        CategoryNoise c = categories.get(category);
        double zPower = Normal.quantile(power);
        return Math.max(c.noiseFloor(), regressionDelta - zPower * c.deltaSe());
    }

    /** Sample variance (n - 1). */
    private static double variance(List<Double> xs) {
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        return ss / (xs.size() - 1);
    }
}
