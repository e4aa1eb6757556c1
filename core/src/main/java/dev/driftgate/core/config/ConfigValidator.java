package dev.driftgate.core.config;

import dev.driftgate.core.config.ConfigLoader.Loaded;
import dev.driftgate.core.text.Names;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Semantic checks across the four config files, after their types have been checked. */
final class ConfigValidator {
    static final double WEIGHT_TOLERANCE = 1e-9;
    private static final Set<String> JUDGE_MODES = Set.of("pointwise", "pairwise");

    private final Loaded<DatasetConfig> dataset;
    private final Loaded<ScorerConfig> scorer;
    private final Loaded<ModelVersionConfig> model;
    private final Loaded<ShadowConfig> shadow;

    ConfigValidator(Loaded<DatasetConfig> dataset, Loaded<ScorerConfig> scorer, Loaded<ModelVersionConfig> model,
                    Loaded<ShadowConfig> shadow) {
        this.dataset = dataset;
        this.scorer = scorer;
        this.model = model;
        this.shadow = shadow;
    }

    void validate() {
        validateDataset();
        validateScorer();
        validateModel();
        validateShadow();
    }

    private void validateDataset() {
        DatasetConfig d = dataset.value();
        if (d.categories() == null || d.categories().isEmpty()) {
            throw dataset.error("categories", "at least one category must be defined");
        }
        double sum = 0;
        for (Map.Entry<String, DatasetConfig.CategorySpec> e : d.categories().entrySet()) {
            String key = "categories." + e.getKey();
            if (e.getValue() == null) {
                throw dataset.error(key, "category has no settings");
            }
            if (e.getValue().minExamples() < 0) {
                throw dataset.error(key + ".min_examples", "must be >= 0, got " + e.getValue().minExamples());
            }
            unit(dataset, key + ".weight", e.getValue().weight());
            sum += e.getValue().weight();
        }
        sumsToOne(dataset, "categories", sum);
        if (d.limits().maxLineBytes() <= 0) {
            throw dataset.error("limits.max_line_bytes", "must be > 0");
        }
    }

    private void validateScorer() {
        ScorerConfig s = scorer.value();
        unit(scorer, "thresholds.overall", s.thresholds().overall());
        unit(scorer, "thresholds.per_category_min", s.thresholds().perCategoryMin());
        unit(scorer, "thresholds.regression_alert_delta", s.thresholds().regressionAlertDelta());
        ScorerConfig.MetricWeights w = s.metricWeights();
        unit(scorer, "metric_weights.bertscore", w.bertscore());
        unit(scorer, "metric_weights.rouge_l", w.rougeL());
        unit(scorer, "metric_weights.judge_score", w.judgeScore());
        sumsToOne(scorer, "metric_weights", w.bertscore() + w.rougeL() + w.judgeScore());
        if (s.bertscore().embeddingCacheMb() < 0) {
            throw scorer.error("bertscore.embedding_cache_mb", "must be >= 0 (0 turns the cache off)");
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : s.categoryWeights().entrySet()) {
            String key = "category_weights." + e.getKey();
            if (!dataset.value().categories().containsKey(e.getKey())) {
                throw scorer.error(key, "category '" + e.getKey() + "' is not defined in " + ConfigLoader.DATASET
                        + " (defined: " + String.join(", ", dataset.value().categories().keySet()) + ")");
            }
            if (e.getValue() == null) {
                throw scorer.error(key, "weight is missing");
            }
            unit(scorer, key, e.getValue());
            sum += e.getValue();
        }
        sumsToOne(scorer, "category_weights", sum);
        unit(scorer, "judge.temperature", s.judge().temperature() / 2); // temperatures go up to 2
        if (s.judge().samples() < 1 || s.judge().samples() > 20) {
            throw scorer.error("judge.samples", "must be within [1, 20], got " + s.judge().samples());
        }
        if (s.judge().maxRetries() < 0) {
            throw scorer.error("judge.max_retries", "must be >= 0");
        }
        if (s.inference().concurrency() < 1) {
            throw scorer.error("inference.concurrency", "must be >= 1");
        }
        unit(scorer, "inference.max_failed_fraction", s.inference().maxFailedFraction());
        if (s.gate().bootstrapResamples() < 100) {
            throw scorer.error("gate.bootstrap_resamples", "must be >= 100");
        }
        if (!(s.gate().confidence() >= 0.5 && s.gate().confidence() < 1)) {
            throw scorer.error("gate.confidence", "must be within [0.5, 1), got " + s.gate().confidence());
        }
        if (!(s.gate().power() >= 0.5 && s.gate().power() < 1)) {
            throw scorer.error("gate.power", "must be within [0.5, 1), got " + s.gate().power());
        }
        requireModelString(scorer, "judge.model", s.judge().model());
    }

    private void validateModel() {
        ModelVersionConfig m = model.value();
        requireModelString(model, "current_model", m.currentModel());
        requireModelString(model, "baseline_model", m.baselineModel());
        if (m.promptTemplateVersion() == null || m.promptTemplateVersion().isBlank()) {
            throw model.error("prompt_template_version", "must not be blank");
        }
    }

    private void validateShadow() {
        ShadowConfig s = shadow.value();
        if (!(s.shadowPct() >= 0 && s.shadowPct() <= 100)) {
            throw shadow.error("shadow_pct", "must be within [0, 100], got " + s.shadowPct());
        }
        if (!"hash".equals(s.routing())) {
            throw shadow.error("routing", "only 'hash' routing is supported, got '" + s.routing() + "'");
        }
        requireModelString(shadow, "candidate_model", s.candidateModel());
        if (s.overload() == null) {
            throw shadow.error("overload", "missing: add overload: {shed: false, target_lag_seconds: 30, "
                    + "adjust_every_seconds: 5, daily_budget_usd: 0}");
        }
        if (s.overload().targetLagSeconds() < 1) {
            throw shadow.error("overload.target_lag_seconds", "must be >= 1, got " + s.overload().targetLagSeconds());
        }
        if (s.overload().adjustEverySeconds() < 1) {
            throw shadow.error("overload.adjust_every_seconds", "must be >= 1, got "
                    + s.overload().adjustEverySeconds());
        }
        double budget = s.overload().dailyBudgetUsd();
        if (!(budget >= 0) || Double.isInfinite(budget)) {
            throw shadow.error("overload.daily_budget_usd", "must be a number >= 0 (0 = no budget), got " + budget);
        }
        if (budget > 0 && !(s.shadowPct() > 0)) {
            throw shadow.error("overload.daily_budget_usd", "needs shadow_pct > 0 (it lowers the share of the sampled "
                    + "events that are scored)");
        }
        if (s.overload().shed() && !(s.shadowPct() > 0)) {
            throw shadow.error("overload.shed", "needs shadow_pct > 0 (it sheds a share of the sampled events)");
        }
        if (s.retention().shadowDays() < 1) {
            throw shadow.error("retention.shadow_days", "must be at least 1, got " + s.retention().shadowDays());
        }
        if (s.retention().responseCacheDays() < 1) {
            throw shadow.error("retention.response_cache_days", "must be at least 1, got "
                    + s.retention().responseCacheDays());
        }
        requireModelString(shadow, "production_model", s.productionModel());
        if (!JUDGE_MODES.contains(s.judge().mode())) {
            throw shadow.error("judge.mode", "must be one of " + JUDGE_MODES + ", got '" + s.judge().mode() + "'");
        }
        unit(shadow, "drift.threshold", s.drift().threshold());
        if (s.windows().sizeMinutes() < 1) {
            throw shadow.error("windows.size_minutes", "must be >= 1");
        }
        if (s.windows().maxFutureSkew() == null || s.windows().maxFutureSkew().isNegative()) {
            throw shadow.error("windows.max_future_skew", "must be a duration >= 0 such as PT5M");
        }
        if (s.windows().maxEventAge() == null || s.windows().maxEventAge().isNegative()
                || s.windows().maxEventAge().isZero()) {
            throw shadow.error("windows.max_event_age", "must be a positive duration such as P7D");
        }
        if (s.maxPromptBytes() < 1) {
            throw shadow.error("max_prompt_bytes", "must be >= 1");
        }
        unit(shadow, "promotion.max_allowed_drop", s.promotion().maxAllowedDrop());
        oneOf(shadow, "promotion.method", s.promotion().method(),
                List.of(ShadowConfig.Promotion.FIXED_CI, ShadowConfig.Promotion.CONFIDENCE_SEQUENCE));
        if (!(s.promotion().alpha() > 0 && s.promotion().alpha() < 0.5)) {
            throw shadow.error("promotion.alpha", "must be within (0, 0.5), got " + s.promotion().alpha());
        }
        if (ShadowConfig.Promotion.CONFIDENCE_SEQUENCE.equals(s.promotion().method()) && s.promotion().minSamples() < 2) {
            throw shadow.error("promotion.min_samples", "must be >= 2 (a standard deviation needs two samples)");
        }
        oneOf(shadow, "drift.method", s.drift().method(),
                List.of(ShadowConfig.Drift.WINDOW_MEAN, ShadowConfig.Drift.CUSUM));
        if (!(s.drift().falseAlarmDays() >= 1)) {
            throw shadow.error("drift.false_alarm_days", "must be >= 1, got " + s.drift().falseAlarmDays());
        }
        if (ShadowConfig.Drift.CUSUM.equals(s.drift().method()) && !(s.drift().maxMeanDeltaDrop() < 0)) {
            throw shadow.error("drift.max_mean_delta_drop", "must be negative (the drop to detect), got "
                    + s.drift().maxMeanDeltaDrop());
        }
    }

    private static void oneOf(Loaded<?> file, String key, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw file.error(key, "must be one of " + allowed + ", got '" + value + "'");
        }
    }

    private static void unit(Loaded<?> file, String key, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw file.error(key, "must be within [0, 1], got " + value);
        }
    }

    private static void sumsToOne(Loaded<?> file, String key, double sum) {
        if (Math.abs(sum - 1.0) > WEIGHT_TOLERANCE) {
            throw file.error(key, "weights must sum to 1 (+/- 1e-9), got " + sum);
        }
    }

    private static void requireModelString(Loaded<?> file, String key, String value) {
        // model names are printed, logged, stored and rendered into Markdown and Slack later
        String problem = value == null ? null : Names.modelProblem(value);
        if (problem != null) {
            throw file.error(key, problem);
        }
        if (value == null || !value.matches("[a-z0-9_-]+/\\S+")) {
            throw file.error(key, "must be a model string like 'openai/gpt-4o-mini', got '" + value + "'");
        }
    }
}
