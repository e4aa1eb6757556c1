package dev.driftgate.flink.shadow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter topic's sink: a dead letter that cannot be written is counted and logged, never a
 * job failure. Flink's KafkaSink fails the job on any send error, and a failing DLQ write is
 * replayed from the checkpoint and fails again: one bad record stopped the job for good. The
 * record is bounded first ({@link DeadLetter#MAX_JSON_BYTES}, under the producer's 1 MiB
 * max.request.size), so a size error cannot happen; other errors (broker gone past the delivery
 * timeout, authorisation) lose that dead letter, which is what the counter is for.
 *
 * <p>At least once while the broker is up: {@link Writer#flush} (run before every checkpoint
 * barrier) waits for every send. Metrics on the sink's group: {@code deadLettersWritten},
 * {@code deadLetterWriteFailures}.
 */
public final class DeadLetterSink implements Sink<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSink.class);

    private final String bootstrapServers;
    private final String topic;

    public DeadLetterSink(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    @Override
    public SinkWriter<DeadLetter> createWriter(WriterInitContext context) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // a down broker blocks send() at most this long per record, not the producer's default minute
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return new Writer(new KafkaProducer<>(p), topic,
                context.metricGroup().counter("deadLettersWritten"),
                context.metricGroup().counter("deadLetterWriteFailures"));
    }

    static final class Writer implements SinkWriter<DeadLetter> {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final Counter written;
        private final Counter failures;

        Writer(KafkaProducer<byte[], byte[]> producer, String topic, Counter written, Counter failures) {
            this.producer = producer;
            this.topic = topic;
            this.written = written;
            this.failures = failures;
        }

        @Override
        public void write(DeadLetter letter, Context context) {
            byte[] value = letter.toJson().getBytes(StandardCharsets.UTF_8);
            try {
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error == null) {
                        written.inc();
                    } else {
                        failed(letter, value.length, error);
                    }
                });
            } catch (RuntimeException e) {
                // send() itself throws for a metadata timeout or a record over max.request.size
                failed(letter, value.length, e);
            }
        }

        private void failed(DeadLetter letter, int size, Exception error) {
            failures.inc();
            LOG.warn("dead letter not written to {} (source {}/{} offset {}, {} bytes, reason '{}'): {}", topic,
                    letter.topic(), letter.partition(), letter.offset(), size, letter.reason(), error.toString());
        }

        @Override
        public void flush(boolean endOfInput) {
            producer.flush();
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
