package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import dev.driftgate.core.sampling.PromptSampler;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.driftgate.gateway.shadow.KafkaShadowPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Against a real single-node KRaft broker: sampled requests (shadow_pct 5 from config/) publish one
 * event with every contract field, unsampled ones publish nothing, decisions repeat, and a Kafka
 * outage leaves /chat answering at its normal latency while drops are counted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShadowPublishingTest {
    private static final String KEY = "test-sampling-key";
    private static final PromptSampler SAMPLER = new PromptSampler(KEY.getBytes(StandardCharsets.UTF_8), 5);
    private static LocalKafkaBroker broker;
    private static OpenAiStub model;
    private static GatewayUnderTest gateway;
    private static ShadowEvents events;
    private static final ListAppender<ILoggingEvent> publisherLog = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        broker = TestResources.freshBroker("kafka-shadow-publishing", 2);
        publisherLog.start();
        ((Logger) LoggerFactory.getLogger(KafkaShadowPublisher.class)).addAppender(publisherLog);
        model = new OpenAiStub();
        // a short max.block.ms, as a cold JVM's first metadata fetch outlasts the default 250 ms: the
        // publisher's start-up check must not mistake a slow first fetch for an unreachable broker
        gateway = GatewayUnderTest.start(model.baseUrl(), broker.bootstrapServers(),
                Map.of("driftgate.gateway.kafka-max-block-ms", "20"));
        events = new ShadowEvents(broker.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(KafkaShadowPublisher.class)).detachAppender(publisherLog);
        if (events != null) {
            events.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (model != null) {
            model.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** The first n prompts of the form prefix-i that the sampler does (or does not) pick. */
    private static List<String> prompts(String prefix, boolean sampled, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            String p = prefix + " question number " + i;
            if (SAMPLER.sampled(p) == sampled) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    @Order(1)
    void sampledChatPublishesOneEventWithEveryContractField() throws Exception {
        String prompt = prompts("contract", true, 1).get(0);
        long before = System.currentTimeMillis();
        HttpResponse<String> r = gateway.postJson("/chat",
                Map.of("prompt", prompt, "category", "factual_qa", "metadata", Map.of("user", "u-1")));
        long after = System.currentTimeMillis();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode answer = GatewayUnderTest.json(r);
        assertThat(fieldNames(answer)).containsExactlyInAnyOrder("request_id", "response", "model", "latency_ms");
        assertThat(answer.get("response").asText()).isEqualTo(OpenAiStub.answerTo(prompt));
        assertThat(answer.get("model").asText()).isEqualTo("openai/sim-good");
        String requestId = answer.get("request_id").asText();

        List<ConsumerRecord<String, String>> seen = events.awaitUntil(
                all -> all.stream().anyMatch(rec -> rec.value().contains(requestId)), Duration.ofSeconds(20));
        List<ConsumerRecord<String, String>> mine = seen.stream().filter(rec -> rec.value().contains(requestId))
                .toList();
        assertThat(mine).hasSize(1);
        ConsumerRecord<String, String> record = mine.get(0);
        long hash = SAMPLER.hash(prompt);
        assertThat(record.key()).isEqualTo(Long.toString(hash));
        JsonNode event = GatewayUnderTest.MAPPER.readTree(record.value());
        assertThat(fieldNames(event)).containsExactlyInAnyOrder("event_id", "ts", "prompt", "prompt_hash",
                "category", "prod_model", "prod_response", "prod_latency_ms", "candidate_model",
                "schema_version", "messages", "params", "usage", "endpoint");
        assertThat(event.get("event_id").asText()).isEqualTo(requestId);
        assertThat(event.get("ts").asLong()).isBetween(before, after);
        assertThat(record.timestamp()).isEqualTo(event.get("ts").asLong());
        assertThat(event.get("prompt").asText()).isEqualTo(prompt);
        assertThat(event.get("prompt_hash").asLong()).isEqualTo(hash);
        assertThat(event.get("category").asText()).isEqualTo("factual_qa");
        assertThat(event.get("prod_model").asText()).isEqualTo("openai/sim-good");
        assertThat(event.get("prod_response").asText()).isEqualTo(OpenAiStub.answerTo(prompt));
        assertThat(event.get("prod_latency_ms").asLong()).isEqualTo(answer.get("latency_ms").asLong());
        assertThat(event.get("candidate_model").asText()).isEqualTo("openai/sim-candidate");
        // the event is core's contract: it reads back with core's mapper (which refuses unknown fields)
        assertThat(dev.driftgate.core.json.Json.mapper().readValue(record.value(),
                dev.driftgate.core.shadow.ShadowRequestEvent.class).promptHash()).isEqualTo(hash);
    }

    @Test
    @Order(2)
    void onlySampledPromptsArePublishedAndTheSamePromptGetsTheSameDecision() {
        List<String> sampled = prompts("mix", true, 12);
        List<String> skipped = prompts("mix", false, 60);
        double sampledBefore = gateway.metric("driftgate_gateway_shadow_sampled_total");
        for (int round = 0; round < 2; round++) {
            for (String p : sampled) {
                assertThat(gateway.postJson("/chat", Map.of("prompt", p)).statusCode()).isEqualTo(200);
            }
            for (String p : skipped) {
                assertThat(gateway.postJson("/chat", Map.of("prompt", p)).statusCode()).isEqualTo(200);
            }
        }
        List<ConsumerRecord<String, String>> seen = events.awaitUntil(
                all -> withPrefix(all, "mix ").size() >= 2 * sampled.size(), Duration.ofSeconds(20));
        events.drain(Duration.ofSeconds(1));
        List<String> published = withPrefix(events.drain(Duration.ZERO), "mix ");
        assertThat(published).hasSize(2 * sampled.size());
        assertThat(new TreeSet<>(published)).isEqualTo(new TreeSet<>(sampled));
        for (String p : sampled) {
            assertThat(published.stream().filter(p::equals).count()).as(p).isEqualTo(2);
        }
        assertThat(gateway.metric("driftgate_gateway_shadow_sampled_total") - sampledBefore)
                .isEqualTo(2.0 * sampled.size());
        assertThat(seen).isNotEmpty();
    }

    @Test
    @Order(3)
    void sampledCompletionPublishesTheLastUserMessage() {
        String prompt = prompts("openai", true, 1).get(0);
        HttpResponse<String> r = gateway.postJson("/v1/chat/completions", Map.of(
                "model", "whatever-the-app-asks",
                "metadata", Map.of("category", "reasoning"),
                "messages", List.of(
                        Map.of("role", "system", "content", "You are terse."),
                        Map.of("role", "user", "content", "an earlier question"),
                        Map.of("role", "assistant", "content", "an earlier answer"),
                        Map.of("role", "user", "content", prompt))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = GatewayUnderTest.json(r);
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("id").asText()).startsWith("chatcmpl-");
        assertThat(body.get("model").asText()).isEqualTo("openai/sim-good");
        assertThat(body.get("choices").get(0).get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(body.get("choices").get(0).get("message").get("content").asText())
                .isEqualTo(OpenAiStub.answerTo(prompt));
        assertThat(body.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(12);
        List<ConsumerRecord<String, String>> seen = events.awaitUntil(
                all -> !withPrefix(all, "openai ").isEmpty(), Duration.ofSeconds(20));
        ConsumerRecord<String, String> record = seen.stream().filter(rec -> rec.value().contains(prompt))
                .findFirst().orElseThrow();
        JsonNode event = GatewayUnderTest.json(record.value());
        assertThat(event.get("prompt").asText()).isEqualTo(prompt);
        assertThat(event.get("category").asText()).isEqualTo("reasoning");
        assertThat(event.get("event_id").asText()).isEqualTo(body.get("id").asText().substring("chatcmpl-".length()));
    }

    @Test
    @Order(4)
    void healthAndPrometheusReportTheProducerAndTheRoutes() {
        JsonNode health = GatewayUnderTest.json(gateway.get("/health"));
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("liveness").asText()).isEqualTo("UP");
        assertThat(health.get("readiness").asText()).isEqualTo("UP");
        assertThat(health.get("kafka").get("state").asText()).isEqualTo("UP");
        assertThat(health.get("model").get("state").asText()).isEqualTo("UP");
        String metrics = gateway.get("/prometheus").body();
        assertThat(metrics)
                .contains("driftgate_gateway_requests_seconds_count{route=\"/chat\",status=\"200\"}")
                .contains("driftgate_gateway_requests_seconds_bucket{route=\"/chat\",status=\"200\",le=")
                .contains("driftgate_gateway_requests_seconds_count{route=\"/v1/chat/completions\",status=\"200\"}")
                .contains("driftgate_gateway_shadow_sampled_total")
                .contains("driftgate_gateway_shadow_published_total")
                .contains("driftgate_gateway_kafka_send_failures_total")
                .contains("driftgate_gateway_shadow_dropped_total{reason=\"delivery_failed\"}")
                .contains("driftgate_gateway_shadow_queue_usage")
                .contains("driftgate_gateway_kafka_buffer_usage");
        assertThat(gateway.metric("driftgate_gateway_shadow_published_total")).isGreaterThanOrEqualTo(26);
        assertThat(gateway.metric("driftgate_gateway_shadow_dropped_total")).isZero();
    }

    @Test
    @Order(5)
    void aHealthyBrokerGivesNoNotReachableWarning() {
        // issue 18 item 17: the first request used to log "not reachable yet" against a healthy broker
        assertThat(logLines(Level.WARN)).as("WARN lines of the publisher").isEmpty();
    }

    @Test
    @Order(6)
    void unknownCategoriesShareOneBucketAndAreCounted() {
        // issue 18 item 10: client-chosen categories must not create unbounded label values
        List<String> sampled = prompts("category", true, 25);
        double unknownBefore = gateway.metric("driftgate_gateway_unknown_categories_total");
        for (int i = 0; i < sampled.size(); i++) {
            String category = switch (i % 5) {
                case 0 -> "safety";
                case 1 -> "<script>alert(" + i + ")</script>";
                case 2 -> "a|b " + i;
                case 3 -> "SAFETY";
                default -> "random-" + java.util.UUID.randomUUID();
            };
            assertThat(gateway.postJson("/chat", Map.of("prompt", sampled.get(i), "category", category)).statusCode())
                    .isEqualTo(200);
        }
        List<ConsumerRecord<String, String>> seen = events.awaitUntil(
                all -> withPrefix(all, "category ").size() >= sampled.size(), Duration.ofSeconds(20));
        Set<String> categories = new TreeSet<>();
        for (ConsumerRecord<String, String> r : seen) {
            JsonNode event = GatewayUnderTest.json(r.value());
            if (event.get("prompt").asText().startsWith("category ")) {
                categories.add(event.get("category").asText());
            }
        }
        assertThat(categories).containsExactlyInAnyOrder("safety", "other");
        assertThat(gateway.metric("driftgate_gateway_unknown_categories_total") - unknownBefore)
                .isEqualTo(sampled.size() * 4.0 / 5);
    }

    @Test
    @Order(7)
    void kafkaStoppedMidTestLeavesChatAnsweringAndCountsTheDrops() {
        List<String> warmup = prompts("warm", false, 40);
        long[] normal = timeAll(warmup.size(), i -> warmup.get(i));
        broker.stop();
        List<String> sampled = prompts("outage", true, 40);
        long[] during = timeAll(sampled.size(), i -> sampled.get(i));
        long normalP50 = percentile(normal, 50);
        long duringP50 = percentile(during, 50);
        long duringMax = percentile(during, 100);
        assertThat(duringP50).as("median ms during the outage vs before (%d)", normalP50)
                .isLessThanOrEqualTo(normalP50 + 20);
        assertThat(duringMax).as("slowest request during the outage, ms").isLessThan(500);
        // the producer gives each event delivery.timeout.ms (5 s), then drops and counts it
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (gateway.metric("driftgate_gateway_shadow_dropped_total") < sampled.size()
                && System.nanoTime() < deadline) {
            sleep(250);
        }
        assertThat(gateway.metric("driftgate_gateway_shadow_dropped_total")).isEqualTo(sampled.size());
        assertThat(gateway.metric("driftgate_gateway_kafka_send_failures_total")).isEqualTo(sampled.size());
        JsonNode health = GatewayUnderTest.json(gateway.get("/health"));
        assertThat(health.get("kafka").get("state").asText()).isEqualTo("DOWN");
        assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.get("readiness").asText()).as("Kafka down does not take the gateway out").isEqualTo("UP");
    }

    @Test
    @Order(8)
    void kafkaBackAfterTheOutageIsLoggedAndPublishingResumes() {
        // issue 18 item 17: one INFO line when Kafka recovers
        broker.start();
        double before = gateway.metric("driftgate_gateway_shadow_published_total");
        List<String> sampled = prompts("recovered", true, 30);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int i = 0;
        while (gateway.metric("driftgate_gateway_shadow_published_total") <= before && System.nanoTime() < deadline) {
            assertThat(gateway.postJson("/chat", Map.of("prompt", sampled.get(i++ % sampled.size()))).statusCode())
                    .isEqualTo(200);
            sleep(500);
        }
        assertThat(gateway.metric("driftgate_gateway_shadow_published_total")).isGreaterThan(before);
        assertThat(logLines(Level.INFO)).anyMatch(line -> line.contains("Kafka is reachable again"));
    }

    private static List<String> logLines(Level level) {
        return publisherLog.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static long[] timeAll(int n, IntFunction<String> prompt) {
        long[] ms = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = gateway.postJson("/chat", Map.of("prompt", prompt.apply(i)));
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        return ms;
    }

    private static long percentile(long[] values, int pct) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(pct / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    private static List<String> withPrefix(List<ConsumerRecord<String, String>> records, String prefix) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            String p = GatewayUnderTest.json(r.value()).get("prompt").asText();
            if (p.startsWith(prefix)) {
                out.add(p);
            }
        }
        return out;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
