package dev.driftgate.core.shadow;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftgate.core.llm.ChatTurn;
import dev.driftgate.core.llm.Conversation;
import dev.driftgate.core.llm.SamplingParams;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kafka contract of driftgate.shadow.requests (key: prompt_hash). {@code ts} is epoch
 * milliseconds (UTC) when the production answer was known; it is the event time downstream.
 * {@code prompt} is the sampled text (the last user message); it is hashed and judged.
 *
 * <p>Schema 2 adds the request exactly as production received it ({@code messages}, system prompt
 * included, and {@code params}), the production {@code usage} and the {@code endpoint}
 * ({@code /chat}, {@code /v1/chat/completions}), so the candidate can be sent the same request.
 * Schema 1 events (no schema_version) have none of these and are still read.
 *
 * <p>{@code source} says where the call was seen: null (left out of the JSON, so gateway events are
 * unchanged) for the gateway's own traffic, {@code otlp} for a call read from an OpenTelemetry span.
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
        String candidateModel,
        int schemaVersion,
        List<ChatTurn> messages,
        SamplingParams params,
        Usage usage,
        String endpoint,
        @JsonInclude(JsonInclude.Include.NON_NULL) String source) {
    public static final int CURRENT_SCHEMA = 2;
    public static final String SOURCE_OTLP = "otlp";

    public ShadowRequestEvent {
        messages = messages == null ? null : new ArrayList<>(messages); // not List.copyOf: Flink's Kryo copies it
    }

    /** An event of the gateway's own traffic (no source). */
    public ShadowRequestEvent(String eventId, long ts, String prompt, long promptHash, String category,
                              String prodModel, String prodResponse, long prodLatencyMs, String candidateModel,
                              int schemaVersion, List<ChatTurn> messages, SamplingParams params, Usage usage,
                              String endpoint) {
        this(eventId, ts, prompt, promptHash, category, prodModel, prodResponse, prodLatencyMs, candidateModel,
                schemaVersion, messages, params, usage, endpoint, null);
    }

    /** A schema-1 event: the prompt alone. */
    public ShadowRequestEvent(String eventId, long ts, String prompt, long promptHash, String category,
                              String prodModel, String prodResponse, long prodLatencyMs, String candidateModel) {
        this(eventId, ts, prompt, promptHash, category, prodModel, prodResponse, prodLatencyMs, candidateModel, 1,
                null, null, null, null, null);
    }

    /** What production was sent, or null for a schema-1 event. */
    public Conversation conversation() {
        return messages == null ? null : new Conversation(messages, params);
    }
}
