package dev.driftgate.flink.shadow;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The Kafka ends of the job: the requests source and the dead-letter sink. */
public final class ShadowKafka {
    private ShadowKafka() {
    }

    /** Starts from the group's committed offsets, or the earliest when the group is new. */
    public static KafkaSource<RawRecord> source(String bootstrapServers, String topic, String groupId) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    /** Bounded dead letters; a failed write is counted, not a job failure (see {@link DeadLetterSink}). */
    public static DeadLetterSink deadLetterSink(String bootstrapServers, String topic) {
        return new DeadLetterSink(bootstrapServers, topic);
    }

    /**
     * Never throws: any bytes become a {@link RawRecord}, kept as bytes (a dead letter reports the
     * original's size and hash); parsing and its failures happen downstream.
     */
    public static final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out) {
            out.collect(new RawRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.value()));
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }
}
