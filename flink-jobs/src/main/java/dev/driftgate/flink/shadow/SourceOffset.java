package dev.driftgate.flink.shadow;

import java.io.Serializable;

/** Where in Kafka an event was read: written with its eval row so a dead letter of the same record is counted once. */
public record SourceOffset(String topic, int partition, long offset) implements Serializable {
    static SourceOffset of(RawRecord raw) {
        return raw == null ? null : new SourceOffset(raw.topic(), raw.partition(), raw.offset());
    }
}
