package dev.driftgate.flink.shadow;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
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

    public static KafkaSink<DeadLetter> deadLetterSink(String bootstrapServers, String topic) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(KafkaRecordSerializationSchema.<DeadLetter>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new DeadLetterJson())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** A dead letter as UTF-8 JSON. */
    public static final class DeadLetterJson implements SerializationSchema<DeadLetter> {
        @Override
        public byte[] serialize(DeadLetter d) {
            return d.toJson().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Never throws: any bytes become a {@link RawRecord}; parsing and its failures happen downstream. */
    public static final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out) {
            String payload = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
            out.collect(new RawRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), payload));
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }
}
