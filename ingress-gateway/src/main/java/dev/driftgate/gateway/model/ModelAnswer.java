package dev.driftgate.gateway.model;

/** What the production model said, with the token counts an OpenAI-shaped response reports. */
public record ModelAnswer(String text, String model, int inputTokens, int outputTokens, String finishReason) {
}
