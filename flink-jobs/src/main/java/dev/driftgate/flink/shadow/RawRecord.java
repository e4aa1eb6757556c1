package dev.driftgate.flink.shadow;

/** One Kafka record as read, before parsing: the payload is kept as text so a bad one can be dead-lettered verbatim. */
public record RawRecord(String topic, int partition, long offset, long kafkaTimestamp, String payload) {
}
