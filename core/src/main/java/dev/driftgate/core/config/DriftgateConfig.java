package dev.driftgate.core.config;

/** All four config files, validated together; {@code configHash} is SHA-256 over their bytes. */
public record DriftgateConfig(
        DatasetConfig dataset,
        ScorerConfig scorer,
        ModelVersionConfig modelVersion,
        ShadowConfig shadow,
        String configHash) {

    /** This config with the judge model replaced (eval --judge-model / DRIFTGATE_JUDGE_MODEL). */
    public DriftgateConfig withJudgeModel(String model) {
        ScorerConfig.JudgeSettings j = scorer.judge();
        ScorerConfig s = scorer;
        ScorerConfig replaced = new ScorerConfig(new ScorerConfig.JudgeSettings(model, j.temperature(), j.maxRetries(),
                j.rubricTemplateVersion(), j.pairwiseOrderSwap()), s.inference(), s.thresholds(), s.metricWeights(),
                s.bertscore(), s.rouge(), s.categoryWeights(), s.gate(), s.tracking(), s.pricing());
        return new DriftgateConfig(dataset, replaced, modelVersion, shadow, configHash);
    }
}
