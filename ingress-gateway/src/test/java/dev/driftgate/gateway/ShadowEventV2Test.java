package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.crypto.PayloadCipher;
import dev.driftgate.core.crypto.PayloadKeys;
import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.llm.LlmSettings;
import dev.driftgate.core.llm.ModelClients;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.PriceTable;
import dev.driftgate.core.shadow.ShadowPayloads;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Like with like: production (a recording OpenAI server behind the real gateway) and the candidate
 * (a second recording server, called by core's client from the schema-2 event read back from a real
 * Kafka broker, as the shadow job calls it) receive the same request body apart from the model name,
 * for /chat (model_version.yaml's system prompt) and for a multi-turn /v1/chat/completions request
 * with a system prompt and every sampling parameter.
 */
class ShadowEventV2Test {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final PayloadCipher CIPHER = new PayloadCipher(PayloadKeys.from(Environment.of(
            Map.of(Environment.PAYLOAD_KEYS, "k1:" + KEY))).orElseThrow());
    private static LocalKafkaBroker broker;
    private static OpenAiStub production;
    private static OpenAiStub candidate;
    private static GatewayUnderTest gateway;
    private static ShadowEvents events;
    private static ModelClients candidateClients;

    @BeforeAll
    static void start() throws Exception {
        broker = TestResources.freshBroker("kafka-shadow-v2", 1);
        production = new OpenAiStub(true);
        candidate = new OpenAiStub(true);
        // with payload keys: the same test proves the sealed event still carries the request exactly
        gateway = GatewayUnderTest.start(production.baseUrl(), broker.bootstrapServers(),
                Map.of("driftgate.gateway.shadow-pct", "100", "driftgate.gateway.payload-keys", "k1:" + KEY));
        events = new ShadowEvents(broker.bootstrapServers());
        candidateClients = new ModelClients(LlmSettings.from(Duration.ofSeconds(10), RetryPolicy.of(0),
                Map.of("OPENAI_BASE_URL", candidate.baseUrl(), "OPENAI_API_KEY", "test")), new PriceTable(Map.of()));
    }

    @AfterAll
    static void stop() {
        TestResources.closeAll(candidateClients, events, gateway, production, candidate);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void chatCarriesTheConfiguredSystemPromptToTheCandidate() throws Exception {
        HttpResponse<String> r = gateway.post("/chat", "application/json",
                "{\"prompt\":\"v2 chat: what is the boiling point of water?\",\"category\":\"factual_qa\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        ShadowRequestEvent event = eventFor("v2 chat:");
        assertThat(event.schemaVersion()).isEqualTo(2);
        assertThat(event.endpoint()).isEqualTo("/chat");
        assertThat(event.messages()).hasSize(2);
        assertThat(event.messages().get(0).role()).isEqualTo("system");
        assertThat(event.messages().get(0).content()).startsWith("You are a helpful, precise assistant.");
        assertThat(event.usage().inputTokens()).isEqualTo(7);
        assertSameRequestApartFromModel(event, "v2 chat:");
    }

    @Test
    void multiTurnCompletionCarriesEveryMessageAndParameter() throws Exception {
        String body = """
                {"model":"ignored","messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"user","content":"v2 multi: name a prime"},
                  {"role":"assistant","content":"7"},
                  {"role":"user","content":"v2 multi: and a larger one?"}],
                 "temperature":0.3,"top_p":0.9,"max_tokens":77,"stop":["END","STOP"],"seed":42,
                 "response_format":{"type":"json_object"},"metadata":{"category":"reasoning"}}""";
        HttpResponse<String> r = gateway.post("/v1/chat/completions", "application/json", body);
        assertThat(r.statusCode()).isEqualTo(200);
        ShadowRequestEvent event = eventFor("v2 multi: and a larger");
        assertThat(event.endpoint()).isEqualTo("/v1/chat/completions");
        assertThat(event.messages()).extracting(m -> m.role()).containsExactly("system", "user", "assistant", "user");
        assertThat(event.params().temperature()).isEqualTo(0.3);
        assertThat(event.params().topP()).isEqualTo(0.9);
        assertThat(event.params().maxTokens()).isEqualTo(77);
        assertThat(event.params().stop()).containsExactly("END", "STOP");
        assertThat(event.params().seed()).isEqualTo(42);
        assertThat(event.params().responseFormat()).isEqualTo("json_object");
        JsonNode sent = assertSameRequestApartFromModel(event, "v2 multi: and a larger");
        assertThat(sent.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(sent.get("seed").asInt()).isEqualTo(42);
        assertThat(sent.get("stop")).hasSize(2);
    }

    /** Sends the event's request to the candidate as the shadow job does, and compares both bodies. */
    private static JsonNode assertSameRequestApartFromModel(ShadowRequestEvent event, String marker) {
        candidateClients.complete(ModelRequest.replay("openai/cand-model", event.conversation()));
        ObjectNode prod = bodyWith(production.bodies, marker).deepCopy();
        ObjectNode cand = bodyWith(candidate.bodies, marker).deepCopy();
        assertThat(cand.get("model").asText()).isEqualTo("cand-model");
        prod.remove("model");
        cand.remove("model");
        assertThat(cand).isEqualTo(prod);
        return prod;
    }

    private static JsonNode bodyWith(List<JsonNode> bodies, String marker) {
        return bodies.stream().filter(b -> b.toString().contains(marker)).reduce((a, b) -> b).orElseThrow();
    }

    /** The event whose (sealed) payload contains {@code marker}, opened as the job opens it. */
    private static ShadowRequestEvent eventFor(String marker) throws Exception {
        List<ConsumerRecord<String, String>> seen = events.awaitUntil(
                rs -> rs.stream().anyMatch(x -> opened(x.value()).contains(marker)), Duration.ofSeconds(20));
        String value = seen.stream().filter(x -> opened(x.value()).contains(marker)).findFirst().orElseThrow().value();
        assertThat(value).as("prompts and answers are sealed on Kafka").doesNotContain(marker)
                .contains("\"payload_enc\":{\"kid\":\"k1\"");
        assertThat(Json.mapper().readTree(value).get("schema_version").asInt()).isEqualTo(2);
        return Json.mapper().readValue(opened(value), ShadowRequestEvent.class);
    }

    private static String opened(String value) {
        try {
            return ShadowPayloads.open((ObjectNode) Json.mapper().readTree(value), CIPHER).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
