package dev.driftgate.core.shadow;

/** The production answer's token counts, as its provider reported them. */
public record Usage(int inputTokens, int outputTokens) {
}
