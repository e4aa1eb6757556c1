package dev.driftgate.core.config;

/** All four config files, validated together; {@code configHash} is SHA-256 over their bytes. */
public record DriftgateConfig(
        DatasetConfig dataset,
        ScorerConfig scorer,
        ModelVersionConfig modelVersion,
        ShadowConfig shadow,
        String configHash) {
}
