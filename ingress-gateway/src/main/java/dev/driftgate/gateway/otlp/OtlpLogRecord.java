package dev.driftgate.gateway.otlp;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parts of one OTLP log record the receiver reads, the same whichever encoding it came in. Ids
 * are lower-case hex, or null when the record is not tied to a span; {@code body} is decoded like an
 * attribute value (a Map for the GenAI events' structured bodies).
 */
public record OtlpLogRecord(String traceId, String spanId, String eventName, long timeNanos,
                            Map<String, Object> attributes, Object body) {
    /**
     * The GenAI events that carry a chat call's content (the conventions' log-based events, as
     * {@code @opentelemetry/instrumentation-openai} writes them with content capture on).
     */
    static final Set<String> CONTENT_EVENTS = Set.of("gen_ai.system.message", "gen_ai.user.message",
            "gen_ai.assistant.message", "gen_ai.tool.message", "gen_ai.choice");

    /** The event name: the record's own field (OTLP 1.5+), else the {@code event.name} attribute of older SDKs. */
    String name() {
        if (eventName != null && !eventName.isEmpty()) {
            return eventName;
        }
        return Attributes.string(attributes, "event.name");
    }

    /** True when the record is a GenAI content event of a span. */
    boolean isGenAiContent() {
        return traceId != null && spanId != null && CONTENT_EVENTS.contains(name());
    }

    /** The span it belongs to: the same key as {@link OtlpSpan#key()}. */
    String key() {
        return traceId + spanId;
    }

    /**
     * As the span event the legacy conventions define: the body's fields ({@code role}, {@code content},
     * {@code message}, ...) over the record's attributes.
     */
    OtlpSpan.Event toEvent() {
        Map<String, Object> merged = new HashMap<>(attributes);
        if (body instanceof Map<?, ?> map) {
            map.forEach((k, v) -> merged.put(String.valueOf(k), v));
        } else if (body instanceof String s) {
            merged.put("content", s);
        }
        return new OtlpSpan.Event(name(), merged);
    }

    /** A rough size in bytes, for the join buffer's bound: the text it holds dominates. */
    long approxBytes() {
        return 64 + ContentJoin.approxBytes(attributes) + ContentJoin.approxBytes(body);
    }
}
