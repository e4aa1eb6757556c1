package dev.driftgate.gate;

import dev.driftgate.core.config.ScorerConfig;
import java.util.Map;

/**
 * The gate's rules, taken from config/scorer_config.yaml (thresholds.*, gate.*, category_weights).
 *
 * @param overallMin           thresholds.overall: the current run's overall must reach this
 * @param perCategoryMin       thresholds.per_category_min: every category of the current run must reach this
 * @param regressionDelta      thresholds.regression_alert_delta: a category may drop at most this much
 * @param requireSignificance  gate.require_significance: only drops whose 95% CI excludes zero block
 * @param bootstrapResamples   gate.bootstrap_resamples
 * @param bootstrapSeed        gate.bootstrap_seed
 * @param categoryWeights      category_weights, for the overall delta
 * @param noiseAware           gate.noise_aware: with a calibration, a drop blocks only beyond the noise floor
 */
public record GatePolicy(
        double overallMin,
        double perCategoryMin,
        double regressionDelta,
        boolean requireSignificance,
        int bootstrapResamples,
        long bootstrapSeed,
        Map<String, Double> categoryWeights,
        boolean noiseAware) {

    /** A policy without noise awareness. */
    public GatePolicy(double overallMin, double perCategoryMin, double regressionDelta, boolean requireSignificance,
                      int bootstrapResamples, long bootstrapSeed, Map<String, Double> categoryWeights) {
        this(overallMin, perCategoryMin, regressionDelta, requireSignificance, bootstrapResamples, bootstrapSeed,
                categoryWeights, false);
    }

    /**
     * Scores are means of doubles: a drop of exactly the configured delta must not block because
     * 0.85 - 0.80 is 0.04999999999999993 in binary. Comparisons allow this much slack.
     */
    public static final double EPSILON = 1e-9;

    public GatePolicy {
        if (bootstrapResamples < 0) {
            throw new IllegalArgumentException("gate.bootstrap_resamples must be >= 0, was " + bootstrapResamples);
        }
        categoryWeights = Map.copyOf(categoryWeights);
    }

    public static GatePolicy from(ScorerConfig scorer) {
        ScorerConfig.Thresholds t = scorer.thresholds();
        ScorerConfig.GateSettings g = scorer.gate();
        return new GatePolicy(t.overall(), t.perCategoryMin(), t.regressionAlertDelta(),
                g.requireSignificance(), g.bootstrapResamples(), g.bootstrapSeed(), scorer.categoryWeights(),
                g.noiseAware());
    }

    public GatePolicy withRequireSignificance(boolean require) {
        return new GatePolicy(overallMin, perCategoryMin, regressionDelta, require, bootstrapResamples,
                bootstrapSeed, categoryWeights, noiseAware);
    }

    public GatePolicy withNoiseAware(boolean on) {
        return new GatePolicy(overallMin, perCategoryMin, regressionDelta, requireSignificance, bootstrapResamples,
                bootstrapSeed, categoryWeights, on);
    }

    /** Weight of a category for the overall delta; categories without a configured weight count 0. */
    public double weightOf(String category) {
        return categoryWeights.getOrDefault(category, 0.0);
    }
}
