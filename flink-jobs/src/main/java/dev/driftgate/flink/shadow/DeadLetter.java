package dev.driftgate.flink.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.driftgate.core.json.Json;

/**
 * An event the job could not score, as written to driftgate.shadow.dlq:
 * {@code {reason, payload, topic, partition, offset, ts}} where ts is when it was dead-lettered (epoch millis).
 */
public record DeadLetter(String reason, String payload, String topic, int partition, long offset, long ts) {

    public static DeadLetter of(String reason, RawRecord raw) {
        return new DeadLetter(reason, raw.payload(), raw.topic(), raw.partition(), raw.offset(),
                System.currentTimeMillis());
    }

    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            // a record of strings and numbers always serialises; keep the reason if it ever does not
            return "{\"reason\":\"unserialisable dead letter\"}";
        }
    }
}
