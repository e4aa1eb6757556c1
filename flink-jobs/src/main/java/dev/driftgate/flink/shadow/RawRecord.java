package dev.driftgate.flink.shadow;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One Kafka record as read, before parsing. The value is kept as the original bytes (null for a
 * tombstone), not decoded text: a dead letter must report the size and hash of exactly what
 * arrived, and binary or invalid UTF-8 must not be silently replaced by U+FFFD.
 */
public record RawRecord(String topic, int partition, long offset, long kafkaTimestamp, byte[] value) {

    /** A record whose value is {@code payload} in UTF-8 (tests, producers of text). */
    public RawRecord(String topic, int partition, long offset, long kafkaTimestamp, String payload) {
        this(topic, partition, offset, kafkaTimestamp, payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The value as text for the parser (malformed bytes become U+FFFD, which the JSON parse then rejects). */
    public String payload() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    // a record's generated equals/hashCode compare arrays by identity; compare the bytes
    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r && partition == r.partition && offset == r.offset
                && kafkaTimestamp == r.kafkaTimestamp && java.util.Objects.equals(topic, r.topic)
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(topic, partition, offset) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RawRecord[" + topic + "/" + partition + "/" + offset + ", "
                + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
