package dev.driftgate.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.core.llm.StubLlmServer.Reply;
import dev.driftgate.core.llm.StubLlmServer.Wire;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** langchain4j-ollama 1.18.1 (the newest served) beside langchain4j-core 1.19.0, against Ollama's /api/chat. */
class OllamaWireTest {
    @Test
    void ollamaClientTalksToAnOllamaServerAndRetries503() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(Wire.OLLAMA, (n, body) ->
                n == 1 ? Reply.status(503) : Reply.ok("{\"answer\": \"four\"}"))) {
            RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5));
            try (ModelClients models = new ModelClients(LlmSettings.from(Duration.ofSeconds(5), policy,
                    Map.of("OLLAMA_BASE_URL", stub.rootUrl())), new PriceTable(Map.of()))) {
                ModelResponse r = models.complete(new ModelRequest("ollama/llama3.2", "Be brief.", "What is 2+2?",
                        0.0, 64, true, "inference", Map.of()));
                assertThat(r.text()).isEqualTo("{\"answer\": \"four\"}");
                assertThat(r.model()).isEqualTo("ollama/llama3.2");
                assertThat(r.attempts()).isEqualTo(2);
                assertThat(r.inputTokens()).isEqualTo(100);
                assertThat(r.outputTokens()).isEqualTo(20);
                var sent = stub.requests().get(1);
                assertThat(sent.path("model").asText()).isEqualTo("llama3.2");
                assertThat(sent.path("stream").asBoolean(true)).isFalse();
                assertThat(sent.path("format").asText()).isEqualTo("json");
                assertThat(sent.at("/options/temperature").asDouble()).isZero();
                assertThat(sent.at("/options/num_predict").asInt()).isEqualTo(64);
            }
        }
    }
}
