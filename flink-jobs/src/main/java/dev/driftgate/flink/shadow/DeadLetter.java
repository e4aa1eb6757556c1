package dev.driftgate.flink.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.driftgate.core.json.Json;

/**
 * An event the job could not score, as written to driftgate.shadow.dlq: {@code {reason, payload,
 * payload_encoding, payload_bytes, payload_sha256, payload_truncated, topic, partition, offset, ts}}
 * where ts is when it was dead-lettered (epoch millis). The payload is bounded
 * ({@link DeadLetterPayload}) and so is the reason, so a dead letter never exceeds
 * {@link #MAX_JSON_BYTES} whatever the input was.
 */
public record DeadLetter(String reason, String payload, String payloadEncoding, long payloadBytes,
                         String payloadSha256, boolean payloadTruncated, String topic, int partition, long offset,
                         long ts) {
    /** Reasons can quote input (a parser's message); cap them like the payload. */
    public static final int MAX_REASON_CHARS = 2_000;
    /** The bound a serialised dead letter stays under: half of Kafka's default 1 MiB max.request.size. */
    public static final int MAX_JSON_BYTES = 512 * 1024;

    public static DeadLetter of(String reason, RawRecord raw) {
        DeadLetterPayload p = DeadLetterPayload.of(raw.value());
        return new DeadLetter(cap(reason), p.text(), p.encoding(), p.bytes(), p.sha256(), p.truncated(),
                cap(raw.topic()), raw.partition(), raw.offset(), System.currentTimeMillis());
    }

    /** Reason of every event shed under overload; its stage is {@code shed}. */
    public static final String SHED_REASON = "shed under overload";

    /**
     * The row of an event the job shed under overload ({@link ShedOverload}): accounted in
     * shadow_dead_letters with stage {@code shed}, keyed by its source record; not written to the DLQ
     * topic (it was readable, only not scored), so the payload is not copied or hashed.
     */
    public static DeadLetter shed(ShedEvent shed) {
        RawRecord raw = shed.event().raw();
        return new DeadLetter(SHED_REASON + " (category " + cap(shed.event().event().category()) + "; "
                + shed.cause().label() + ")", null, null, 0, null,
                false, cap(raw.topic()), raw.partition(), raw.offset(), System.currentTimeMillis());
    }

    private static String cap(String s) {
        if (s == null || s.length() <= MAX_REASON_CHARS) {
            return s;
        }
        int end = MAX_REASON_CHARS;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never cut a surrogate pair in half
        }
        return s.substring(0, end) + "...";
    }

    /**
     * Where the event stopped: {@code candidate}, {@code judge}, {@code shed} (dropped under overload), or
     * {@code parse} (it could not be read).
     */
    public String stage() {
        if (reason != null && reason.startsWith(SHED_REASON)) {
            return "shed";
        }
        if (reason != null && reason.startsWith("candidate inference failed")) {
            return "candidate";
        }
        return reason != null && reason.startsWith("judge failed") ? "judge" : "parse";
    }

    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            // strings, numbers and booleans always serialise; keep what identifies the record if they ever do not
            return "{\"reason\":\"unserialisable dead letter\",\"payload_sha256\":\"" + payloadSha256
                    + "\",\"offset\":" + offset + "}";
        }
    }
}
