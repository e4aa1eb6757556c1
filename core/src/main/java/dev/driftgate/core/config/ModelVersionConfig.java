package dev.driftgate.core.config;

import java.time.LocalDate;

/** config/model_version.yaml. {@code systemPromptHash} is filled from {@code systemPrompt} when absent. */
public record ModelVersionConfig(
        String currentModel,
        String baselineModel,
        String promptTemplateVersion,
        String systemPrompt,
        String systemPromptHash,
        LocalDate lastUpdated,
        String updatedBy) {
}
