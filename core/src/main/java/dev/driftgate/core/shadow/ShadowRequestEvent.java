package dev.driftgate.core.shadow;

/**
 * The Kafka contract of driftgate.shadow.requests (key: prompt_hash). {@code ts} is epoch
 * milliseconds (UTC) when the production answer was known; it is the event time downstream.
 */
public record ShadowRequestEvent(
        String eventId,
        long ts,
        String prompt,
        long promptHash,
        String category,
        String prodModel,
        String prodResponse,
        long prodLatencyMs,
        String candidateModel) {
}
