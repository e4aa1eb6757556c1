package dev.driftgate.local.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.json.Json;
import dev.driftgate.core.sampling.LoadShedder;
import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated traffic is what the gateway would have published: the keyed hash of each prompt,
 * only sampled prompts, every category. The load shedder then keeps the share it means to keep.
 */
class ShadowTrafficGeneratorTest {
    private static final int EVENTS = 500;
    private static final PromptSampler SAMPLER = new PromptSampler("k".getBytes(StandardCharsets.UTF_8), 5);

    @TempDir
    Path dir;

    @Test
    void eventsCarryTheGatewaysKeyedHashAndAHalvedKeepFractionKeepsAboutHalf() throws Exception {
        List<ShadowRequestEvent> events;
        try (LocalKafkaBroker broker = LocalKafkaBroker.startIn(dir)) {
            broker.createTopics(1, "requests");
            try (ShadowTrafficGenerator generator =
                         new ShadowTrafficGenerator(broker.bootstrapServers(), "requests", "prod", "cand", SAMPLER)) {
                for (int i = 0; i < EVENTS; i++) {
                    generator.send("");
                }
                assertThat(generator.sent()).isEqualTo(EVENTS);
            }
            events = consume(broker, "requests", EVENTS);
        }
        assertThat(events).hasSize(EVENTS).allSatisfy(e -> {
            assertThat(e.promptHash()).as("hash of %s", e.prompt()).isEqualTo(SAMPLER.hash(e.prompt()));
            assertThat(SAMPLER.sampled(e.promptHash())).as("sampled: %s", e.prompt()).isTrue();
        });
        Map<String, Long> perCategory = events.stream()
                .collect(Collectors.groupingBy(ShadowRequestEvent::category, Collectors.counting()));
        assertThat(perCategory).hasSize(5).allSatisfy((category, n) -> assertThat(n).isBetween(60L, 140L));

        // one overloaded observation at a time until half the sampled share is kept
        LoadShedder shedder = LoadShedder.defaults(5);
        while (shedder.keepFraction() > 0.5) {
            shedder.observe(10);
        }
        double fraction = shedder.keepFraction();
        long kept = events.stream().filter(e -> shedder.keep(e.category(), e.promptHash())).count();
        assertThat(kept / (double) EVENTS).as("kept share at keep fraction %.2f", fraction)
                .isBetween(fraction - 0.1, fraction + 0.1);
    }

    @Test
    void aSamplerThatSamplesNothingIsRefused() {
        PromptSampler none = new PromptSampler("k".getBytes(StandardCharsets.UTF_8), 0);
        assertThatThrownBy(() -> new ShadowTrafficGenerator("127.0.0.1:1", "t", "p", "c", none))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shadow_pct 0");
    }

    private static List<ShadowRequestEvent> consume(LocalKafkaBroker broker, String topic, int expected) {
        List<ShadowRequestEvent> values = new ArrayList<>();
        Function<String, ShadowRequestEvent> parse = json -> {
            try {
                return Json.mapper().readValue(json, ShadowRequestEvent.class);
            } catch (Exception e) {
                throw new AssertionError("not a shadow event: " + json, e);
            }
        };
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "generator-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(parse.apply(r.value())));
            }
        }
        return values;
    }
}
