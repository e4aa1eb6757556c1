package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimulatorConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 3: {@code stream: true} forwards tokens as the production model produces them. A
 * simulator streams one word every {@link #TOKEN_DELAY_MS}; the client's first chunk must arrive long
 * before the model finishes, the chunks joined are the whole answer, and the shadow event read back
 * from a real Kafka broker carries that whole answer. Failure paths run against {@link OpenAiStub}.
 */
class StreamingCompletionsTest {
    static final long TOKEN_DELAY_MS = 40;
    static final String PROMPT = "Explain in detail why the sky looks blue during the day.";
    /** 40 words: about 1.6 s of streaming at 40 ms a word. */
    static final String REFERENCE = String.join(" ", java.util.Collections.nCopies(8,
            "Sunlight scatters off small air molecules,"));
    private static LocalKafkaBroker broker;
    private static LlmSimulator simulator;
    private static GatewayUnderTest gateway;
    private static OpenAiStub stub;
    private static GatewayUnderTest stubGateway;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        broker = TestResources.freshBroker("kafka-stream", 1);
        simulator = slowSimulator();
        gateway = GatewayUnderTest.start(simulator.baseUrl(), broker.bootstrapServers(),
                Map.of("driftgate.gateway.shadow-pct", "100"));
        stub = new OpenAiStub();
        stubGateway = GatewayUnderTest.withoutKafka(stub.baseUrl(), Map.of("driftgate.gateway.shadow-pct", "100"));
    }

    /** The repository's simulator config, no first-token latency, {@link #TOKEN_DELAY_MS} between words. */
    static LlmSimulator slowSimulator() {
        LlmSimulator sim = new LlmSimulator(SimulatorConfig.load(Path.of("..", "config", "simulator.yaml")),
                ReferenceAnswers.of(Map.of(PROMPT, REFERENCE))).start(0);
        sim.setLatencyOverrideMs(0L);
        sim.setTokenDelayMs(TOKEN_DELAY_MS);
        return sim;
    }

    @AfterAll
    static void stop() {
        TestResources.closeAll(gateway, stubGateway, simulator, stub, broker);
    }

    /** The SSE data lines of one streamed request, each with the milliseconds since the request was sent. */
    record Timed(String data, long atMs) {
    }

    static List<Timed> streamRequest(HttpClient http, GatewayUnderTest gateway, String prompt) throws Exception {
        String body = GatewayUnderTest.MAPPER.writeValueAsString(Map.of("model", "gpt-4o-mini", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", prompt))));
        HttpRequest request = HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Timed> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            lines.filter(l -> l.startsWith("data:")).forEach(l -> events.add(
                    new Timed(l.substring(5).trim(), (System.nanoTime() - start) / 1_000_000)));
        }
        return events;
    }

    static String content(List<Timed> events) {
        StringBuilder text = new StringBuilder();
        for (Timed e : events) {
            if (!e.data().equals("[DONE]")) {
                JsonNode choice = GatewayUnderTest.json(e.data()).path("choices").path(0);
                text.append(choice.path("delta").path("content").asText(""));
            }
        }
        return text.toString();
    }

    @Test
    void firstChunkArrivesLongBeforeTheModelFinishesAndKafkaGetsTheWholeAnswer() throws Exception {
        // the first request through a fresh gateway loads the streaming client (~1 s on 2 shared cores)
        streamRequest(http, gateway, "warm up the gateway please");
        List<Timed> events = streamRequest(http, gateway, PROMPT);
        long firstContent = events.stream().filter(e -> !content(List.of(e)).isEmpty()).findFirst()
                .orElseThrow().atMs();
        long total = events.get(events.size() - 1).atMs();
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        JsonNode first = GatewayUnderTest.json(events.get(0).data());
        assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.path("choices").path(0).path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(GatewayUnderTest.json(events.get(events.size() - 2).data()).path("choices").path(0)
                .path("finish_reason").asText()).isEqualTo("stop");
        String answer = content(events);
        int words = answer.split("\\s+").length;
        assertThat(words).isGreaterThanOrEqualTo(30);
        assertThat(events.size()).as("one chunk per word, plus role, finish and [DONE]").isGreaterThanOrEqualTo(words + 3);
        // the simulator needs (words - 1) x 40 ms to finish; the first words come at once
        assertThat(total).isGreaterThanOrEqualTo((words - 1) * TOKEN_DELAY_MS);
        assertThat(firstContent).as("first content chunk vs total %d ms", total).isLessThan(total / 3);

        try (ShadowEvents shadow = new ShadowEvents(broker.bootstrapServers())) {
            List<ConsumerRecord<String, String>> seen = shadow.awaitUntil(
                    rs -> rs.stream().anyMatch(r -> r.value().contains("sky looks blue")), Duration.ofSeconds(20));
            JsonNode event = GatewayUnderTest.json(seen.stream().filter(r -> r.value().contains("sky looks blue"))
                    .findFirst().orElseThrow().value());
            assertThat(event.path("prod_response").asText()).isEqualTo(answer);
            assertThat(event.path("endpoint").asText()).isEqualTo("/v1/chat/completions");
            assertThat(event.path("prod_latency_ms").asLong()).isGreaterThanOrEqualTo((words - 1) * TOKEN_DELAY_MS);
        }
        assertThat(gateway.metric("driftgate_gateway_model_calls_in_flight")).isZero();
    }

    /** Prints the numbers BENCHMARKS.md records: time to first content chunk and total, 10 requests. */
    @Test
    void timeToFirstChunkAgainstTotal() throws Exception {
        streamRequest(http, gateway, PROMPT); // warm-up
        long[] first = new long[10];
        long[] total = new long[10];
        for (int i = 0; i < first.length; i++) {
            List<Timed> events = streamRequest(http, gateway, PROMPT);
            first[i] = events.stream().filter(e -> !content(List.of(e)).isEmpty()).findFirst().orElseThrow().atMs();
            total[i] = events.get(events.size() - 1).atMs();
        }
        Arrays.sort(first);
        Arrays.sort(total);
        System.out.printf("STREAM-BENCH gateway stream: %d requests, %d ms between simulator words: "
                        + "time to first chunk median %d ms (max %d), total median %d ms (max %d)%n",
                first.length, TOKEN_DELAY_MS, first[first.length / 2], first[first.length - 1],
                total[total.length / 2], total[total.length - 1]);
        assertThat(first[first.length / 2]).isLessThan(total[total.length / 2] / 3);
    }

    @Test
    void aFailureMidStreamEndsTheStreamWithAnErrorAndPublishesNothing() throws Exception {
        // a complete stream is sampled (this also registers the counter)
        List<Timed> ok = streamRequest(http, stubGateway, "hello there");
        assertThat(content(ok)).isEqualTo(OpenAiStub.answerTo("hello there"));
        double sampledBefore = stubGateway.metric("driftgate_gateway_shadow_sampled_total");
        assertThat(sampledBefore).isPositive();

        List<Timed> events = streamRequest(http, stubGateway, "tell me " + OpenAiStub.MIDSTREAM_FAIL);
        assertThat(content(events)).isNotEmpty();
        Timed last = events.get(events.size() - 1);
        assertThat(last.data()).isNotEqualTo("[DONE]");
        JsonNode error = GatewayUnderTest.json(last.data()).path("error");
        assertThat(error.path("message").asText()).startsWith("the production model");
        assertThat(events.toString()).doesNotContain(OpenAiStub.UPSTREAM_SECRET).doesNotContain("Exception");
        assertThat(stubGateway.metric("driftgate_gateway_shadow_sampled_total")).isEqualTo(sampledBefore);
        assertThat(stubGateway.metric("driftgate_gateway_model_calls_in_flight")).isZero();
    }

    @Test
    void aFailureBeforeTheFirstTokenIsStillA502Problem() throws IOException {
        HttpResponse<String> r = stubGateway.postJson("/v1/chat/completions", Map.of("stream", true,
                "messages", List.of(Map.of("role", "user", "content", OpenAiStub.FAIL + " now"))));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("upstream HTTP 500").doesNotContain(OpenAiStub.UPSTREAM_SECRET);
        assertThat(stubGateway.metric("driftgate_gateway_model_calls_in_flight")).isZero();
    }

    @Test
    void usageChunkWhenTheClientAsksForIt() throws Exception {
        String body = GatewayUnderTest.MAPPER.writeValueAsString(Map.of("stream", true,
                "stream_options", Map.of("include_usage", true),
                "messages", List.of(Map.of("role", "user", "content", "count please"))));
        HttpResponse<String> r = stubGateway.post("/v1/chat/completions", "application/json", body);
        List<String> data = r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        JsonNode usage = GatewayUnderTest.json(data.get(data.size() - 2));
        assertThat(usage.path("choices").size()).isZero();
        assertThat(usage.path("usage").path("total_tokens").asInt()).isEqualTo(12);
    }
}
