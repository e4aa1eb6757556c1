package dev.driftgate.gateway.otlp;

import java.util.List;
import java.util.Map;

/**
 * The parts of one OTLP span the receiver reads, the same whichever encoding it came in. Ids are
 * lower-case hex (OTLP/JSON's form), attribute values are String, Long, Double, Boolean, byte[],
 * List (array values) or Map (kvlist values), so the GenAI readers never see protobuf or JSON types.
 */
public record OtlpSpan(String traceId, String spanId, String name, long startNanos, long endNanos, boolean failed,
                       Map<String, Object> attributes, List<Event> events) {

    /** A span event; the legacy GenAI conventions carry messages in these. */
    public record Event(String name, Map<String, Object> attributes) {
    }

    /** Idempotency key: a re-sent span has the same one. */
    public String key() {
        return traceId + spanId;
    }
}
