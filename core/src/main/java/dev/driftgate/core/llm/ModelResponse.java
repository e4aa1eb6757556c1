package dev.driftgate.core.llm;

/** The answer to a {@link ModelRequest}, with what it cost. */
public record ModelResponse(
        String text,
        String model,
        long latencyMs,
        int inputTokens,
        int outputTokens,
        double estimatedCostUsd,
        int attempts,
        boolean cacheHit) {
}
