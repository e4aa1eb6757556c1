package dev.driftgate.core.config;

import java.util.Map;

/** config/dataset_config.yaml. {@code categories} keeps file order. */
public record DatasetConfig(int schemaVersion, Paths paths, Limits limits, Map<String, CategorySpec> categories) {

    public record Paths(String raw, String golden) {
    }

    public record Limits(int maxLineBytes, int minPromptChars) {
    }

    public record CategorySpec(int minExamples, double weight, String description) {
    }
}
