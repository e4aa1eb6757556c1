package dev.driftgate.cli.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Shadow events with event times of our choosing (in the past, spaced evenly), so windows close
 * as the data flows and the run is the same however fast the cluster is; a sentinel per partition
 * at the end moves the watermark past every window before it.
 */
final class ShadowEvents implements AutoCloseable {
    private static final List<String> CATEGORIES =
            List.of("factual_qa", "reasoning", "summarization", "instruction_following", "safety");
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String candidate;

    ShadowEvents(String bootstrap, String topic, String candidate) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
        this.candidate = candidate;
    }

    /** A window-aligned base time a day ago (well inside max_event_age). */
    static Instant base() {
        long fiveMinutes = Duration.ofMinutes(5).toMillis();
        long t = Instant.now().minus(Duration.ofDays(1)).toEpochMilli();
        return Instant.ofEpochMilli(t - t % fiveMinutes);
    }

    /** {@code count} events from {@code start}, {@code spacing} apart, ids {@code prefix-i}. */
    void send(String prefix, int count, Instant start, Duration spacing) {
        for (int i = 0; i < count; i++) {
            String category = CATEGORIES.get(i % CATEGORIES.size());
            String prompt = "Cluster question " + prefix + " " + i + " about " + category;
            ShadowRequestEvent e = new ShadowRequestEvent(prefix + "-" + i,
                    start.plus(spacing.multipliedBy(i)).toEpochMilli(), prompt, prompt.hashCode(), category,
                    "openai/sim-good", "A careful production answer to question " + i, 20, candidate);
            producer.send(new ProducerRecord<>(topic, Long.toString(e.promptHash()), json(e)));
        }
        producer.flush();
    }

    /** Not JSON at all: each must reach the dead-letter topic. */
    void sendGarbage(int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, "garbage-" + i, "{not json " + i));
        }
        producer.flush();
    }

    /** One event per partition at {@code at}: the watermark passes every earlier window. */
    void sentinels(String prefix, Instant at, int partitions) {
        for (int p = 0; p < partitions; p++) {
            String prompt = "Sentinel " + prefix + " " + p;
            ShadowRequestEvent e = new ShadowRequestEvent(prefix + "-sentinel-" + p, at.toEpochMilli(), prompt,
                    prompt.hashCode(), "factual_qa", "openai/sim-good", "A sentinel answer", 20, candidate);
            producer.send(new ProducerRecord<>(topic, p, Long.toString(e.promptHash()), json(e)));
        }
        producer.flush();
    }

    private static String json(ShadowRequestEvent e) {
        try {
            return Json.mapper().writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
