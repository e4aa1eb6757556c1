package dev.driftgate.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerTest {
    @TempDir
    Path dir;

    @Test
    void messagesSurviveARestartAndAConsumerGroupReadsThem() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.startIn(dir)) {
            broker.createTopics(1, "t");
            produce(broker, "t", "before-restart");
            broker.restart();
            produce(broker, "t", "after-restart");
            assertThat(consumeAll(broker, "t", 2)).containsExactly("before-restart", "after-restart");
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
        }
    }

    @Test
    void aNewBrokerOnAnEarlierRunsDirectoryKeepsItsData() throws Exception {
        try (LocalKafkaBroker first = LocalKafkaBroker.startIn(dir)) {
            first.createTopics(1, "kept");
            produce(first, "kept", "from-the-first-process");
        }
        try (LocalKafkaBroker second = LocalKafkaBroker.startIn(dir)) {
            assertThat(consumeAll(second, "kept", 1)).containsExactly("from-the-first-process");
        }
    }

    @Test
    void aClusterIdStartingWithADashFormatsAndStarts() throws Exception {
        // base64url ids start with '-' one time in 64; the storage tool once read such an id as an option
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve("cluster.id"), "-dashFirstClusterIdQ");
        try (LocalKafkaBroker broker = LocalKafkaBroker.startIn(dir)) {
            produce(broker, "dash", "ok");
            assertThat(consumeAll(broker, "dash", 1)).containsExactly("ok");
        }
    }

    private static void produce(LocalKafkaBroker broker, String topic, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }
    }

    private static List<String> consumeAll(LocalKafkaBroker broker, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-group",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
